// HTTP lines: the line reader's terminators, raw runs and bounds; request and status line parsing with
// Zeek's tolerance; header fields and Zeek's lenient integers.
#include "protocols/http_line.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "protocols/http_head.h"
#include "protocols/http_line_reader.h"

namespace vigil {
namespace {

std::span<const uint8_t> bytes(std::string_view s) {
  return std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

// Records what the reader hands on; "L:" lines and "P:" raw runs.
struct Recorder final : HttpLineReader::Consumer {
  std::vector<std::string> got;
  std::vector<uint64_t> lengths;
  void line(const HttpLineReader::Line& l) override {
    got.push_back("L:" + std::string(reinterpret_cast<const char*>(l.bytes.data()), l.bytes.size()));
    lengths.push_back(l.length);
  }
  void plain(std::span<const uint8_t> b) override {
    got.push_back("P:" + std::string(reinterpret_cast<const char*>(b.data()), b.size()));
  }
  bool stopped() const override { return false; }
};

TEST(HttpLineReader, CrlfLfAndCrAllEndLines) {
  HttpLineReader r;
  Recorder c;
  r.feed(bytes("a\r\nb\nc\rd"), c);
  r.end_of_stream(c);
  EXPECT_EQ(c.got, (std::vector<std::string>{"L:a", "L:b", "L:c", "L:d"}));
}

TEST(HttpLineReader, PlainRunsAndTheLfOfASplitCrlf) {
  HttpLineReader r;
  Recorder c;
  r.feed(bytes("head\r"), c);
  r.set_plain(3);
  r.feed(bytes("\nxyzrest\n"), c);  // the LF belongs to the CR before it, then 3 raw bytes
  EXPECT_EQ(c.got, (std::vector<std::string>{"L:head", "P:xyz", "L:rest"}));
}

TEST(HttpLineReader, CrlfOnlyModeKeepsBareCrAndLf) {
  HttpLineReader r;
  Recorder c;
  r.set_crlf_only(true);
  r.feed(bytes("a\nb\rc\r"), c);
  r.feed(bytes("\nd"), c);
  EXPECT_EQ(c.got, (std::vector<std::string>{"L:a\nb\rc"}));
}

TEST(HttpLineReader, LongLinesAreKeptUpToTheLimitAndCountedWhole) {
  HttpLineReader r;
  Recorder c;
  std::string big(HttpLineReader::kMaxLineBytes * 3, 'x');
  r.feed(bytes(big), c);
  r.feed(bytes("\n"), c);
  ASSERT_EQ(c.got.size(), 1u);
  EXPECT_EQ(c.got[0].size(), 2 + HttpLineReader::kMaxLineBytes);
  EXPECT_EQ(c.lengths[0], big.size());
}

TEST(HttpLineReader, DeliverySizeEndsAnUnterminatedLine) {
  HttpLineReader r;
  Recorder c;
  r.set_delivery_size(6);
  r.feed(bytes("ab\r\nc"), c);
  r.feed(bytes("dnext"), c);
  EXPECT_EQ(c.got, (std::vector<std::string>{"L:ab", "L:cd"}));
}

TEST(HttpRequestLine, MethodUriVersion) {
  auto r = parse_request_line(bytes("GET /path?q=1 HTTP/1.1"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->method, "GET");
  EXPECT_EQ(r->uri, "/path?q=1");
  EXPECT_EQ(r->version, (HttpVersion{1, 1}));
}

TEST(HttpRequestLine, ZeekQuirks) {
  auto spaced = parse_request_line(bytes("GET /a b  HTTP/1.0"));  // the URI runs to the last space run
  ASSERT_TRUE(spaced);
  EXPECT_EQ(spaced->uri, "/a b");
  auto no_uri = parse_request_line(bytes("OPTIONS HTTP/1.0"));
  ASSERT_TRUE(no_uri);
  EXPECT_EQ(no_uri->uri, "");
  auto http09 = parse_request_line(bytes("GET /HTTP/1.1"));  // no space before HTTP/: no version
  ASSERT_TRUE(http09);
  EXPECT_EQ(http09->uri, "/HTTP/1.1");
  EXPECT_EQ(http09->version, (HttpVersion{0, 9}));
  auto short_version = parse_request_line(bytes("GET / HTTP/1."));
  ASSERT_TRUE(short_version);
  EXPECT_FALSE(short_version->version);  // too short: the previous version stays
  auto bad_version = parse_request_line(bytes("GET / HTTP/x.y"));
  ASSERT_TRUE(bad_version);
  EXPECT_EQ(bad_version->version, (HttpVersion{0, 0}));
  EXPECT_FALSE(parse_request_line(bytes("GET/ HTTP/1.1")));  // no space after the method
  EXPECT_FALSE(parse_request_line(bytes("/x HTTP/1.1")));
  EXPECT_FALSE(parse_request_line(bytes("")));
}

TEST(HttpStatusLine, CodeAndReason) {
  auto s = parse_status_line(bytes("HTTP/1.0 404 Not Found"));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->version.text(), "1.0");
  EXPECT_EQ(s->code, 404);
  EXPECT_EQ(s->reason, "Not Found");
  auto bare = parse_status_line(bytes("HTTP/1.1 204"));
  ASSERT_TRUE(bare);
  EXPECT_FALSE(bare->reason);
  auto empty_reason = parse_status_line(bytes("HTTP/1.1 200 "));
  ASSERT_TRUE(empty_reason);
  EXPECT_EQ(empty_reason->reason, "");
  auto letters = parse_status_line(bytes("HTTP/1.1 2xx odd"));
  ASSERT_TRUE(letters);
  EXPECT_EQ(letters->code, 0);
  EXPECT_FALSE(parse_status_line(bytes("HTTP/1.1")));
  EXPECT_FALSE(parse_status_line(bytes("HTTP/1.1 20")));
  EXPECT_FALSE(parse_status_line(bytes("ICY 200 OK")));
}

TEST(HttpUri, Unescape) {
  EXPECT_EQ(unescape_uri("/a%2Fb"), "/a/b");
  EXPECT_EQ(unescape_uri("%u0041%u2603"), std::string("A\x26\x03", 3));
  EXPECT_EQ(unescape_uri("%%41"), "A");
  EXPECT_EQ(unescape_uri("%g1"), "%g1");
  EXPECT_EQ(unescape_uri("x%"), "x%");
  EXPECT_EQ(unescape_uri("x%5"), "x%5");
}

TEST(HttpHeader, FieldsTokensAndFolding) {
  auto h = parse_header_field("Host :  example.com:8080 ");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->name, "Host");
  EXPECT_EQ(h->value, "example.com:8080 ");
  EXPECT_FALSE(parse_header_field("no colon here"));
  EXPECT_EQ(header_value_token(" (comment) chunked, gzip"), "chunked");
  EXPECT_EQ(multipart_boundary("multipart/form-data; charset=x; boundary=\"a b\""), "a b");
  EXPECT_FALSE(multipart_boundary("multipart/mixed"));
  EXPECT_FALSE(multipart_boundary("text/plain; boundary=x"));

  HttpHeaderFolder f;
  EXPECT_FALSE(f.line(bytes("Transfer-Encoding:")));
  EXPECT_FALSE(f.line(bytes(" chunked")));
  auto done = f.line(bytes("Host: h"));
  ASSERT_TRUE(done);
  EXPECT_EQ(done->value, "chunked");
  EXPECT_EQ(f.finish()->value, "h");
}

TEST(HttpHeader, LenientIntegers) {
  EXPECT_EQ(parse_lenient_int("123abc", 10).value, 123);
  EXPECT_EQ(parse_lenient_int("-7", 10).value, -7);
  EXPECT_FALSE(parse_lenient_int("x1", 10).ok);
  EXPECT_FALSE(parse_lenient_int("", 10).ok);
  EXPECT_EQ(parse_lenient_int("1aF;ext", 16).value, 0x1af);
  EXPECT_TRUE(parse_lenient_int("18446744073709551615", 10).overflow);
}

}  // namespace
}  // namespace vigil
