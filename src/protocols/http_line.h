// HTTP request and status lines, read as Zeek's HTTP analyzer reads them (RFC 9112 section 3 and 4, with
// Zeek's tolerance): the method is a run of token characters; the URI runs up to the last whitespace
// before "HTTP/" (so it may hold spaces); a request line without "HTTP/" is HTTP/0.9. Like Zeek, "http/" in
// lower case is accepted too.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace vigil {

// Only "d.d" is understood; anything else reads as 0.0, as in Zeek.
struct HttpVersion {
  uint8_t major = 0;
  uint8_t minor = 0;
  friend bool operator==(HttpVersion, HttpVersion) = default;
  bool is_unset() const { return major == 0 && minor == 0; }
  // Zeek's rendering, "%.1f" of major + minor / 10: "1.1", "1.0", "0.9".
  std::string text() const;
  // HTTP/1.1 and later keep the connection open by default.
  bool persistent() const { return major > 1 || (major == 1 && minor > 0); }
};

struct RequestLine {
  std::string method;
  std::string uri;  // as sent; see unescape_uri() for what http.log shows
  // The version the line states; HTTP/0.9 when it names none; unset when "HTTP/" is followed by fewer
  // than three characters (Zeek then keeps the version of the previous request).
  std::optional<HttpVersion> version;
};

struct StatusLine {
  HttpVersion version;
  uint16_t code = 0;                  // 0 unless three digits
  std::optional<std::string> reason;  // unset when the line ends after the code
};

// Nullopt when the line does not start with a method token followed by whitespace.
std::optional<RequestLine> parse_request_line(std::span<const uint8_t> line);
// Nullopt when the line does not start with "HTTP/" or has no status code.
std::optional<StatusLine> parse_status_line(std::span<const uint8_t> line);
// Decodes %XX and %uXXXX escapes; malformed escapes are kept as they are (Zeek's unescape_URI).
std::string unescape_uri(std::string_view uri);

}  // namespace vigil
