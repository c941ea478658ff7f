// Header fields: Zeek's MIME_Header parsing (names, comments, tokens), atoi_n, and HTTP's http_header
// handler for the fields http.log takes from the originator's headers.
#include "protocols/http_head.h"

#include <algorithm>
#include <limits>

namespace vigil {
namespace {

bool is_lws(char c) { return c == ' ' || c == '\t'; }
bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

// A parenthesised comment (RFC 2822) at the start of `s`: its length, or 0.
size_t comment_length(std::string_view s) {
  if (s.empty() || s[0] != '(') return 0;
  int depth = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '(') ++depth;
    else if (s[i] == '\\') ++i;
    else if (s[i] == ')' && --depth == 0) return i + 1;
  }
  return s.size();
}

size_t skip_lws_and_comments(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    if (is_lws(s[i])) ++i;
    else if (s[i] == '(') i += comment_length(s.substr(i));
    else return i;
  }
  return s.size();
}

bool is_field_name_char(char c) { return c >= 33 && c <= 126 && c != ':'; }

bool is_token_char(char c) {
  return c >= 33 && c <= 126 && std::string_view("()<>@,;:\\\"/[]?=").find(c) == std::string_view::npos;
}

// The first run of characters accepted by `accept`, skipping whitespace, comments and other characters
// before it (MIME_get_field_name, MIME_get_token). Returns the run and the offset just after it.
template <typename Accept>
std::optional<std::pair<std::string_view, size_t>> first_run(std::string_view s, Accept accept) {
  size_t i = skip_lws_and_comments(s);
  while (i < s.size()) {
    if (accept(s[i])) {
      size_t j = i;
      while (j < s.size() && accept(s[j])) ++j;
      return std::make_pair(s.substr(i, j - i), j);
    }
    size_t skipped = skip_lws_and_comments(s.substr(i));
    i += skipped > 0 ? skipped : 1;
  }
  return std::nullopt;
}

// A parameter value (MIME_get_value): a quoted string, or a token; a boundary is read leniently (no
// leading whitespace skipped, any printable character but '"'). Returns the value and the offset after it.
std::optional<std::pair<std::string, size_t>> parameter_value(std::string_view s, bool is_boundary) {
  size_t start = is_boundary ? 0 : skip_lws_and_comments(s);
  if (start < s.size() && s[start] == '"') {
    std::string out;
    for (size_t i = start + 1; i < s.size(); ++i) {
      if (s[i] == '"') return std::make_pair(out, i + 1);
      if (s[i] == '\\' && i + 1 < s.size()) ++i;
      out += s[i];
    }
    return std::nullopt;
  }
  auto accept = [&](char c) { return is_boundary ? (c >= 33 && c <= 126 && c != '"') : is_token_char(c); };
  auto token = first_run(s.substr(start), accept);
  if (!token) return std::nullopt;
  return std::make_pair(std::string(token->first), start + token->second);
}

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

// A set in Zeek; bounded here, as thousands of distinct Via headers would otherwise grow a row without end.
constexpr size_t kMaxProxiedEntries = 32;

bool is_proxy_header(std::string_view name) {  // HTTP::proxy_headers
  static constexpr std::string_view kNames[] = {"FORWARDED", "X-FORWARDED-FOR",  "X-FORWARDED-FROM", "CLIENT-IP",
                                                "VIA",       "XROXY-CONNECTION", "PROXY-CONNECTION"};
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

// Standard base64; characters outside the alphabet are skipped and '=' ends the data (Zeek's decoder).
std::string decode_base64(std::string_view in) {
  static constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  uint32_t bits = 0;
  int count = 0;
  for (char c : in) {
    if (c == '=') break;
    size_t v = kAlphabet.find(c);
    if (v == std::string_view::npos) continue;
    bits = (bits << 6) | static_cast<uint32_t>(v);
    if (++count == 4) {
      out += static_cast<char>((bits >> 16) & 0xff);
      out += static_cast<char>((bits >> 8) & 0xff);
      out += static_cast<char>(bits & 0xff);
      bits = 0;
      count = 0;
    }
  }
  if (count == 2) out += static_cast<char>((bits >> 4) & 0xff);
  if (count == 3) {
    out += static_cast<char>((bits >> 10) & 0xff);
    out += static_cast<char>((bits >> 2) & 0xff);
  }
  return out;
}

// "Basic <base64 of user:password>": the user name, as Zeek's HTTP script extracts it.
void apply_basic_auth(HttpRecord& r, std::string_view value) {
  if (value.size() < 6 || !equals_ignoring_case(value.substr(0, 6), "basic ")) return;
  size_t start = 5;
  while (start < value.size() && is_lws(value[start])) ++start;
  std::string decoded = decode_base64(value.substr(start));
  size_t colon = decoded.find(':');
  if (colon == std::string::npos) r.username = "<problem-decoding> (" + std::string(value) + ")";
  else r.username = decoded.substr(0, colon);
}

}  // namespace

