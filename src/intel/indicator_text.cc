// parse_indicator: refang, reduce URLs to their host, then an address, a CIDR or a checked domain name.
#include "intel/indicator_text.h"

#include <array>
#include <charconv>
#include <optional>

namespace vigil {
namespace {

constexpr size_t kMaxIndicatorBytes = 2048;  // longer is not an indicator; checked before any copy
constexpr size_t kMaxLabelBytes = 63;
constexpr size_t kMaxLabels = 126;

Status bad(std::string_view why, std::string_view text) {
  return Status::corruption(std::string(why) + ": '" + printable_excerpt(text) + "'");
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

// "evil[.]com", "evil(dot)com", "hxxp[:]//..." → plain text.
std::string refang(std::string_view s) {
  struct Swap {
    std::string_view from, to;
  };
  static constexpr std::array<Swap, 10> kSwaps{{{"[.]", "."},
                                                {"(.)", "."},
                                                {"{.}", "."},
                                                {"[dot]", "."},
                                                {"(dot)", "."},
                                                {"{dot}", "."},
                                                {"[:]", ":"},
                                                {"[://]", "://"},
                                                {"[/]", "/"},
                                                {"[@]", "@"}}};
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    bool swapped = false;
    for (const Swap& sw : kSwaps) {
      if (starts_with_ci(s.substr(i), sw.from)) {
        out += sw.to;
        i += sw.from.size();
        swapped = true;
        break;
      }
    }
    if (!swapped) out += s[i++];
  }
  return out;
}

bool is_scheme(std::string_view s) {
  if (s.empty() || s.size() > 16) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-' ||
          c == '.'))
      return false;
  return true;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// Only text of these characters can be an address: spares a name the copy and inet_pton calls of IpAddr::parse.
std::optional<IpAddr> parse_address(std::string_view s) {
  if (s.empty() || s.size() > 45) return std::nullopt;
  bool v6 = s.find(':') != std::string_view::npos;
  for (char c : s) {
    bool ok =
        (c >= '0' && c <= '9') || c == '.' || (v6 && (c == ':' || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
    if (!ok) return std::nullopt;
  }
  return IpAddr::parse(s);
}

Result<Indicator> network(const IpAddr& a, std::string_view bits_text, std::string_view whole) {
  int max = a.is_v4() ? 32 : 128;
  int bits = -1;
  auto [p, ec] = std::from_chars(bits_text.data(), bits_text.data() + bits_text.size(), bits);
  if (ec != std::errc() || p != bits_text.data() + bits_text.size() || bits < 0 || bits > max)
    return bad("bad prefix length", whole);
  Indicator ind;
  if (bits == max) {
    ind.kind = IndicatorKind::kAddress;
    ind.address = a;
    return ind;
  }
  ind.kind = IndicatorKind::kNetwork;
  ind.prefix_len = static_cast<uint8_t>(bits);
  if (a.is_v4()) {
    uint32_t mask = bits == 0 ? 0 : ~uint32_t{0} << (32 - bits);
    ind.address = IpAddr::v4(a.v4_host_order() & mask);
  } else {
    auto b = a.bytes();
    for (int i = 0; i < 16; ++i) {
      int keep = std::min(8, std::max(0, bits - 8 * i));
      b[i] = static_cast<uint8_t>(b[i] & (keep == 0 ? 0 : (0xff << (8 - keep)) & 0xff));
    }
    ind.address = IpAddr::v6_bytes(b);
  }
  return ind;
}

Indicator address(const IpAddr& a) {
  Indicator ind;
  ind.kind = IndicatorKind::kAddress;
  ind.address = a;
  return ind;
}

Result<Indicator> domain(std::string_view host, std::string_view whole) {
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  if (host.size() >= 2 && host[0] == '*' && host[1] == '.') host.remove_prefix(2);
  if (host.empty()) return bad("empty indicator", whole);
  if (host.size() > kMaxNameBytes) return bad("name longer than 253 bytes", whole);
  size_t labels = 0;
  std::string_view last;
  for (size_t start = 0; start <= host.size();) {
    size_t dot = host.find('.', start);
    if (dot == std::string_view::npos) dot = host.size();
    std::string_view label = host.substr(start, dot - start);
    if (label.empty()) return bad("empty label in name", whole);
    if (label.size() > kMaxLabelBytes) return bad("label longer than 63 bytes", whole);
    for (char c : label)
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
        return bad("not an address, CIDR or domain name", whole);
    ++labels;
    last = label;
    start = dot + 1;
  }
  if (labels > kMaxLabels) return bad("name of more than 126 labels", whole);
  if (labels < 2) return bad("single-label name (would match every name under it)", whole);
  if (all_digits(last)) return bad("not a valid address", whole);
  Indicator ind;
  ind.kind = IndicatorKind::kName;
  ind.name.assign(host);
  for (char& c : ind.name)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return ind;
}

}  // namespace

std::string printable_excerpt(std::string_view text, size_t max) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < text.size() && i < max; ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  if (text.size() > max) out += "...";
  return out;
}

Result<Indicator> parse_indicator(std::string_view text) {
  const std::string_view whole = text;
  if (text.size() > kMaxIndicatorBytes) return bad("indicator longer than 2048 bytes", whole);
  std::string refanged;
  if (find_any(text, "[({") != std::string_view::npos) {
    refanged = refang(text);
    text = refanged;
  }
  if (auto a = parse_address(text)) return address(*a);  // the common case first

  bool url = false;
  if (size_t scheme = text.find("://"); scheme != std::string_view::npos && is_scheme(text.substr(0, scheme))) {
    text.remove_prefix(scheme + 3);
    url = true;
  }
  if (size_t slash = text.find('/'); !url && slash != std::string_view::npos) {
    if (auto a = parse_address(text.substr(0, slash))) return network(*a, text.substr(slash + 1), whole);
  }
  std::string_view host = text.substr(0, find_any(text, "/?#\\"));
  if (size_t at = host.rfind('@'); url && at != std::string_view::npos) host.remove_prefix(at + 1);

  if (!host.empty() && host.front() == '[') {  // "[2001:db8::1]:443"
    size_t close = host.find(']');
    if (close == std::string_view::npos) return bad("unclosed '[' in address", whole);
    std::string_view rest = host.substr(close + 1);
    if (!rest.empty() && !(rest.front() == ':' && all_digits(rest.substr(1)))) return bad("bad port", whole);
    auto a = IpAddr::parse(host.substr(1, close - 1));
    if (!a) return bad("not an address in brackets", whole);
    return address(*a);
  }
  if (auto a = parse_address(host)) return address(*a);  // a bare IPv6 address has several colons
  if (size_t colon = host.find(':'); colon != std::string_view::npos) {
    if (host.find(':', colon + 1) != std::string_view::npos || !all_digits(host.substr(colon + 1)) ||
        host.size() - colon - 1 > 5)
      return bad("not an address, CIDR or domain name", whole);
    host = host.substr(0, colon);  // "evil.com:8080"
    if (auto a = parse_address(host)) return address(*a);
  }
  return domain(host, whole);
}

}  // namespace vigil
