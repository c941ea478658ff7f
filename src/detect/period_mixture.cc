// EM for the multiples-of-P mixture plus a uniform "stray" component. Only the multiples within about
// three standard deviations of an interval are weighed (at most five), which keeps the cost linear and small.
#include "detect/period_mixture.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>

#include "detect/periodicity.h"

namespace vigil::period_detail {
namespace {

constexpr int kMaxRounds = 30;
// Timestamps are rarely finer than a millisecond and a fit with no width has unbounded likelihood; 1% of
// the period is far below any jitter worth the name and keeps the evidence of a perfect beacon finite.
constexpr double kMinWidthShare = 0.01;
constexpr double kMaxWidthShare = 1.0;
// The geometric weights need q > 0 (log q); at most 95% lost keeps weight on k = 1, which is what stops a
// half or a third of the period from explaining everything.
constexpr double kMinDrop = 1e-3;
constexpr double kMaxDrop = 0.95;
constexpr int kMaxNeighbours = 2;
// Strays: intervals cut by a check-in that is not the rhythm's (a second implant or program on the same
// channel, a retry). At least a trace, so the E-step can find them; at most half, or it is no rhythm.
constexpr double kMinStray = 1e-3;
constexpr double kMaxStray = 0.5;
constexpr double kStablePeriod = 1e-5;  // relative change of the period at which EM stops
constexpr double kStableWidth = 1e-3;   // change of the width, as a share of the period
constexpr double kStableLoglik = 1e-3;  // gain of the log-likelihood (nats, whole series) per round at which EM stops
constexpr double kStableShare = 2e-3;   // change of the drop rate and of the stray share

struct MultipleTable {  // log k and sqrt k, looked up in the inner loop
  std::array<double, kMaxMultiple + 1> log{}, sqrt{};
  MultipleTable() {
    for (int k = 1; k <= kMaxMultiple; ++k) log[k] = std::log(k), sqrt[k] = std::sqrt(k);
  }
};
const MultipleTable kMultiples;

// The flat-top kernel exp(-|d/a|^8) / (2 a Gamma(9/8)): its scale a for a standard deviation of 1, and
// the log of its peak density over the normal's for the same standard deviation.
const double kFlatScale = std::sqrt(std::tgamma(1.0 / 8) / std::tgamma(3.0 / 8));
const double kFlatOverNormal = std::log(std::sqrt(2 * std::numbers::pi) / (2 * std::tgamma(9.0 / 8) * kFlatScale));
// The flat top's scale is fitted from the k = 1 intervals alone; with fewer than this it is not.
constexpr double kMinFlatWeight = 3;

MixtureFit clamped(MixtureFit f) {
  f.width = std::clamp(f.width, kMinWidthShare * f.period, kMaxWidthShare * f.period);
  f.drop_rate = std::clamp(f.drop_rate, kMinDrop, kMaxDrop);
  f.stray = std::clamp(f.stray, kMinStray, kMaxStray);
  return f;
}

double power8(double x) {
  double x2 = x * x, x4 = x2 * x2;
  return x4 * x4;
}

struct Moments {
  double weight = 0, rhythm = 0, attempts = 0, seconds = 0, spread = 0, stray_seconds = 0, loglik = 0;
  double single = 0, single_power8 = 0;  // the k = 1 weight and its sum of (dev/width)^8, for the flat top
};

// exp(x) for x <= 0 in single precision (below float's range it is 0, as it should be).
double relative_weight(double x) { return x < -87 ? 0.0 : static_cast<double>(std::exp(static_cast<float>(x))); }

// The E-step: each interval's responsibilities over nearby multiples, summed into what the M-step needs.
Moments expectation(std::span<const WeightedInterval> intervals, const MixtureFit& f) {
  // Per round, everything that does not depend on the interval, in three logarithms: the log weight of
  // multiple k is rhythm - (k - 1) log(1/q) - log(k)/2 - dev^2 / (2 k var), a stray's is log_stray.
  const double q = f.drop_rate, q2 = q * q, q4 = q2 * q2, q8 = q4 * q4;
  static_assert(kMaxMultiple == 8, "q8 is q^kMaxMultiple");
  const double log_q = std::log(q);
  const double var = f.width * f.width;
  const double rhythm = std::log((1 - f.stray) * (1 - q) /
                                 ((1 - q8) * std::sqrt(2 * std::numbers::pi) * f.width));
  // A stray is uniform over the explained range (0, (kMaxMultiple + 0.5) P].
  const double log_stray = std::log(f.stray / ((kMaxMultiple + 0.5) * f.period));
  const bool flat = f.kernel == Kernel::kFlatTop;
  const double flat_scale = kFlatScale * f.width;
  Moments m;
  std::array<double, 2 * kMaxNeighbours + 1> logp{};
  for (const WeightedInterval& in : intervals) {
    double ratio = in.seconds / f.period;
    if (!(ratio <= kMaxMultiple + 0.5)) continue;  // a silence, not drops
    int centre = std::clamp(static_cast<int>(ratio + 0.5), 1, kMaxMultiple);
    int reach = std::min(static_cast<int>(3 * f.width * kMultiples.sqrt[centre] / f.period + 0.5), kMaxNeighbours);
    int lo = std::max(1, centre - reach), hi = std::min(kMaxMultiple, centre + reach);
    double best = log_stray;
    for (int k = lo; k <= hi; ++k) {
      double dev = in.seconds - k * f.period;
      double l = rhythm + (k - 1) * log_q - 0.5 * kMultiples.log[k] - dev * dev / (2 * k * var);
      if (k == 1 && flat) l = rhythm + kFlatOverNormal - power8(dev / flat_scale);
      logp[k - lo] = l;
      best = std::max(best, l);
    }
    // Responsibilities need no double-precision exponentials: relative weights to 1e-7 are plenty, and
    // expf is about twice as fast, in the loop that is most of the detector's time.
    double stray = relative_weight(log_stray - best), total = stray;
    for (int k = lo; k <= hi; ++k) total += (logp[k - lo] = relative_weight(logp[k - lo] - best));
    for (int k = lo; k <= hi; ++k) {
      double r = in.weight * logp[k - lo] / total;
      double dev = in.seconds - k * f.period;
      m.rhythm += r;
      m.seconds += r * in.seconds;
      m.attempts += r * k;
      m.spread += r * dev * dev / k;
      if (k == 1) m.single += r, m.single_power8 += r * power8(dev / f.width);
    }
    m.weight += in.weight;
    m.stray_seconds += in.weight * stray / total * in.seconds;
    m.loglik += in.weight * (best + std::log(total));
  }
  return m;
}

MixtureFit with_moments(MixtureFit f, const Moments& m) {
  f.loglik = m.loglik;
  f.explained = m.rhythm;
  f.strays = m.weight - m.rhythm;
  f.stray_seconds = m.stray_seconds;
  f.attempts = m.attempts;
  return f;
}

}  // namespace

MixtureFit evaluate_mixture(std::span<const WeightedInterval> intervals, const MixtureFit& fit) {
  MixtureFit f = clamped(fit);
  return with_moments(f, expectation(intervals, f));
}

// The M-step's width: for the flat top, a^8 = 8 E[dev^8] over the k = 1 intervals (its maximum
// likelihood), as a standard deviation; for the normal, the pooled variance per attempt.
double next_width(const MixtureFit& f, const Moments& m) {
  if (f.kernel == Kernel::kFlatTop && m.single >= kMinFlatWeight)
    return f.width * std::pow(8 * m.single_power8 / m.single, 1.0 / 8) / kFlatScale;
  return std::sqrt(m.spread / m.rhythm);
}

MixtureFit fit_mixture(std::span<const WeightedInterval> intervals, StartGuess start, Kernel kernel) {
  MixtureFit f = clamped({.kernel = kernel, .period = start.period, .width = start.width,
                          .drop_rate = start.drop_rate, .stray = start.stray});
  double previous_loglik = -std::numeric_limits<double>::infinity();
  for (int round = 0; round < kMaxRounds; ++round) {
    Moments m = expectation(intervals, f);
    if (m.rhythm <= 0 || m.attempts <= 0) return {};
    // The likelihood has stopped rising: on rhythmless series the parameters can drift for all the
    // rounds while the fit gains nothing, and that drift was most of the detector's time.
    if (m.loglik - previous_loglik < kStableLoglik) return with_moments(f, m);
    previous_loglik = m.loglik;
    MixtureFit next = clamped({.kernel = kernel,
                               .period = m.seconds / m.attempts,
                               .width = next_width(f, m),
                               .drop_rate = 1 - m.rhythm / m.attempts,  // the mean of a geometric k is 1/(1-q)
                               .stray = 1 - m.rhythm / m.weight});
    bool stable = std::abs(next.period - f.period) <= kStablePeriod * f.period &&
                  std::abs(next.width - f.width) <= kStableWidth * f.period &&
                  std::abs(next.drop_rate - f.drop_rate) <= kStableShare &&
                  std::abs(next.stray - f.stray) <= kStableShare;
    if (stable) return with_moments(f, m);  // next differs from f by less than the tolerance
    f = next;
  }
  return with_moments(f, expectation(intervals, f));
}

}  // namespace vigil::period_detail
