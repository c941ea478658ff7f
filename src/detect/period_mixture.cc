// EM for the multiples-of-P mixture. Only the multiples within about three standard deviations of an
// interval are weighed (at most five), which keeps the cost linear and small.
#include "detect/period_mixture.h"

#include <algorithm>
#include <array>
#include <cmath>
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
constexpr double kStablePeriod = 1e-5;  // relative change of the period at which EM stops
constexpr double kStableWidth = 1e-3;   // change of the width, as a share of the period

struct MultipleTable {  // log k and sqrt k, looked up in the inner loop
  std::array<double, kMaxMultiple + 1> log{}, sqrt{};
  MultipleTable() {
    for (int k = 1; k <= kMaxMultiple; ++k) log[k] = std::log(k), sqrt[k] = std::sqrt(k);
  }
};
const MultipleTable kMultiples;

MixtureFit clamped(MixtureFit f) {
  f.width = std::clamp(f.width, kMinWidthShare * f.period, kMaxWidthShare * f.period);
  f.drop_rate = std::clamp(f.drop_rate, kMinDrop, kMaxDrop);
  return f;
}

struct Moments {
  double weight = 0, attempts = 0, seconds = 0, spread = 0, loglik = 0;
};

// The E-step: each interval's responsibilities over nearby multiples, summed into what the M-step needs.
Moments expectation(std::span<const WeightedInterval> intervals, const MixtureFit& f) {
  const double log_q = std::log(f.drop_rate);
  const double log_norm = std::log1p(-f.drop_rate) - std::log1p(-std::pow(f.drop_rate, kMaxMultiple));
  const double var = f.width * f.width;
  const double log_2pi_var = std::log(2 * std::numbers::pi * var);
  Moments m;
  std::array<double, 2 * kMaxNeighbours + 1> logp{};
  for (const WeightedInterval& in : intervals) {
    double ratio = in.seconds / f.period;
    if (!(ratio <= kMaxMultiple + 0.5)) continue;  // a silence, not drops
    int centre = std::clamp(static_cast<int>(ratio + 0.5), 1, kMaxMultiple);
    int reach = std::min(static_cast<int>(3 * f.width * kMultiples.sqrt[centre] / f.period + 0.5), kMaxNeighbours);
    int lo = std::max(1, centre - reach), hi = std::min(kMaxMultiple, centre + reach);
    double best = -INFINITY;
    for (int k = lo; k <= hi; ++k) {
      double dev = in.seconds - k * f.period;
      double l = log_norm + (k - 1) * log_q - 0.5 * (log_2pi_var + kMultiples.log[k]) - dev * dev / (2 * k * var);
      logp[k - lo] = l;
      best = std::max(best, l);
    }
    double total = 1;  // a single multiple in reach needs no exp
    if (hi > lo) {
      total = 0;
      for (int k = lo; k <= hi; ++k) total += (logp[k - lo] = std::exp(logp[k - lo] - best));
    } else {
      logp[0] = 1;
    }
    for (int k = lo; k <= hi; ++k) {
      double r = in.weight * logp[k - lo] / total;
      double dev = in.seconds - k * f.period;
      m.attempts += r * k;
      m.spread += r * dev * dev / k;
    }
    m.weight += in.weight;
    m.seconds += in.weight * in.seconds;
    m.loglik += in.weight * (best + std::log(total));
  }
  return m;
}

MixtureFit with_moments(MixtureFit f, const Moments& m) {
  f.loglik = m.loglik;
  f.explained = m.weight;
  f.attempts = m.attempts;
  return f;
}

}  // namespace

MixtureFit evaluate_mixture(std::span<const WeightedInterval> intervals, const MixtureFit& fit) {
  MixtureFit f = clamped(fit);
  return with_moments(f, expectation(intervals, f));
}

MixtureFit fit_mixture(std::span<const WeightedInterval> intervals, StartGuess start) {
  MixtureFit f = clamped({.period = start.period, .width = start.width, .drop_rate = start.drop_rate});
  for (int round = 0; round < kMaxRounds; ++round) {
    Moments m = expectation(intervals, f);
    if (m.weight <= 0 || m.attempts <= 0) return {};
    MixtureFit next = clamped({.period = m.seconds / m.attempts,
                               .width = std::sqrt(m.spread / m.weight),
                               .drop_rate = 1 - m.weight / m.attempts});  // the mean of a geometric k is 1/(1-q)
    bool stable = std::abs(next.period - f.period) <= kStablePeriod * f.period &&
                  std::abs(next.width - f.width) <= kStableWidth * f.period;
    f = next;
    if (stable) break;
  }
  return with_moments(f, expectation(intervals, f));
}

}  // namespace vigil::period_detail
