// Request and status lines: Zeek's HTTP_RequestLine, ParseRequest, HTTP_ReplyLine and unescape_URI rules.
#include "protocols/http_line.h"

namespace vigil {
namespace {

using Bytes = std::span<const uint8_t>;

bool is_lws(uint8_t c) { return c == ' ' || c == '\t'; }
bool is_digit(uint8_t c) { return c >= '0' && c <= '9'; }
bool is_alnum(uint8_t c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_hex(uint8_t c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool one_of(uint8_t c, std::string_view set) { return set.find(static_cast<char>(c)) != std::string_view::npos; }

// RFC 2616 token characters: printable ASCII except separators.
bool is_token_char(uint8_t c) { return c > 31 && c < 127 && !one_of(c, " \t()<>@,;:\\\"/[]?={}"); }

// RFC 3986 reserved and unreserved characters (Zeek's wider unreserved set), and '%'.
bool is_uri_char(uint8_t c) {
  return is_alnum(c) || one_of(c, ":/?#[]@!$&'()*+,;=") || one_of(c, "-_.!~*'()") || c == '%';
}

size_t skip_lws(Bytes b, size_t i) {
  while (i < b.size() && is_lws(b[i])) ++i;
  return i;
}

// "HTTP/" at offset `i`; Zeek also accepts it in lower case (with a weird).
bool has_http_slash(Bytes b, size_t i) {
  static constexpr std::string_view kPrefix = "HTTP/";
  if (i > b.size() || b.size() - i < kPrefix.size()) return false;
  for (size_t k = 0; k < kPrefix.size(); ++k) {
    uint8_t c = b[i + k];
    if (c >= 'a' && c <= 'z') c = static_cast<uint8_t>(c - 'a' + 'A');
    if (c != static_cast<uint8_t>(kPrefix[k])) return false;
  }
  return true;
}

std::string text(Bytes b, size_t from, size_t to) {
  return std::string(reinterpret_cast<const char*>(b.data()) + from, to - from);
}

HttpVersion parse_version(Bytes b) {
  if (b.size() >= 3 && is_digit(b[0]) && b[1] == '.' && is_digit(b[2]))
    return {static_cast<uint8_t>(b[0] - '0'), static_cast<uint8_t>(b[2] - '0')};
  return {};
}

uint8_t hex_value(uint8_t c) {
  if (is_digit(c)) return static_cast<uint8_t>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<uint8_t>(c - 'a' + 10);
  return static_cast<uint8_t>(c - 'A' + 10);
}

char hex_byte(uint8_t hi, uint8_t lo) { return static_cast<char>((hex_value(hi) << 4) | hex_value(lo)); }

}  // namespace

std::string HttpVersion::text() const { return std::to_string(major) + "." + std::to_string(minor); }

std::optional<RequestLine> parse_request_line(Bytes line) {
  const size_t end = line.size();
  size_t end_of_method = 0;
  while (end_of_method < end && is_token_char(line[end_of_method])) ++end_of_method;
  if (end_of_method == 0) return std::nullopt;
  size_t rest = skip_lws(line, end_of_method);
  if (rest == end_of_method) return std::nullopt;

  size_t end_of_uri = rest;
  while (end_of_uri < end && is_uri_char(line[end_of_uri])) ++end_of_uri;
  if (end_of_uri >= end && has_http_slash(line, rest)) end_of_uri = rest;  // "GET HTTP/1.1": no URI

  // The URI ends at the last whitespace run that is followed by "HTTP/".
  size_t version_start = end_of_uri;
  for (; version_start < end; ++version_start) {
    end_of_uri = version_start;
    version_start = skip_lws(line, version_start);
    if (has_http_slash(line, version_start)) break;
  }

  RequestLine r;
  r.method = text(line, 0, end_of_method);
  r.uri = text(line, rest, end_of_uri);
  if (version_start >= end) r.version = HttpVersion{0, 9};
  else if (version_start + 8 <= end) r.version = parse_version(line.subspan(version_start + 5));
  return r;
}

std::optional<StatusLine> parse_status_line(Bytes line) {
  const size_t end = line.size();
  if (!has_http_slash(line, 0)) return std::nullopt;
  StatusLine s;
  s.version = parse_version(line.subspan(5));
  size_t rest = 5;
  while (rest < end && !is_lws(line[rest])) ++rest;
  if (rest >= end) return std::nullopt;
  rest = skip_lws(line, rest);
  if (end - rest < 3) return std::nullopt;
  if (is_digit(line[rest]) && is_digit(line[rest + 1]) && is_digit(line[rest + 2]))
    s.code = static_cast<uint16_t>((line[rest] - '0') * 100 + (line[rest + 1] - '0') * 10 + (line[rest + 2] - '0'));
  for (rest += 3; rest < end; ++rest)
    if (is_lws(line[rest])) break;
  if (rest >= end) return s;  // no reason phrase: tolerated
  rest = skip_lws(line, rest);
  s.reason = text(line, rest, end);
  return s;
}

std::string unescape_uri(std::string_view uri) {
  auto at = [&](size_t i) { return static_cast<uint8_t>(uri[i]); };
  std::string out;
  out.reserve(uri.size());
  size_t i = 0;
  while (i < uri.size()) {
    if (uri[i] != '%') {
      out += uri[i++];
      continue;
    }
    size_t left = uri.size() - i - 1;  // characters after the '%'
    if (left == 0) {
      out += '%';
      break;
    }
    if (left == 1) {  // '%' and one character at the end
      out += '%';
      out += uri[i + 1];
      break;
    }
    if (uri[i + 1] == '%') {  // "%%": the first one is dropped (an evasion seen in the wild)
      i += 1;
    } else if (is_hex(at(i + 1)) && is_hex(at(i + 2))) {
      out += hex_byte(at(i + 1), at(i + 2));
      i += 3;
    } else if (left >= 5 && uri[i + 1] == 'u' && is_hex(at(i + 2)) && is_hex(at(i + 3)) && is_hex(at(i + 4)) &&
               is_hex(at(i + 5))) {
      if (!(uri[i + 2] == '0' && uri[i + 3] == '0')) out += hex_byte(at(i + 2), at(i + 3));
      out += hex_byte(at(i + 4), at(i + 5));
      i += 6;
    } else {  // not an escape: kept as it is
      out += '%';
      out += uri[i + 1];
      i += 2;
    }
  }
  return out;
}

}  // namespace vigil
