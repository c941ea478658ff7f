// MIME sniffing: Zeek's names and strengths for common bodies, and no type for what nothing matches.
#include "protocols/http_mime.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace vigil {
namespace {

std::optional<std::string> sniff(std::string_view s) {
  auto type = sniff_mime_type(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(s.data()), s.size()));
  return type ? std::optional<std::string>(*type) : std::nullopt;
}

TEST(HttpMime, TextFormats) {
  EXPECT_EQ(sniff("<!DOCTYPE html>\n<html><head>"), "text/html");
  EXPECT_EQ(sniff("\xef\xbb\xbf  <!-- note -->\n<HTML lang=en>"), "text/html");
  EXPECT_EQ(sniff("<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">"), "text/html");
  EXPECT_EQ(sniff("<?xml version=\"1.0\"?><catalog/>"), "application/xml");
  EXPECT_EQ(sniff("{\"args\": {}, \"url\": \"http://x\"}"), "text/json");
  EXPECT_EQ(sniff("[1.5, 2]"), "text/json");
  EXPECT_EQ(sniff("  {}  "), "text/json");
  EXPECT_EQ(sniff("document.write('<p>hi</p>');"), "application/javascript");
  EXPECT_EQ(sniff("#!/usr/bin/env bash\necho hi"), "text/x-shellscript");
  EXPECT_EQ(sniff("body { color: red; }"), "text/plain");  // CSS is plain text to Zeek
  EXPECT_EQ(sniff("-----BEGIN CERTIFICATE-----\nMIIB"), "application/x-pem");
}

TEST(HttpMime, BinaryMagic) {
  EXPECT_EQ(sniff("\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), "image/png");
  EXPECT_EQ(sniff("GIF89a\x01\0\x01\0"), "image/gif");
  EXPECT_EQ(sniff("\xff\xd8\xff\xe0\0\x10JFIF"), "image/jpeg");
  EXPECT_EQ(sniff(std::string("MZ\x90\0\x03\0\0\0", 8)), "application/x-dosexec");
  EXPECT_EQ(sniff("%PDF-1.7\n"), "application/pdf");
  EXPECT_EQ(sniff("\x1f\x8b\x08\0"), "application/x-gzip");
  EXPECT_EQ(sniff(std::string("PK\x03\x04\x14\0\0\0", 8)), "application/zip");
  EXPECT_EQ(sniff("CWS\x0a"), "application/x-shockwave-flash");
  EXPECT_EQ(sniff(std::string("\xfd" "7zXZ\0\0", 7)), "application/x-xz");
  EXPECT_EQ(sniff("!<arch>\ndebian-binary"), "application/x-debian-package");
  EXPECT_EQ(sniff(std::string("\x7f"
                              "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3e\0",
                              20)),
            "application/x-executable");
}

TEST(HttpMime, NothingMatches) {
  EXPECT_FALSE(sniff(""));
  EXPECT_FALSE(sniff("short"));  // plain text needs ten characters
  EXPECT_FALSE(sniff("\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c"));
}

TEST(HttpMime, OnlyTheFirstBytesCount) {
  std::string late_png(kMimeSniffBytes, '\x01');
  late_png += "\x89PNG";
  EXPECT_FALSE(sniff(late_png));
}

}  // namespace
}  // namespace vigil
