#include "detect/check_in_plot.h"

#include <algorithm>
#include <cmath>

namespace vigil {
namespace {

size_t bin_of(double offset, double width, size_t bins) {
  if (!(width > 0) || !(offset > 0)) return 0;
  double b = std::floor(offset / width);
  return b >= static_cast<double>(bins) ? bins : static_cast<size_t>(b);  // == bins: beyond the last
}

}  // namespace

CheckInPlot plot_check_ins(const std::vector<double>& times, double period_s) {
  CheckInPlot p;
  if (times.empty()) return p;
  p.start_ns = static_cast<int64_t>(times.front() * 1e9);
  p.end_ns = static_cast<int64_t>(times.back() * 1e9);
  p.timeline.assign(CheckInPlot::kTimelineBins, 0);
  double span = times.back() - times.front();
  double slice = span / static_cast<double>(CheckInPlot::kTimelineBins);
  for (double t : times) {
    size_t b = std::min(bin_of(t - times.front(), slice, CheckInPlot::kTimelineBins), CheckInPlot::kTimelineBins - 1);
    ++p.timeline[b];
    int64_t s = static_cast<int64_t>(std::floor(t));
    ++p.hours[static_cast<size_t>(((s % 86400) + 86400) % 86400 / 3600)];
  }
  p.intervals.assign(CheckInPlot::kIntervalBins, 0);
  p.interval_bin_s = period_s > 0 ? period_s * CheckInPlot::kIntervalPeriods / CheckInPlot::kIntervalBins : 0;
  for (size_t i = 1; i < times.size(); ++i) {
    // Bins are centred on multiples of their width, so the period (bin 10) sits in the middle of one.
    size_t b = bin_of(times[i] - times[i - 1] + p.interval_bin_s / 2, p.interval_bin_s, CheckInPlot::kIntervalBins);
    if (b == CheckInPlot::kIntervalBins || !(p.interval_bin_s > 0))
      ++p.intervals_beyond;
    else
      ++p.intervals[b];
  }
  return p;
}

}  // namespace vigil
