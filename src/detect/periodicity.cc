// estimate_period: clean the times, set bursts and silences aside, fit the multiples-of-P mixture, weigh
// it against the best rhythmless explanation, and look for a change of sleep. The pieces: period_start
// (first guess), period_mixture (the EM fit), rhythmless (the null), regime_split (the change point).
#include "detect/periodicity.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "detect/period_mixture.h"
#include "detect/period_start.h"
#include "detect/regime_split.h"
#include "detect/rhythmless.h"

namespace vigil {
namespace {

using period_detail::MixtureFit;
using period_detail::WeightedInterval;

// Intervals below this share of the period are a burst (an operator session at ~1 s): 90% jitter, the
// most the frameworks allow, still leaves every interval above 0.1 of the sleep.
constexpr double kBurstShare = 0.08;
// Sub-second "rhythms" are bulk or streaming traffic; callers merge connections closer than ~1 s.
constexpr double kMinPeriod = 0.5;
// One attempted interval's spread, as a share of the period: 90% symmetric jitter gives 0.52.
constexpr double kMaxJitter = 0.6;
// Evidence (nats) at which confidence reaches 1 - 1/e of the way; see confidence().
constexpr double kEvidenceScale = 20;
// Long series are fitted on at most this many points (means of runs of sorted intervals): the fit's
// cost stays bounded and the runs are narrow next to any jitter.
constexpr size_t kMaxPoints = 512;
// A change of sleep must move the period by this factor and raise the evidence by this much.
constexpr double kRegimeRatio = 1.25;
constexpr double kRegimeGain = 20;
// A rhythm has few silences: nights and weekends, a host switched off. One per ten intervals explained
// is already a lot (working hours at 300 s: one per 120); human sessions leave one per four or five.
constexpr double kMaxSilenceShare = 0.1;
constexpr double kMinUnits = 1e-300, kMaxUnits = 1e300;
// The flat-top kernel is tried from this many intervals on (below, its gain is a few nats at most).
constexpr size_t kMinFlatTopIntervals = 30;
// A rounding start implying fewer drops than this is already the "no drops" start.
constexpr double kSameStartDrops = 0.02;
// The evidence a fit needs to be called periodic with nothing set aside (coverage 1 in confidence()).
const double kPeriodicEvidence = -kEvidenceScale * std::log(1 - kPeriodicConfidence);
// A fit is given up when even an optimistic reckoning of its evidence stays this far below that: the
// re-fit on the intervals kept by the final period and the null's allowance for strays move the evidence
// by a few nats at most.
constexpr double kGiveUpMargin = 5;
// The most the flat-top kernel can add per interval the rhythm explains over the normal one: 0.18 nats
// for exactly uniform jitter (the normal's entropy over the uniform's at the same spread), rounded up.
constexpr double kFlatTopGainPerInterval = 0.25;

struct Analysis {
  MixtureFit fit;
  size_t bursts = 0, gaps = 0, intervals = 0;
  double burst_time = 0;
  double scale = 1;  // seconds per unit: intervals are fitted in units of their median (see estimate_period)
  double evidence = 0, poisson_p = 1, confidence = 0;
};

double median(std::vector<double> v) {
  auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  return *mid;
}

// Positive, finite intervals between consecutive distinct times, and when each began.
struct Intervals {
  std::vector<double> seconds, starts;
  size_t times = 0;  // finite times
};

Intervals intervals_in_time_order(std::span<const double> times_s) {
  std::vector<double> t;
  t.reserve(times_s.size());
  for (double x : times_s)
    if (std::isfinite(x)) t.push_back(x);
  std::sort(t.begin(), t.end());
  Intervals d;
  d.times = t.size();
  d.seconds.reserve(t.size());
  d.starts.reserve(t.size());
  for (size_t i = 1; i < t.size(); ++i) {
    double gap = t[i] - t[i - 1];
    if (gap > 0 && std::isfinite(gap)) d.seconds.push_back(gap), d.starts.push_back(t[i - 1]);
  }
  return d;
}

// The intervals the rhythm should explain: not bursts, not silences. `sorted` ascending.
std::span<const double> explainable(std::span<const double> sorted, double period) {
  auto lo = std::lower_bound(sorted.begin(), sorted.end(), kBurstShare * period);
  auto hi = std::upper_bound(lo, sorted.end(), (kMaxMultiple + 0.5) * period);
  return {lo, hi};
}

std::vector<WeightedInterval> as_points(std::span<const double> sorted) {
  size_t run = (sorted.size() + kMaxPoints - 1) / kMaxPoints;
  std::vector<WeightedInterval> points;
  points.reserve(sorted.size() / std::max<size_t>(run, 1) + 1);
  for (size_t i = 0; i < sorted.size(); i += run) {
    size_t end = std::min(sorted.size(), i + run);
    double sum = 0;
    for (size_t j = i; j < end; ++j) sum += sorted[j];
    double count = static_cast<double>(end - i);
    points.push_back({.seconds = sum / count, .weight = count});
  }
  return points;
}

// The other start: every interval one attempt (no drops), the period their mean.
period_detail::StartGuess no_drops_guess(std::span<const WeightedInterval> points) {
  double n = 0, sum = 0, sum_sq = 0;
  for (const WeightedInterval& p : points) {
    n += p.weight;
    sum += p.weight * p.seconds;
    sum_sq += p.weight * p.seconds * p.seconds;
  }
  double mean = sum / n;
  return {.period = mean, .width = std::sqrt(std::max(0.0, sum_sq / n - mean * mean)), .drop_rate = 0};
}

bool too_many_silences(const Analysis& a) {
  return static_cast<double>(a.gaps) > kMaxSilenceShare * a.fit.explained;
}

// Grows with the evidence (which grows with the intervals explained and how tightly), shrinks with the
// share of the active time spent in bursts, and is 0 for a fit that is no machine rhythm at all.
double confidence(const Analysis& a) {
  const MixtureFit& f = a.fit;
  if (f.period * a.scale < kMinPeriod || f.width > kMaxJitter * f.period || f.explained < kMinIntervals ||
      too_many_silences(a))
    return 0;
  double rhythm_time = f.attempts * f.period;
  double coverage = rhythm_time / (rhythm_time + a.burst_time + f.stray_seconds);
  return coverage * -std::expm1(-std::max(0.0, a.evidence) / kEvidenceScale);
}

// An optimistic evidence for a fit still in progress: its log-likelihood plus what the remaining rounds
// and (for the normal kernel on long series) the flat top could add, against the plain rhythmless null
// over the same intervals: those in `fitted` (chosen by the start) that the current period does not call
// silences. The null without strays is the lower one, so this errs towards fitting on.
double reachable_evidence(const MixtureFit& f, double headroom, std::span<const double> sorted,
                          std::span<const double> logs, std::span<const double> fitted, double start_period) {
  auto end = std::upper_bound(fitted.begin(), fitted.end(), (kMaxMultiple + 0.5) * f.period);
  std::span<const double> seen = fitted.first(static_cast<size_t>(end - fitted.begin()));
  if (seen.empty()) return f.loglik + headroom;
  std::span<const double> seen_logs = logs.subspan(static_cast<size_t>(seen.data() - sorted.data()), seen.size());
  double flat_gain = f.kernel == period_detail::Kernel::kNormal && fitted.size() >= kMinFlatTopIntervals
                         ? kFlatTopGainPerInterval * f.explained
                         : 0;
  double null = period_detail::rhythmless_loglik(seen, seen_logs, kBurstShare * start_period,
                                                 (kMaxMultiple + 0.5) * f.period, 0);
  return f.loglik + headroom + flat_gain - null;
}

// Fits the mixture from one start over the intervals it explains and weighs it against the null.
Analysis analyse_from(std::span<const double> sorted, std::span<const double> logs,
                      period_detail::StartGuess start, double scale) {
  Analysis a;
  a.intervals = sorted.size();
  a.scale = scale;
  if (!(start.period > 0) || !std::isfinite(start.period)) return a;
  std::span<const double> fitted = explainable(sorted, start.period);
  std::vector<WeightedInterval> points = as_points(fitted);
  const period_detail::GiveUp hopeless = [&](const MixtureFit& f, double headroom) {
    return reachable_evidence(f, headroom, sorted, logs, fitted, start.period) < kPeriodicEvidence - kGiveUpMargin;
  };
  MixtureFit fit = period_detail::fit_mixture(points, start, period_detail::Kernel::kNormal, hopeless);
  // Under heavy jitter the rounding start sits near 2/3 of the period and EM stays in that local optimum
  // (jitter read as drops); a start from "no drops" finds the true one, and the likelihood picks. When
  // the rounding saw no drops either, the two starts are the same.
  if (start.drop_rate > kSameStartDrops) {
    MixtureFit plain = period_detail::fit_mixture(points, no_drops_guess(points), period_detail::Kernel::kNormal,
                                                  hopeless);
    if (plain.loglik > fit.loglik) fit = plain;
  }
  if (!(fit.period > 0) || !std::isfinite(fit.period)) return a;
  // The frameworks' uniform jitter fits a flat top better, by ~0.18 nats per interval: worth the second
  // fit once there are enough intervals for that to count.
  if (fitted.size() >= kMinFlatTopIntervals) {
    period_detail::StartGuess from{.period = fit.period, .width = fit.width, .drop_rate = fit.drop_rate,
                                   .stray = fit.stray};
    MixtureFit flat = period_detail::fit_mixture(points, from, period_detail::Kernel::kFlatTop, hopeless);
    if (flat.loglik > fit.loglik) fit = flat;
  }
  // Bursts and silences again, by the fitted period, so the rhythm and the null see the same intervals.
  std::span<const double> kept = explainable(sorted, fit.period);
  bool same = kept.data() == fitted.data() && kept.size() == fitted.size();
  a.fit = same ? fit : period_detail::evaluate_mixture(as_points(kept), fit);
  a.bursts = static_cast<size_t>(kept.data() - sorted.data());
  a.gaps = sorted.size() - a.bursts - kept.size();
  for (double x : sorted.first(a.bursts)) a.burst_time += x;
  std::span<const double> kept_logs = logs.subspan(a.bursts, kept.size());
  a.evidence = a.fit.loglik - period_detail::rhythmless_loglik(kept, kept_logs, kBurstShare * fit.period,
                                                               (kMaxMultiple + 0.5) * fit.period, a.fit.stray);
  a.confidence = confidence(a);
  return a;
}

// The period the intervals are guessed at first can be a burst's: an operator session's 1 s check-ins
// outnumber a heavily jittered beacon's near its mode. Such a fit leaves the beacon's intervals as
// "silences", too many to be nights; the rhythm is then sought among those longer intervals.
Analysis analyse(std::span<const double> in_time_order, double scale) {
  std::vector<double> sorted(in_time_order.begin(), in_time_order.end());
  std::sort(sorted.begin(), sorted.end());
  std::vector<double> logs(sorted.size());
  std::transform(sorted.begin(), sorted.end(), logs.begin(), [](double x) { return std::log(x); });
  std::span<const double> all(sorted), all_logs(logs);
  Analysis a = analyse_from(all, all_logs, period_detail::guess_period(all, all_logs), scale);
  if (too_many_silences(a) && a.gaps >= kMinIntervals) {
    size_t longer = sorted.size() - a.gaps;
    Analysis b = analyse_from(all, all_logs,
                              period_detail::guess_period(all.subspan(longer), all_logs.subspan(longer)), scale);
    if (b.confidence > a.confidence || !too_many_silences(b)) a = b;
  }
  a.poisson_p = period_detail::exponential_ks_p(sorted);
  return a;
}

PeriodEstimate to_estimate(const Analysis& a) {
  PeriodEstimate e;
  e.confidence = a.confidence;
  e.periodic = a.confidence >= kPeriodicConfidence;
  e.period_s = a.fit.period * a.scale;
  e.jitter = a.fit.period > 0 ? a.fit.width / a.fit.period : 0;
  // A burst's check-ins are not the rhythm's; a silence still ends with one check-in.
  e.stray_intervals = static_cast<size_t>(std::lround(a.fit.strays));
  e.check_ins = a.intervals - a.bursts - std::min(a.intervals - a.bursts, e.stray_intervals) + 1;
  e.expected = a.fit.period > 0 ? static_cast<size_t>(std::lround(a.fit.attempts)) + a.gaps + 1 : 0;
  e.long_gaps = a.gaps;
  e.burst_intervals = a.bursts;
  e.evidence = a.evidence;
  e.poisson_p = a.poisson_p;
  return e;
}

bool periods_differ(const Analysis& a, const Analysis& b) {
  double lo = std::min(a.fit.period, b.fit.period), hi = std::max(a.fit.period, b.fit.period);
  return lo > 0 && hi > kRegimeRatio * lo;
}

// A change of sleep: a split of the non-burst intervals where their mean log moves (regime_split), kept
// when both sides are confident rhythms with clearly different periods and explain the series better
// than one rhythm does. `split` is the index in `d` of the later regime's first interval, 0 for none.
struct SleepChange {
  size_t split = 0;
  Analysis before, after;
};

SleepChange sleep_change(std::span<const double> d, const Analysis& whole) {
  std::vector<double> rhythm;
  std::vector<size_t> index;
  for (size_t i = 0; i < d.size(); ++i)
    if (d[i] >= kBurstShare * whole.fit.period) rhythm.push_back(d[i]), index.push_back(i);
  size_t split = period_detail::sleep_change_point(rhythm, 2 * kMinIntervals);
  if (split == 0) return {};
  split = index[split];
  SleepChange c{.split = split, .before = analyse(d.first(split), whole.scale),
                .after = analyse(d.subspan(split), whole.scale)};
  bool both_rhythms = c.before.confidence >= kPeriodicConfidence && c.after.confidence >= kPeriodicConfidence;
  bool better = c.before.evidence + c.after.evidence >= whole.evidence + kRegimeGain;
  if (!both_rhythms || !better || !periods_differ(c.before, c.after)) c.split = 0;
  return c;
}

}  // namespace

PeriodEstimate estimate_period(std::span<const double> times_s) {
  Intervals d = intervals_in_time_order(times_s);
  PeriodEstimate e;
  e.check_ins = d.seconds.size() + (d.times > 0 ? 1 : 0);
  if (d.seconds.size() < kMinIntervals) return e;
  // In units of the median interval: the fit's squares and densities stay finite for any input
  // (1e290-second or denormal intervals), and every constant is relative anyway. Intervals more than
  // 1e300 times the median either way (possible only in hostile input) are held at that bound: still a
  // silence or a burst, but their logarithms stay finite.
  double scale = median(d.seconds);
  for (double& x : d.seconds) x = std::clamp(x / scale, kMinUnits, kMaxUnits);
  std::span<const double> all(d.seconds);
  Analysis whole = analyse(all, scale);
  SleepChange change = sleep_change(all, whole);
  if (change.split == 0) {
    e = to_estimate(whole);
    e.regime_start_s = d.starts.front();
    return e;
  }
  e = to_estimate(change.after);  // the latest regime: what the implant does now
  e.sleep_changed = true;
  e.regime_start_s = d.starts[change.split];
  e.previous_period_s = change.before.fit.period * scale;
  return e;
}

}  // namespace vigil
