// Where an implant's sleep most likely changed: the point of a series of intervals (in time order) where
// the mean log-interval shifts most, if the shift is significant. Internal to estimate_period.
#pragma once

#include <cstddef>
#include <span>

namespace vigil::period_detail {

// The index of the first interval of the later regime, or 0 when the series looks like one regime.
// `intervals`: positive, in time order; `min_side`: intervals each regime must keep.
size_t sleep_change_point(std::span<const double> intervals, size_t min_side);

}  // namespace vigil::period_detail
