// The file-magic signatures vigil knows, each a small predicate with Zeek's MIME name and strength.
// Zeek's patterns are anchored at the start of the file, and their '.' matches anything but a newline.
#include "protocols/http_mime.h"

#include <algorithm>
#include <string_view>

namespace vigil {
namespace {

using Bytes = std::span<const uint8_t>;

// A string literal as bytes, NULs included.
template <size_t N>
constexpr std::string_view bin(const char (&s)[N]) {
  return std::string_view(s, N - 1);
}

char lower(uint8_t c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c); }
bool is_digit(uint8_t c) { return c >= '0' && c <= '9'; }
bool is_alpha(uint8_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_blank(uint8_t c) { return c == ' ' || c == '\t'; }
bool is_ws(uint8_t c) { return is_blank(c) || c == '\r' || c == '\n'; }    // [\x0d\x0a[:blank:]]
bool is_space(uint8_t c) { return c == ' ' || (c >= '\t' && c <= '\r'); }  // [[:space:]]

// `s` at offset `at`, byte for byte.
bool lit(Bytes b, size_t at, std::string_view s) {
  if (at > b.size() || b.size() - at < s.size()) return false;
  return std::equal(s.begin(), s.end(), b.begin() + static_cast<std::ptrdiff_t>(at),
                    [](char x, uint8_t y) { return static_cast<uint8_t>(x) == y; });
}

// `s` (lower case) at offset `at`, ignoring the case of letters.
bool ilit(Bytes b, size_t at, std::string_view s) {
  if (at > b.size() || b.size() - at < s.size()) return false;
  for (size_t i = 0; i < s.size(); ++i)
    if (lower(b[at + i]) != s[i]) return false;
  return true;
}

bool byte_in(Bytes b, size_t at, std::string_view set) {
  return at < b.size() && set.find(static_cast<char>(b[at])) != std::string_view::npos;
}

// Zeek's '.': `n` bytes from `at` exist and none is a newline.
bool any(Bytes b, size_t at, size_t n) {
  if (at > b.size() || b.size() - at < n) return false;
  return std::find(b.begin() + static_cast<std::ptrdiff_t>(at), b.begin() + static_cast<std::ptrdiff_t>(at + n),
                   '\n') == b.begin() + static_cast<std::ptrdiff_t>(at + n);
}

size_t skip_ws(Bytes b, size_t i) {
  while (i < b.size() && is_ws(b[i])) ++i;
  return i;
}

size_t skip_blanks(Bytes b, size_t i) {
  while (i < b.size() && is_blank(b[i])) ++i;
  return i;
}

size_t utf8_bom(Bytes b) { return lit(b, 0, "\xef\xbb\xbf") ? 3 : 0; }

// The end of `close` after `at` on the same line, or npos (the '.*' of "<!--.*-->").
size_t after_on_line(Bytes b, size_t at, std::string_view close) {
  for (size_t i = at; i < b.size() && b[i] != '\n'; ++i)
    if (lit(b, i, close)) return i + close.size();
  return std::string_view::npos;
}

// Whitespace and "<!-- ... -->" comments.
size_t skip_ws_and_comments(Bytes b, size_t i) {
  for (;;) {
    i = skip_ws(b, i);
    if (!lit(b, i, "<!--")) return i;
    size_t end = after_on_line(b, i + 4, "-->");
    if (end == std::string_view::npos) return i;
    i = end;
  }
}

// What comes before the root element in Zeek's markup signatures: a BOM, comments and whitespace, and
// an optional "<?xml ...?>" declaration.
size_t markup_start(Bytes b) {
  size_t i = skip_ws_and_comments(b, utf8_bom(b));
  if (lit(b, i, "<?xml ")) {
    size_t end = after_on_line(b, i + 6, "?>");
    if (end != std::string_view::npos) i = skip_ws_and_comments(b, end);
  }
  return i;
}

// A root element that starts with `name` (lower case), after the markup prefix.
bool markup_tag(Bytes b, std::string_view name) { return ilit(b, markup_start(b), name); }

// "<!doctype" followed by one or more spaces and `what`.
bool doctype(Bytes b, size_t i, std::string_view what) {
  if (!ilit(b, i, "<!doctype ")) return false;
  i += 9;
  while (i < b.size() && b[i] == ' ') ++i;
  return ilit(b, i, what);
}

bool plain_text(Bytes b) {
  size_t starts[] = {0,
                     lit(b, 0, "\xef\xbb\xbf") ? 3u : 0u,
                     lit(b, 0, "\xfe\xff") ? 2u : 0u,
                     lit(b, 0, bin("\x00\x00\xfe\xff")) ? 4u : 0u,
                     lit(b, 0, "\xff\xfe") ? 2u : 0u,
                     lit(b, 0, bin("\xff\xfe\x00\x00")) ? 4u : 0u};
  return std::any_of(std::begin(starts), std::end(starts), [&](size_t s) {
    if (b.size() < s + 10) return false;
    return std::all_of(b.begin() + static_cast<std::ptrdiff_t>(s), b.begin() + static_cast<std::ptrdiff_t>(s + 10),
                       [](uint8_t c) { return is_space(c) || (c >= 0x20 && c <= 0x7e); });
  });
}

// '"' [^"]+ '"': the offset after the closing quote, or npos.
size_t quoted(Bytes b, size_t i) {
  if (i >= b.size() || b[i] != '"') return std::string_view::npos;
  size_t j = i + 1;
  while (j < b.size() && b[j] != '"') ++j;
  if (j >= b.size() || j == i + 1) return std::string_view::npos;
  return j + 1;
}

bool json_value_start(Bytes b, size_t i) {
  return byte_in(b, i, "\"[{0123456789") || lit(b, i, "true") || lit(b, i, "false");
}

bool json_object(Bytes b) {
  size_t i = skip_ws(b, utf8_bom(b));
  if (!lit(b, i, "{")) return false;
  i = skip_ws(b, i + 1);
  if (size_t q = quoted(b, i); q != std::string_view::npos) {
    i = q;
  } else if (i < b.size() && is_alpha(b[i])) {
    ++i;
    while (i < b.size() && (is_alpha(b[i]) || is_digit(b[i]) || b[i] == '\\' || b[i] == '_')) ++i;
  } else {
    return false;
  }
  i = skip_ws(b, i);
  if (!lit(b, i, ":")) return false;
  return json_value_start(b, skip_ws(b, i + 1));
}

bool json_array(Bytes b) {
  size_t i = skip_ws(b, utf8_bom(b));
  if (!lit(b, i, "[")) return false;
  i = skip_ws(b, i + 1);
  if (byte_in(b, i, "{[")) return true;
  size_t end = quoted(b, i);
  if (end == std::string_view::npos && i < b.size() && is_digit(b[i])) {
    end = i;
    while (end < b.size() && is_digit(b[end])) ++end;
    if (lit(b, end, ".") && end + 1 < b.size() && is_digit(b[end + 1])) {
      end += 1;
      while (end < b.size() && is_digit(b[end])) ++end;
    }
  }
  if (end == std::string_view::npos && lit(b, i, "true")) end = i + 4;
  if (end == std::string_view::npos && lit(b, i, "false")) end = i + 5;
  return end != std::string_view::npos && lit(b, skip_ws(b, end), ",");
}

bool json_empty(Bytes b) {
  size_t i = skip_ws(b, utf8_bom(b));
  if (!lit(b, i, "[]") && !lit(b, i, "{}")) return false;
  return skip_ws(b, i + 2) == b.size();
}

bool xml(Bytes b) { return lit(b, skip_ws_and_comments(b, utf8_bom(b)), "<?xml "); }

bool xhtml(Bytes b) {
  size_t i = markup_start(b);
  if (doctype(b, i, "html") || ilit(b, i, "<html")) return true;
  if (!ilit(b, i, "<meta ")) return false;
  i += 5;
  while (i < b.size() && b[i] == ' ') ++i;
  return ilit(b, i, "http-equiv");
}

bool html_doctype(Bytes b) { return doctype(b, markup_start(b), "html"); }

bool html_tag(Bytes b) {
  size_t i = markup_start(b);
  return ilit(b, i, "<head") || ilit(b, i, "<html") || ilit(b, i, "<title") || ilit(b, i, "<body");
}

bool atom(Bytes b) {
  size_t i = markup_start(b);
  auto within_tag = [&](size_t from, std::string_view needle) {
    for (size_t k = from; k < b.size() && b[k] != '>'; ++k)
      if (lit(b, k, needle)) return true;
    return false;
  };
  if (ilit(b, i, "<rss")) return within_tag(i + 4, "xmlns:atom");
  if (ilit(b, i, "<feed")) return within_tag(i + 5, "http://www.w3.org/2005/Atom");
  return false;
}

bool soap(Bytes b) {
  size_t i = markup_start(b);
  if (!ilit(b, i, "<soap")) return false;
  i += 5;
  if (ilit(b, i, "-env")) i += 4;
  return ilit(b, i, ":envelope");
}

bool cross_domain_policy(Bytes b) {
  size_t i = markup_start(b);
  return doctype(b, i, "cross-domain-policy") || ilit(b, i, "<cross-domain-policy");
}

// "#!" then up to 15 characters and "bin/", optionally "env" and whitespace, then one of `names`.
bool shebang(Bytes b, std::initializer_list<std::string_view> names) {
  if (!lit(b, 0, "#!")) return false;
  for (size_t k = 1; k <= 15 && any(b, 2, k); ++k) {
    size_t p = 2 + k;
    if (!lit(b, p, "bin/")) continue;
    p += 4;
    size_t after_env = p;
    if (lit(b, p, "env") && p + 3 < b.size() && is_space(b[p + 3])) {
      after_env = p + 3;
      while (after_env < b.size() && is_space(b[after_env])) ++after_env;
    }
    for (std::string_view n : names)
      if (lit(b, p, n) || lit(b, after_env, n)) return true;
  }
  return false;
}

bool shell_script(Bytes b) { return shebang(b, {"bash", "tcsh", "csh", "zsh", "fash", "aesh", "ksh", "sh"}); }
bool perl(Bytes b) { return shebang(b, {"perl"}); }
bool ruby(Bytes b) { return shebang(b, {"ruby"}); }
bool python(Bytes b) { return shebang(b, {"python"}); }
bool awk(Bytes b) { return shebang(b, {"awk", "gawk", "nawk"}); }
bool tcl(Bytes b) { return shebang(b, {"wish", "tcl"}); }
bool lua(Bytes b) { return shebang(b, {"lua"}); }
bool node(Bytes b) { return shebang(b, {"node"}); }
bool php_shebang(Bytes b) { return shebang(b, {"php"}); }

bool php_tag(Bytes b) { return after_on_line(b, 0, "<?php") != std::string_view::npos; }

bool script_tag(Bytes b) {
  size_t i = skip_ws(b, 0);
  if (!ilit(b, i, "<script")) return false;
  size_t j = skip_blanks(b, i + 7);
  if (j == i + 7) return false;
  if (ilit(b, j, "type=")) j += 5;
  else if (ilit(b, j, "language=")) j += 9;
  else return false;
  if (byte_in(b, j, "'\"")) ++j;
  if (ilit(b, j, "text/")) j += 5;
  return ilit(b, j, "javascript");
}

bool js_for_loop(Bytes b) { return lit(b, skip_ws(b, 0), "for (;;);"); }

bool js_document_write(Bytes b) {
  size_t i = skip_ws(b, 0);
  if (!lit(b, i, "document.write")) return false;
  i += 14;
  for (size_t p : {i, lit(b, i, "ln") ? i + 2 : i}) {
    if (lit(b, p, "(")) return true;
    if (byte_in(b, p, ":blank") && lit(b, p + 1, "(")) return true;  // the pattern's "[:blank:]?" outside brackets
  }
  return false;
}

bool js_function(Bytes b) {
  if (!lit(b, 0, "(function()")) return false;
  size_t i = 11;
  while (i < b.size() && (is_blank(b[i]) || b[i] == '\n')) ++i;
  return lit(b, i, "{");
}

bool js_script_var(Bytes b) {
  size_t i = skip_ws(b, 0);
  if (!lit(b, i, "<script>")) return false;
  i = skip_ws(b, i + 8);
  return lit(b, i, "var ") || lit(b, i, "function ");
}

// ELF of object type `type` (1 relocatable, 2 executable, 3 shared, 4 core), either byte order.
bool elf(Bytes b, uint8_t type) {
  if (!lit(b, 0, "\177ELF") || !byte_in(b, 4, "\x01\x02") || !any(b, 6, 10) || b.size() < 18) return false;
  if (b[5] == 1) return b[16] == type && b[17] == 0;
  if (b[5] == 2) return b[16] == 0 && b[17] == type;
  return false;
}

bool java_class(Bytes b) {
  return lit(b, 0, "\xca\xfe\xba\xbe") && any(b, 4, 3) && b.size() > 7 && b[7] >= 0x2d && b[7] <= 0x34;
}
bool mach_o(Bytes b) { return byte_in(b, 0, "\xce\xcf") && lit(b, 1, "\xfa\xed\xfe"); }
bool mach_o_universal(Bytes b) {
  return lit(b, 0, "\xca\xfe\xba\xbe") && any(b, 4, 2) && b.size() > 7 && b[6] == 0 && b[7] >= 1 && b[7] <= 0x14;
}
bool swf(Bytes b) { return byte_in(b, 0, "FCZ") && lit(b, 1, "WS"); }
bool tiff(Bytes b) {
  return (lit(b, 0, bin("MM\x00")) && byte_in(b, 3, "\x2a\x2b")) ||
         (lit(b, 0, "II") && byte_in(b, 2, "\x2a\x2b") && lit(b, 3, bin("\x00")));
}
bool bmp(Bytes b) {
  return lit(b, 0, "BM") && any(b, 2, 12) && byte_in(b, 14, "\x0c\x28\x40\x6c\x7c\x80") && lit(b, 15, bin("\x00"));
}
bool webp(Bytes b) { return lit(b, 0, "RIFF") && any(b, 4, 4) && lit(b, 8, "WEBP"); }
bool zip(Bytes b) { return lit(b, 0, "PK\x03\x04") && any(b, 4, 2); }
bool ocsp(Bytes b, std::string_view oid) {
  for (size_t k = 11; k <= 19 && any(b, 0, k); ++k)
    if (lit(b, k, oid)) return true;
  return false;
}
bool pcapng(Bytes b) {
  return lit(b, 0, "\x0a\x0d\x0d\x0a") && any(b, 4, 4) &&
         (lit(b, 8, "\x1a\x2b\x3c\x4d") || lit(b, 8, "\x4d\x3c\x2b\x1a"));
}
bool unix_archive(Bytes b) {
  size_t i = lit(b, 0, "!") ? 1 : 0;
  return lit(b, i, "<ar>") || lit(b, i, "<arch>");
}
bool arc(Bytes b) {
  return b.size() >= 4 && b[0] < 0x80 && b[1] < 0x80 && byte_in(b, 2, "\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x14\x48") &&
         b[3] == 0x1a;
}
bool lzh(Bytes b) {
  if (!any(b, 0, 2) || !lit(b, 2, "-") || b.size() < 7 || b[6] != '-') return false;
  auto in = [&](size_t at, std::string_view set) { return byte_in(b, at, set); };
  return (lit(b, 3, "lh") && in(5, " abcdex0123456789")) || (lit(b, 3, "lz") && in(5, "s2345678")) ||
         (lit(b, 3, "pm") && in(5, "s012")) || lit(b, 3, "pc1");
}
bool ace(Bytes b) { return any(b, 0, 7) && lit(b, 7, "**ACE**"); }

// A signature is a predicate, or just the bytes a file starts with.
struct Signature {
  int strength;
  std::string_view mime;
  std::string_view magic;
  bool (*matches)(Bytes) = nullptr;
  bool test(Bytes b) const { return matches ? matches(b) : lit(b, 0, magic); }
};

const Signature kSignatures[] = {
    // general.sig
    {-20, "text/plain", {}, plain_text},
    {1, "text/json", {}, json_object},
    {1, "text/json", {}, json_array},
    {0, "text/json", {}, json_empty},
    {10, "application/xml", {}, xml},
    {100, "text/html", {}, xhtml},
    {49, "text/html", {}, html_doctype},
    {20, "text/html", {}, html_tag},
    {90, "text/rss", {}, [](Bytes b) { return markup_tag(b, "<rss"); }},
    {100, "text/atom", {}, atom},
    {49, "application/soap+xml", {}, soap},
    {49, "text/x-cross-domain-policy", {}, cross_domain_policy},
    {49, "application/xml-rpc", {}, [](Bytes b) { return markup_tag(b, "<methodresponse>"); }},
    {49, "application/x-ms-shortcut",
     bin("\x4c\x00\x00\x00\x01\x14\x02\x00\x00\x00\x00\x00\xc0\x00\x00\x00\x00\x00\x00\x46")},
    {71, "application/x-java-applet", {}, java_class},
    {71, "application/ocsp-request", {}, [](Bytes b) { return ocsp(b, "\x06\x05\x2b\x0e\x03\x02\x1a"); }},
    {71,
     "application/ocsp-response",
     {},
     [](Bytes b) { return ocsp(b, "\x06\x09\x2b\x06\x01\x05\x05\x07\x30\x01\x01"); }},
    {60, "application/x-shockwave-flash", {}, swf},
    {100, "application/vnd.ms-tnef", bin("\x78\x9f\x3e\x22")},
    {100, "application/x-mach-o-executable", {}, mach_o},
    {100, "application/x-mach-o-executable", {}, mach_o_universal},
    {0, "application/x-pem", bin("-----BEGIN CERTIFICATE-----")},
    {100, "application/x-java-jnlp-file", bin("<jnlp ")},
    {70,
     "application/vnd.tcpdump.pcap",
     {},
     [](Bytes b) { return lit(b, 0, "\xa1\xb2\xc3\xd4") || lit(b, 0, "\xd4\xc3\xb2\xa1"); }},
    {100, "application/vnd.tcpdump.pcap", {}, pcapng},
    {250, "text/x-shellscript", {}, shell_script},
    {60, "text/x-perl", {}, perl},
    {60, "text/x-ruby", {}, ruby},
    {60, "text/x-python", {}, python},
    {60, "text/x-awk", {}, awk},
    {60, "text/x-tcl", {}, tcl},
    {49, "text/x-lua", {}, lua},
    {60, "application/javascript", {}, node},
    {60, "application/javascript", {}, script_tag},
    {60, "application/javascript", {}, js_for_loop},
    {60, "application/javascript", {}, js_document_write},
    {60, "application/javascript", {}, js_function},
    {60, "application/javascript", {}, js_script_var},
    {60, "text/x-php", {}, php_shebang},
    {40, "text/x-php", {}, php_tag},
    {10, "application/sla", bin("solid ")},
    {50, "application/x-object", {}, [](Bytes b) { return elf(b, 1); }},
    {50, "application/x-executable", {}, [](Bytes b) { return elf(b, 2); }},
    {50, "application/x-sharedlib", {}, [](Bytes b) { return elf(b, 3); }},
    {50, "application/x-coredump", {}, [](Bytes b) { return elf(b, 4); }},
    // image.sig
    {70, "image/tiff", {}, tiff},
    {70, "image/gif", bin("GIF8")},
    {52, "image/jpeg", bin("\xff\xd8")},
    {50, "image/x-ms-bmp", {}, bmp},
    {70, "image/x-icon", bin("\x00\x00\x01\x00")},
    {70, "image/x-cursor", bin("\x00\x00\x02\x00")},
    {70, "image/vnd.adobe.photoshop", bin("8BPS")},
    {110, "image/png", bin("\x89PNG")},
    {70, "image/webp", {}, webp},
    {110, "image/x-xcf", bin("gimp xcf")},
    // archive.sig
    {10, "application/zip", {}, zip},
    {10, "application/zip", bin("PK\x07\x08PK\x03\x04")},
    {70, "application/x-rar", bin("Rar!")},
    {100, "application/x-gzip", bin("\x1f\x8b")},
    {110, "application/vnd.ms-cab-compressed", bin("MSCF\x00\x00\x00\x00")},
    {100, "application/x-xar", bin("xar!")},
    {70, "application/x-rpm", {}, [](Bytes b) { return lit(b, 0, "drpm") || lit(b, 0, "\xed\xab\xee\xdb"); }},
    {171, "application/x-debian-package", bin("!<arch>\ndebian")},
    {70, "application/x-stuffit", {}, [](Bytes b) { return lit(b, 0, "SIT!") || lit(b, 0, "StuffIt"); }},
    {70, "application/x-archive", {}, unix_archive},
    {70, "application/x-arc", {}, arc},
    {70, "application/x-lz4", bin("\x04\x22\x4d\x18")},
    {70, "application/x-lz4", bin("\x02\x21\x4c\x18")},
    {70, "application/x-lzip", bin("LZIP")},
    {80, "application/x-lzh", {}, lzh},
    {50, "application/warc", bin("WARC/")},
    {50, "application/x-7z-compressed", bin("7z\xbc\xaf\x27\x1c")},
    {90, "application/x-xz", bin("\3757zXZ\x00")},  // \375 is 0xfd
    {50, "application/x-arj", bin("\x60\xea")},
    {50, "application/x-cpio", {}, [](Bytes b) { return lit(b, 0, "\x71\xc7") || lit(b, 0, "\xc7\x71"); }},
    {50, "application/x-compress", bin("\x1f\x9d")},
    {71, "application/x-lzma", bin("\x5d\x00\x00")},
    {100, "application/x-ace", {}, ace},
    {60, "application/x-bzip2", bin("BZh")},
    // executable.sig
    {51, "application/x-dosexec", bin("MZ")},
    // office.sig
    {50, "application/msword", bin("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")},
    {50, "application/vnd.openxmlformats-officedocument", bin("PK\x03\x04\x14\x00\x06\x00")},
    // libmagic.sig
    {80, "application/pdf", bin("%PDF-")},
};

}  // namespace

std::optional<std::string_view> sniff_mime_type(Bytes head) {
  if (head.size() > kMimeSniffBytes) head = head.first(kMimeSniffBytes);
  const Signature* best = nullptr;
  for (const Signature& s : kSignatures) {
    if (!s.test(head)) continue;
    // Zeek takes the strongest match; among equals, the name that sorts first.
    if (!best || s.strength > best->strength || (s.strength == best->strength && s.mime < best->mime)) best = &s;
  }
  if (!best) return std::nullopt;
  return best->mime;
}

}  // namespace vigil
