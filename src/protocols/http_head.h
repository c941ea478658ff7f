// HTTP header fields, read as Zeek's MIME code reads them: folded lines joined, "name: value" split, the
// first token of a value, Zeek's lenient integer parsing; and the http.log fields Zeek's HTTP scripts take
// from request headers (host, referrer, user_agent, origin, proxied, username).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/app_records.h"

namespace vigil {

struct HttpHeader {
  std::string name;   // as sent
  std::string value;  // after the colon, leading whitespace removed
};

// Joins a header's continuation lines (obsolete line folding, RFC 9112 section 5.2): a line that starts
// with a space or tab continues the previous field. The joined field is kept up to kMaxFieldBytes.
class HttpHeaderFolder {
 public:
  static constexpr size_t kMaxFieldBytes = 16 * 1024;

  // Takes one header line; returns the field it completed (the previous one), if any.
  std::optional<HttpHeader> line(std::span<const uint8_t> bytes);
  // The field still being collected, if any.
  std::optional<HttpHeader> finish();

 private:
  void add(std::span<const uint8_t> bytes);
  std::string field_;
  bool active_ = false;
};

// Splits "name: value"; nullopt when there is no name or no colon (Zeek drops such lines).
std::optional<HttpHeader> parse_header_field(std::string_view field);
// The first MIME token of a value (RFC 2045: no spaces, controls or tspecials), or empty.
std::string_view header_value_token(std::string_view value);
// The part of a value after its first token (Zeek's get_value_after_token).
std::string_view header_value_after_token(std::string_view value);
// The boundary of a "multipart/...; boundary=..." Content-Type value; nullopt for other types, and for a
// multipart type without a boundary (Zeek then treats the body as opaque).
std::optional<std::string> multipart_boundary(std::string_view content_type);
// Whether a Content-Type value is "message/<subtype>".
bool is_message_type(std::string_view content_type);
bool equals_ignoring_case(std::string_view a, std::string_view b);
std::string upper_case(std::string_view s);

// Zeek's atoi_n: an optional '-', then digits of `base` up to the first other character; fails when
// the first character is no digit. `overflow` is set when the value does not fit in int64.
struct LenientInt {
  bool ok = false;
  bool overflow = false;
  int64_t value = 0;
};
LenientInt parse_lenient_int(std::string_view s, int base);

// Zeek's http_header handler for the originator's headers: sets the http.log fields they carry.
// `name` is upper case, as Zeek hands it to scripts.
void apply_request_header(HttpRecord& r, std::string_view name, std::string_view value);

}  // namespace vigil
