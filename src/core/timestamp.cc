// Formatting of times and intervals.
#include "core/timestamp.h"

#include <charconv>

namespace vigil {

void append_seconds(std::string& out, int64_t ns) {
  if (ns < 0) {
    out += '-';
    ns = -ns;
  }
  int64_t us = (ns + 500) / 1000;
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, us / 1'000'000);
  out.append(buf, r.ptr);
  out += '.';
  int64_t frac = us % 1'000'000;
  char digits[6];
  for (int i = 5; i >= 0; --i) {
    digits[i] = static_cast<char>('0' + frac % 10);
    frac /= 10;
  }
  out.append(digits, 6);
}

}  // namespace vigil