std::optional<HttpHeader> HttpHeaderFolder::line(std::span<const uint8_t> bytes) {
  if (!bytes.empty() && is_lws(static_cast<char>(bytes[0]))) {
    if (active_) {
      add(bytes);
      return std::nullopt;
    }
    while (!bytes.empty() && is_lws(static_cast<char>(bytes[0]))) bytes = bytes.subspan(1);  // no field to continue
  }
  std::optional<HttpHeader> done = finish();
  if (!bytes.empty()) {
    active_ = true;
    add(bytes);
  }
  return done;
}

std::optional<HttpHeader> HttpHeaderFolder::finish() {
  if (!active_) return std::nullopt;
  active_ = false;
  std::optional<HttpHeader> h = parse_header_field(field_);
  field_.clear();
  return h;
}

void HttpHeaderFolder::add(std::span<const uint8_t> bytes) {
  size_t room = kMaxFieldBytes - std::min(kMaxFieldBytes, field_.size());
  size_t n = std::min(room, bytes.size());
  field_.append(reinterpret_cast<const char*>(bytes.data()), n);
}

std::optional<HttpHeader> parse_header_field(std::string_view field) {
  auto name = first_run(field, is_field_name_char);
  if (!name) return std::nullopt;
  std::string_view rest = field.substr(name->second);
  size_t colon = skip_lws_and_comments(rest);
  if (colon >= rest.size() || rest[colon] != ':') return std::nullopt;
  std::string_view value = rest.substr(colon + 1);
  while (!value.empty() && is_space(value.front())) value.remove_prefix(1);
  return HttpHeader{std::string(name->first), std::string(value)};
}

std::string_view header_value_token(std::string_view value) {
  auto token = first_run(value, is_token_char);
  return token ? token->first : std::string_view();
}

std::string_view header_value_after_token(std::string_view value) {
  auto token = first_run(value, is_token_char);
  return token ? value.substr(token->second) : std::string_view();
}

bool is_message_type(std::string_view value) {
  auto type = first_run(value, is_token_char);
  if (!type || !equals_ignoring_case(type->first, "message")) return false;
  std::string_view rest = value.substr(type->second);
  size_t slash = skip_lws_and_comments(rest);
  return slash < rest.size() && rest[slash] == '/' && first_run(rest.substr(slash + 1), is_token_char);
}

std::optional<std::string> multipart_boundary(std::string_view value) {
  auto type = first_run(value, is_token_char);
  if (!type || !equals_ignoring_case(type->first, "multipart")) return std::nullopt;
  std::string_view rest = value.substr(type->second);
  size_t slash = skip_lws_and_comments(rest);
  if (slash >= rest.size() || rest[slash] != '/') return std::nullopt;
  auto subtype = first_run(rest.substr(slash + 1), is_token_char);
  if (!subtype) return std::nullopt;
  rest = rest.substr(slash + 1 + subtype->second);
  // Parameters: ; attribute = value, where value is a token or a quoted string.
  std::optional<std::string> boundary;
  for (;;) {
    size_t semicolon = skip_lws_and_comments(rest);
    if (semicolon >= rest.size() || rest[semicolon] != ';') break;
    rest = rest.substr(semicolon + 1);
    auto attribute = first_run(rest, is_token_char);
    if (!attribute) break;
    rest = rest.substr(attribute->second);
    size_t equals = skip_lws_and_comments(rest);
    if (equals >= rest.size() || rest[equals] != '=') continue;
    rest = rest.substr(equals + 1);
    bool is_boundary = equals_ignoring_case(attribute->first, "boundary");
    std::optional<std::pair<std::string, size_t>> v = parameter_value(rest, is_boundary);
    if (!v) continue;
    if (is_boundary) boundary = v->first;
    rest = rest.substr(v->second);
  }
  return boundary;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

std::string upper_case(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = upper(c);
  return out;
}

LenientInt parse_lenient_int(std::string_view s, int base) {
  LenientInt r;
  bool negative = !s.empty() && s[0] == '-';
  if (negative) s.remove_prefix(1);
  uint64_t n = 0;
  constexpr uint64_t kLimit = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  for (size_t i = 0; i < s.size(); ++i) {
    int d = digit_value(s[i]);
    if (d >= base) {
      if (i == 0) return r;  // not a number at all
      break;
    }
    if (n > (kLimit - static_cast<uint64_t>(d)) / static_cast<uint64_t>(base)) r.overflow = true;
    else n = n * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
  }
  if (s.empty()) return r;
  r.ok = true;
  r.value = negative ? -static_cast<int64_t>(n) : static_cast<int64_t>(n);
  return r;
}

void apply_request_header(HttpRecord& r, std::string_view name, std::string_view value) {
  if (name == "REFERER") r.referrer = std::string(value);
  else if (name == "HOST") r.host = std::string(value);  // with any port, as sent
  else if (name == "RANGE") return;
  else if (name == "ORIGIN") r.origin = std::string(value);
  else if (name == "USER-AGENT") r.user_agent = std::string(value);
  else if (is_proxy_header(name)) {
    std::string entry = std::string(name) + " -> " + std::string(value);
    bool known = std::find(r.proxied.begin(), r.proxied.end(), entry) != r.proxied.end();
    if (!known && r.proxied.size() < kMaxProxiedEntries) r.proxied.push_back(entry);
  } else if (name == "AUTHORIZATION" || name == "PROXY-AUTHORIZATION") {
    apply_basic_auth(r, value);
  }
}

}  // namespace vigil
