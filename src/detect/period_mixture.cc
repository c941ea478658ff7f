// EM for the multiples-of-P mixture plus a uniform "stray" component. Only the multiples within about
// three standard deviations of an interval are weighed (at most five), which keeps the cost linear and small.
#include "detect/period_mixture.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
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
// From this round on, a fit still climbing is shown to the caller's give-up test after every round.
// The headroom it is given: past its first steps EM converges linearly, each round's gain about a fixed
// ratio of the one before, so the gains still to come sum to gain * ratio / (1 - ratio) (Aitken's
// extrapolation). Doubled for safety, and never more than the rounds left times the last gain, doubled,
// which is also what a ratio of 1 or more (a fit still speeding up) gets.
constexpr int kFirstGiveUpRound = 2;
constexpr double kHeadroomSafety = 2;

double headroom(double gain, double previous_gain, int rounds_left) {
  double most = kHeadroomSafety * rounds_left * gain;
  double ratio = gain / previous_gain;
  if (!(ratio < 1)) return most;
  return std::min(most, kHeadroomSafety * gain * ratio / (1 - ratio));
}

struct MultipleTable {  // log k and sqrt k, looked up once per round
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

template <typename T>
T power8(T x) {
  T x2 = x * x, x4 = x2 * x2;
  return x4 * x4;
}

struct Moments {
  double weight = 0, rhythm = 0, attempts = 0, seconds = 0, spread = 0, stray_seconds = 0, loglik = 0;
  double single = 0, single_power8 = 0;  // the k = 1 weight and its sum of (dev/width)^8, for the flat top
};

// The E-step is most of the detector's time (rhythmless series take a dozen rounds per fit, several fits
// per channel), so it is written for the hardware: each interval is a few passes of vector arithmetic
// over a fixed set of lanes, no library exponential, no per-interval logarithm, one division.
//
// Two doubles per vector (GCC/Clang vector extensions): SSE2 on baseline x86-64, NEON on arm64, plain
// scalar code where there is no SIMD. Wider vectors are lowered through memory on SSE2 and were slower.
using Double2 = double __attribute__((vector_size(16)));
using Int2 = int64_t __attribute__((vector_size(16)));

[[gnu::always_inline]] inline Double2 load2(const double* p) {
  Double2 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// exp(x) for x <= 0, for relative weights: 0 below -87 (what single precision gave before, e^-87 is
// 1.6e-38 of the best weight). Cody-Waite reduction to r in [-ln2/2, ln2/2], a degree-7 Taylor polynomial
// (relative error below 1e-8: more accurate than the single-precision expf this replaces), and 2^n put
// into the exponent bits. The library's exp cannot be vectorised without -ffast-math; it was a fifth of
// the detector's time, called once per multiple weighed.
[[gnu::always_inline]] inline Double2 relative_weights(Double2 x) {
  constexpr double kRound = 0x1.8p52;  // adding it rounds to an integer, which lands in the low bits
  const Double2 clamped = x < -87.0 ? Double2{} - 87.0 : x;
  const Double2 shifted = clamped * 1.4426950408889634 + kRound;
  const Double2 n = shifted - kRound;
  const Double2 r = clamped - n * 0.693147180369123816490 - n * 1.90821492927058770002e-10;
  Double2 p = r * (1.0 / 5040) + 1.0 / 720;
  p = p * r + 1.0 / 120;
  p = p * r + 1.0 / 24;
  p = p * r + 1.0 / 6;
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r + 1.0;
  const Int2 exponent = reinterpret_cast<Int2>(shifted) - reinterpret_cast<Int2>(Double2{} + kRound);
  const Double2 scale = reinterpret_cast<Double2>((exponent + 1023) << 52);  // 2^n, n >= -126
  return x < -87.0 ? Double2{} : p * scale;
}

// Each interval weighs the multiples centre-2 .. centre+2 around its nearest one: always these five
// slots, the ones out of reach (or outside 1..kMaxMultiple) given a log weight so low that their relative
// weight is exactly 0, so they add exact zeros to the sums. Before, the slots weighed varied from one
// interval to the next on rhythmless series, and the loops' branches mispredicted.
// Lanes 0..4 are the slots, lane 5 the stray: three vectors.
constexpr int kSlots = 2 * kMaxNeighbours + 1;
constexpr int kWeighed = 3, kLanes = 2 * kWeighed, kStrayLane = kSlots;
static_assert(kStrayLane == 5 && kLanes == kStrayLane + 1);
constexpr size_t kBlock = 32;  // intervals per block (see expectation)
constexpr double kOutOfReach = -1e300;
// Per-multiple tables, index i for k = i - kMaxNeighbours, long enough for all lanes from any centre.
constexpr int kTableSize = kMaxMultiple + kLanes;

struct Tables {
  // Per reach 0..kMaxNeighbours, added to each lane's log weight: 0 for a slot in reach, kOutOfReach for
  // the others (the stray lane is filled otherwise).
  std::array<std::array<double, kLanes>, kMaxNeighbours + 1> reach_mask{};
  std::array<double, kTableSize> multiple{}, inv_multiple{}, is_one{};  // k (0 where no multiple), 1/k, k == 1
  std::array<double, kLanes> slot{};  // 1 for the slots, 0 for the stray
  Tables() {
    for (int reach = 0; reach <= kMaxNeighbours; ++reach)
      for (int j = 0; j < kLanes; ++j)
        reach_mask[reach][j] = j < kSlots && std::abs(j - kMaxNeighbours) <= reach ? 0.0 : kOutOfReach;
    for (int i = 0; i < kTableSize; ++i) {
      int k = i - kMaxNeighbours;
      bool valid = k >= 1 && k <= kMaxMultiple;
      multiple[i] = valid ? k : 0;
      inv_multiple[i] = valid ? 1.0 / k : 1;  // any finite stand-in: these slots get weight 0
      is_one[i] = k == 1;
    }
    for (int j = 0; j < kLanes; ++j) slot[j] = j < kSlots ? 1 : 0;
  }
};
const Tables kTables;

// The sum of weight * log(total) over intervals, with one logarithm per run of up to 32 intervals of the
// same weight instead of one per interval: each total is in [1, kSlots + 1] (the best term contributes
// exactly 1), so a product of 32 stays below 6^32 ~ 1e25, far from overflow. Equal weights are the rule
// (1 for short series, the run length for long ones), so the runs are long.
class LogOfTotals {
 public:
  void add(double weight, double total) {
    if (weight != weight_ || count_ == kRun) flush(), weight_ = weight;
    product_ *= total;
    ++count_;
  }
  double sum() {
    flush();
    return sum_;
  }

 private:
  static constexpr int kRun = 32;
  void flush() {
    if (count_) sum_ += weight_ * std::log(product_);
    product_ = 1, count_ = 0;
  }
  double sum_ = 0, product_ = 1, weight_ = 1;
  int count_ = 0;
};

// The E-step: each interval's responsibilities over nearby multiples, summed into what the M-step needs.
Moments expectation(std::span<const WeightedInterval> intervals, const MixtureFit& f) {
  // Per round, everything that does not depend on the interval: the log weight of multiple k is
  // rhythm + (k - 1) log q - log(k)/2 - dev^2 / (2 k var), i.e. base[k] - dev^2 * precision[k]; a stray's
  // is log_stray.
  const double q = f.drop_rate, q2 = q * q, q4 = q2 * q2, q8 = q4 * q4;
  static_assert(kMaxMultiple == 8, "q8 is q^kMaxMultiple");
  const double log_q = std::log(q);
  const double var = f.width * f.width, half_inv_var = 0.5 / var;
  const double rhythm = std::log((1 - f.stray) * (1 - q) /
                                 ((1 - q8) * std::sqrt(2 * std::numbers::pi) * f.width));
  // A stray is uniform over the explained range (0, (kMaxMultiple + 0.5) P].
  const double log_stray = std::log(f.stray / ((kMaxMultiple + 0.5) * f.period));
  const bool flat = f.kernel == Kernel::kFlatTop;
  const double inv_flat_scale = 1 / (kFlatScale * f.width), inv_width = 1 / f.width;
  const double inv_period = 1 / f.period;
  std::array<double, kTableSize> base, precision, at;
  for (int i = 0; i < kTableSize; ++i) {
    int k = i - kMaxNeighbours;
    bool valid = k >= 1 && k <= kMaxMultiple;
    base[i] = valid ? rhythm + (k - 1) * log_q - 0.5 * kMultiples.log[k] : kOutOfReach;
    precision[i] = half_inv_var * kTables.inv_multiple[i];
    at[i] = k * f.period;
  }
  // How many neighbours of the nearest multiple are within about three standard deviations.
  std::array<int, kMaxMultiple + 1> reach{};
  const double reach_per_root = 3 * f.width / f.period;
  for (int c = 1; c <= kMaxMultiple; ++c)
    reach[c] = std::min(static_cast<int>(reach_per_root * kMultiples.sqrt[c] + 0.5), kMaxNeighbours);
  // The stray lane's log weight, added to the slots' (made 0 there by `slot`).
  const Double2 stray_lanes{0, log_stray};
  const Double2 slot = load2(&kTables.slot[4]);  // lanes 4 and 5
  Moments m;
  LogOfTotals log_totals;
  double weighted_best = 0;
  // Per lane over all intervals: responsibility, times k, times dev^2 precision, times the interval, and
  // for k = 1 alone (the flat top's scale) its (dev/width)^8.
  std::array<Double2, kWeighed> rhythm_sum{}, attempts_sum{}, spread_sum{}, seconds_sum{};
  Double2 single_sum{}, single_power8_sum{};
  // Intervals in blocks, each step a loop of its own over the block: one interval's chain of dependent
  // steps (nearest multiple, log weights, their maximum, exponentials, total, division) is about 200
  // cycles long, and out-of-order execution overlaps independent intervals only when their steps are
  // this close together.
  std::array<std::array<Double2, kWeighed>, kBlock> weights, quads;
  std::array<int, kBlock> firsts;
  std::array<double, kBlock> xs, ws;
  for (size_t begin = 0; begin < intervals.size(); begin += kBlock) {
    const size_t end = std::min(intervals.size(), begin + kBlock);
    int n = 0;
    for (size_t i = begin; i < end; ++i) {
      const double x = intervals[i].seconds, ratio = x * inv_period;
      if (!(ratio <= kMaxMultiple + 0.5)) continue;  // a silence, not drops
      const int centre = std::clamp(static_cast<int>(ratio + 0.5), 1, kMaxMultiple);
      const int first = centre;  // table index of lane 0: k = centre - kMaxNeighbours
      const double* mask = kTables.reach_mask[reach[centre]].data();
      std::array<Double2, kWeighed>& logw = weights[n];
      for (int v = 0; v < kWeighed; ++v) {
        const Double2 dev = x - load2(&at[first + 2 * v]);
        quads[n][v] = dev * dev * load2(&precision[first + 2 * v]);
        logw[v] = load2(&base[first + 2 * v]) + load2(mask + 2 * v) - quads[n][v];
        // Under the flat top, k = 1's log weight has another shape.
        if (flat)
          logw[v] = load2(&kTables.is_one[first + 2 * v]) != 0
                        ? rhythm + kFlatOverNormal + load2(mask + 2 * v) - power8(dev * inv_flat_scale)
                        : logw[v];
      }
      logw[kWeighed - 1] = logw[kWeighed - 1] * slot + stray_lanes;
      Double2 top = logw[0] > logw[1] ? logw[0] : logw[1];
      top = top > logw[2] ? top : logw[2];
      const double best = std::max(top[0], top[1]);
      for (int v = 0; v < kWeighed; ++v) logw[v] -= best;
      firsts[n] = first, xs[n] = x, ws[n] = intervals[i].weight;
      weighted_best += intervals[i].weight * best;
      ++n;
    }
    for (int j = 0; j < n; ++j)
      for (int v = 0; v < kWeighed; ++v) weights[j][v] = relative_weights(weights[j][v]);
    for (int j = 0; j < n; ++j) {
      std::array<Double2, kWeighed>& w = weights[j];
      const int first = firsts[j];
      const double x = xs[j];
      const double stray = w[2][1], total = (w[0][0] + w[0][1]) + (w[1][0] + w[1][1]) + (w[2][0] + stray);
      const double share = ws[j] / total;
      w[2] *= slot;
      for (int v = 0; v < kWeighed; ++v) {
        const Double2 r = share * w[v];
        rhythm_sum[v] += r;
        attempts_sum[v] += r * load2(&kTables.multiple[first + 2 * v]);
        spread_sum[v] += r * quads[j][v];
        seconds_sum[v] += r * x;
        if (flat) {  // the flat top's width needs the k = 1 intervals' alone
          const Double2 r1 = r * load2(&kTables.is_one[first + 2 * v]);
          single_sum += r1;
          single_power8_sum += r1 * power8((x - load2(&at[first + 2 * v])) * inv_width);
        }
      }
      m.weight += ws[j];
      m.stray_seconds += share * stray * x;
      log_totals.add(ws[j], total);
    }
  }
  auto total = [](const std::array<Double2, kWeighed>& a) {
    Double2 t = a[0] + a[1] + a[2];
    return t[0] + t[1];
  };
  m.rhythm = total(rhythm_sum);
  m.attempts = total(attempts_sum);
  m.spread = 2 * var * total(spread_sum);  // dev^2 precision[k] is dev^2 / (2 k var)
  m.seconds = total(seconds_sum);
  m.single = single_sum[0] + single_sum[1];
  m.single_power8 = single_power8_sum[0] + single_power8_sum[1];
  m.loglik = weighted_best + log_totals.sum();
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

MixtureFit fit_mixture(std::span<const WeightedInterval> intervals, StartGuess start, Kernel kernel,
                       const GiveUp& give_up) {
  MixtureFit f = clamped({.kernel = kernel, .period = start.period, .width = start.width,
                          .drop_rate = start.drop_rate, .stray = start.stray});
  double previous_loglik = -std::numeric_limits<double>::infinity();
  double previous_gain = std::numeric_limits<double>::infinity();
  for (int round = 0; round < kMaxRounds; ++round) {
    Moments m = expectation(intervals, f);
    if (m.rhythm <= 0 || m.attempts <= 0) return {};
    // The likelihood has stopped rising: on rhythmless series the parameters can drift for all the
    // rounds while the fit gains nothing, and that drift was most of the detector's time.
    const double gain = m.loglik - previous_loglik;
    if (gain < kStableLoglik) return with_moments(f, m);
    previous_loglik = m.loglik;
    if (give_up && round >= kFirstGiveUpRound &&
        give_up(with_moments(f, m), headroom(gain, previous_gain, kMaxRounds - round)))
      return with_moments(f, m);
    previous_gain = gain;
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
