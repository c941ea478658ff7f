// Zeek value parsing: integer arithmetic only, so times keep every nanosecond the text has.
#include "sources/logs/zeek_values.h"

#include <charconv>

namespace vigil {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// "[-]S[.F]" as nanoseconds.
std::optional<int64_t> parse_seconds_ns(std::string_view t) {
  bool negative = !t.empty() && t[0] == '-';
  if (negative) t.remove_prefix(1);
  size_t dot = t.find('.');
  std::string_view whole = t.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view{} : t.substr(dot + 1);
  if (whole.empty() || whole.size() > 11) return std::nullopt;
  int64_t s = 0;
  auto [p, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), s);
  if (ec != std::errc() || p != whole.data() + whole.size()) return std::nullopt;
  if (s > Timestamp::kMaxSeconds) return std::nullopt;  // beyond 2112: not a log time, and ns would overflow
  int64_t ns = 0, scale = 100'000'000;
  for (size_t i = 0; i < frac.size(); ++i) {
    if (!is_digit(frac[i])) return std::nullopt;
    if (i < 9) ns += (frac[i] - '0') * scale, scale /= 10;
  }
  if (dot != std::string_view::npos && frac.empty()) return std::nullopt;
  int64_t total = s * 1'000'000'000 + ns;
  return negative ? -total : total;
}

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::optional<Timestamp> parse_iso8601(std::string_view t) {
  // YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)
  if (t.size() < 20 || t[4] != '-' || t[7] != '-' || (t[10] != 'T' && t[10] != ' ') || t[13] != ':' || t[16] != ':')
    return std::nullopt;
  auto num = [&](size_t at, size_t len) -> std::optional<int> {
    int v = 0;
    for (size_t i = at; i < at + len; ++i) {
      if (!is_digit(t[i])) return std::nullopt;
      v = v * 10 + (t[i] - '0');
    }
    return v;
  };
  auto y = num(0, 4), mo = num(5, 2), d = num(8, 2), h = num(11, 2), mi = num(14, 2), s = num(17, 2);
  if (!y || !mo || !d || !h || !mi || !s || *mo < 1 || *mo > 12 || *d < 1 || *d > 31 || *h > 23 || *mi > 59 ||
      *s > 60)
    return std::nullopt;
  size_t at = 19;
  int64_t ns = 0;
  if (at < t.size() && t[at] == '.') {
    int64_t scale = 100'000'000;
    size_t start = ++at;
    while (at < t.size() && is_digit(t[at])) {
      if (at - start < 9) ns += (t[at] - '0') * scale, scale /= 10;
      ++at;
    }
    if (at == start) return std::nullopt;
  }
  int64_t offset_s = 0;
  std::string_view zone = t.substr(at);
  if (zone == "Z") {
    offset_s = 0;
  } else if ((zone.size() == 6 && zone[3] == ':') || zone.size() == 5) {  // +HH:MM, or +HHMM as Suricata writes
    if (zone[0] != '+' && zone[0] != '-') return std::nullopt;
    auto zh = num(at + 1, 2), zm = num(at + (zone.size() == 6 ? 4 : 3), 2);
    if (!zh || !zm) return std::nullopt;
    offset_s = (*zh * 3600 + *zm * 60) * (zone[0] == '+' ? 1 : -1);
  } else {
    return std::nullopt;
  }
  int64_t secs = days_from_civil(*y, static_cast<unsigned>(*mo), static_cast<unsigned>(*d)) * 86400 +
                 *h * 3600 + *mi * 60 + *s - offset_s;
  if (secs > Timestamp::kMaxSeconds || secs < -Timestamp::kMaxSeconds) return std::nullopt;  // ns would overflow
  return Timestamp{secs * 1'000'000'000 + ns};
}

// Exponent notation ("1e-06"), which JSON writers use for tiny numbers: through a double, to the nearest ns.
std::optional<int64_t> parse_exponent_ns(std::string_view text) {
  double v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || !(v > -4.5e9 && v < 4.5e9)) return std::nullopt;
  return static_cast<int64_t>(v * 1e9 + (v < 0 ? -0.5 : 0.5));
}

}  // namespace

std::optional<Timestamp> parse_zeek_time(std::string_view text) {
  if (text.size() >= 20 && text[4] == '-') return parse_iso8601(text);
  auto ns = text.find_first_of("eE") == std::string_view::npos ? parse_seconds_ns(text) : parse_exponent_ns(text);
  if (!ns) return std::nullopt;
  return Timestamp{*ns};
}

std::optional<Duration> parse_zeek_interval(std::string_view text) {
  auto ns = text.find_first_of("eE") == std::string_view::npos ? parse_seconds_ns(text) : parse_exponent_ns(text);
  if (!ns) return std::nullopt;
  return Duration{*ns};
}

std::optional<uint64_t> parse_zeek_count(std::string_view text) {
  // Up to 19 digits cannot overflow; longer text goes through from_chars, which checks.
  if (text.empty() || text.size() > 19) {
    uint64_t v = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc() || p != text.data() + text.size()) return std::nullopt;
    return v;
  }
  uint64_t v = 0;
  for (char c : text) {
    if (!is_digit(c)) return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v;
}

std::optional<bool> parse_zeek_bool(std::string_view text) {
  if (text == "T") return true;
  if (text == "F") return false;
  return std::nullopt;
}

void unescape_zeek(std::string_view text, std::string& out) {
  out.clear();
  size_t i = 0;
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  while (i < text.size()) {
    size_t bs = text.find('\\', i);
    if (bs == std::string_view::npos) {
      out.append(text.substr(i));
      break;
    }
    out.append(text.substr(i, bs - i));
    if (bs + 3 < text.size() && text[bs + 1] == 'x' && hex(text[bs + 2]) >= 0 && hex(text[bs + 3]) >= 0) {
      out += static_cast<char>(hex(text[bs + 2]) * 16 + hex(text[bs + 3]));
      i = bs + 4;
    } else {
      out += '\\';
      i = bs + 1;
    }
  }
}

}  // namespace vigil
