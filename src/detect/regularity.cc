#include "detect/regularity.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace vigil {

Regularity regularity_of(std::span<const double> values, double floor) {
  Regularity r;
  if (values.empty()) return r;
  std::vector<double> v(values.begin(), values.end());
  auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  r.median = *mid;
  double band = std::max(floor, kAlikeFraction * r.median);
  size_t alike = 0;
  for (double x : values) alike += std::fabs(x - r.median) <= band ? 1 : 0;
  r.share_alike = static_cast<double>(alike) / static_cast<double>(values.size());
  return r;
}

}  // namespace vigil
