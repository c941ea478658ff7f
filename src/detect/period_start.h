// A first guess of a channel's period, for the mixture fit to start from: candidates from the interval
// histogram, each refined by rounding intervals to whole multiples, the most regular explanation kept.
// Internal to estimate_period (docs/design/beacon-detection.md, "Method").
#pragma once

#include <span>

namespace vigil::period_detail {

struct StartGuess {
  double period = 0;     // 0: no guess (no usable interval)
  double width = 0;      // spread of one interval about its multiple of the period, in seconds
  double drop_rate = 0;  // share of check-ins the rounding implies were lost
  double stray = 0;      // share of intervals cut by others' check-ins (0 from the rounding)
};

// `sorted`: positive, finite intervals in ascending order; `logs`: their natural logarithms.
StartGuess guess_period(std::span<const double> sorted, std::span<const double> logs);

}  // namespace vigil::period_detail
