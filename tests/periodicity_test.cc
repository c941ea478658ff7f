// estimate_period on hand-made series: a perfect beacon, the frameworks' jitter models, dropped check-ins,
// no rhythm (Poisson, human sessions), two interleaved rhythms, bursts alone and inside a beacon, a change
// of sleep, working hours, 1 s and 1-week periods, too little data and hostile values. Series come from a
// fixed-seed generator, so every run sees the same numbers.
#include "detect/periodicity.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace vigil {
namespace {

class Series {
 public:
  explicit Series(uint64_t seed) : state_(seed) {}
  double uniform() {  // xorshift64*: [0, 1)
    state_ ^= state_ >> 12;
    state_ ^= state_ << 25;
    state_ ^= state_ >> 27;
    return static_cast<double>((state_ * 0x2545F4914F6CDD1Dull) >> 11) / 9007199254740992.0;
  }
  // An implant: sleeps `next_sleep()` after each attempt; each attempt is lost with probability `drop`.
  template <typename Sleep>
  std::vector<double> beacon(size_t attempts, double drop, Sleep next_sleep, double start = 1000) {
    std::vector<double> t;
    double now = start;
    for (size_t i = 0; i < attempts; ++i) {
      if (uniform() >= drop) t.push_back(now);
      now += next_sleep();
    }
    return t;
  }
  // Human activity: a few sessions a working day, each minutes of events with log-normal think times.
  std::vector<double> human(int days, double median_gap) {
    std::vector<double> t;
    for (int day = 0; day < days; ++day)
      for (int session = 0; session < 3; ++session) {
        double now = day * 86400.0 + (8 + 10 * uniform()) * 3600, end = now + 300 + 1200 * uniform();
        for (; now < end; now += median_gap * std::exp(1.2 * normal())) t.push_back(now);
      }
    return t;
  }
  double normal() {  // Box–Muller
    return std::sqrt(-2 * std::log(1 - uniform())) * std::cos(2 * 3.141592653589793 * uniform());
  }
  std::vector<double> poisson(size_t n, double mean, double start = 1000) {
    std::vector<double> t;
    double now = start;
    for (size_t i = 0; i < n; ++i) {
      now += -mean * std::log(1 - uniform());
      t.push_back(now);
    }
    return t;
  }

 private:
  uint64_t state_;
};

// Truth for the 5% target: the mean interval between attempted check-ins.
constexpr double kSleep = 60;

TEST(Periodicity, PerfectBeacon) {
  Series s(1);
  auto t = s.beacon(50, 0, [] { return 60.0; });
  PeriodEstimate e = estimate_period(t);
  EXPECT_TRUE(e.periodic);
  EXPECT_NEAR(e.period_s, 60, 0.01);
  EXPECT_LT(e.jitter, 0.02);  // the width's floor, 1% of the period
  EXPECT_EQ(e.check_ins, 50u);
  EXPECT_EQ(e.expected, 50u);
  EXPECT_GT(e.confidence, 0.99);
  EXPECT_GT(e.evidence, 100);
  EXPECT_LT(e.poisson_p, 1e-6);
  EXPECT_FALSE(e.sleep_changed);
  EXPECT_EQ(e.regime_start_s, 1000);
}

TEST(Periodicity, ConfidenceGrowsWithCheckIns) {
  Series s(11);
  auto few = s.beacon(8, 0, [&] { return kSleep * (1 - 0.3 * s.uniform()); });
  auto many = s.beacon(200, 0, [&] { return kSleep * (1 - 0.3 * s.uniform()); });
  PeriodEstimate a = estimate_period(few), b = estimate_period(many);
  EXPECT_LT(a.confidence, b.confidence);
  EXPECT_GT(b.confidence, 0.99);
}

TEST(Periodicity, CobaltStrikeSubtractiveJitter) {
  Series s(2);
  auto t = s.beacon(500, 0, [&] { return kSleep * (1 - 0.5 * s.uniform()); });  // sleep 60 s, jitter 50%
  PeriodEstimate e = estimate_period(t);
  EXPECT_TRUE(e.periodic);
  EXPECT_NEAR(e.period_s, 45, 45 * 0.05);  // 60 * (1 - 0.5 / 2)
  EXPECT_NEAR(e.jitter, 0.19, 0.03);       // (0.5 / sqrt 12) / 0.75
  EXPECT_GT(e.seen_fraction(), 0.95);
}

TEST(Periodicity, SliverAdditiveJitter) {
  Series s(21);
  auto t = s.beacon(500, 0, [&] { return kSleep * (1 + 0.5 * s.uniform()); });  // 60 s + 0..30 s
  PeriodEstimate e = estimate_period(t);
  EXPECT_TRUE(e.periodic);
  EXPECT_NEAR(e.period_s, 75, 75 * 0.05);
  EXPECT_NEAR(e.jitter, 0.115, 0.03);  // (30 / sqrt 12) / 75
}

// Rounding intervals to multiples drifted to ~2/3 of the period here (the old estimator); the mixture's
// weighing of k = 1 against k = 2 does not.
TEST(Periodicity, SymmetricJitterDoesNotDriftToTwoThirds) {
  for (double jitter : {0.5, 0.9}) {
    Series s(22);
    auto t = s.beacon(500, 0, [&] { return kSleep * (1 + jitter * (2 * s.uniform() - 1)); });
    PeriodEstimate e = estimate_period(t);
    EXPECT_TRUE(e.periodic) << jitter;
    EXPECT_NEAR(e.period_s, 60, 3) << jitter;
    EXPECT_NEAR(e.jitter, jitter / std::sqrt(3.0), 0.05) << jitter;
    EXPECT_GT(e.seen_fraction(), 0.9) << jitter;
  }
}

TEST(Periodicity, HeavySubtractiveJitterPeriodIsTheMeanInterval) {
  Series s(3);
  auto t = s.beacon(500, 0, [&] { return kSleep * (1 - 0.9 * s.uniform()); });  // 90%: mean 33 s
  PeriodEstimate e = estimate_period(t);
  EXPECT_TRUE(e.periodic) << "evidence " << e.evidence;
  EXPECT_NEAR(e.period_s, 33, 33 * 0.05);
  EXPECT_LT(e.jitter, 0.6);  // (0.9 / sqrt 12) / 0.55 = 0.47
}

// Uniform jitter of 90% with 30% of check-ins lost: intervals from 0.1 to several sleeps, CV ~0.8, close
// to a Poisson stream's 1. Found by the flat-top kernel (a normal one loses to the rhythmless log-normal).
TEST(Periodicity, HeavyJitterWithDropsIsFoundOnADay) {
  int within5 = 0;
  for (uint64_t seed = 40; seed < 50; ++seed) {
    Series s(seed);
    auto sub = s.beacon(1440, 0.3, [&] { return kSleep * (1 - 0.9 * s.uniform()); });
    PeriodEstimate e = estimate_period(sub);
    EXPECT_TRUE(e.periodic) << "seed " << seed << " evidence " << e.evidence;
    EXPECT_NEAR(e.period_s, 33, 33 * 0.1) << "seed " << seed;
    EXPECT_NEAR(e.seen_fraction(), 0.7, 0.1) << "seed " << seed;
    within5 += std::abs(e.period_s - 33) <= 33 * 0.05;
  }
  EXPECT_GE(within5, 8);  // the sweep: ~90%
}

TEST(Periodicity, DroppedCheckInsAreCountedNotMistakenForJitter) {
  Series s(4);
  auto t = s.beacon(600, 0.3, [&] { return kSleep * (1 + 0.2 * (2 * s.uniform() - 1)); });  // +-20%, 30% lost
  PeriodEstimate e = estimate_period(t);
  EXPECT_TRUE(e.periodic);
  EXPECT_NEAR(e.period_s, 60, 3);
  EXPECT_NEAR(e.jitter, 0.115, 0.03);  // 0.2 / sqrt 3; 30% drops alone would give CV 0.55
  EXPECT_NEAR(e.seen_fraction(), 0.7, 0.05);
}

TEST(Periodicity, PoissonStreamHasNoRhythm) {
  for (uint64_t seed = 10; seed < 20; ++seed) {
    Series s(seed);
    PeriodEstimate e = estimate_period(s.poisson(500, 60));
    EXPECT_FALSE(e.periodic) << "seed " << seed << " evidence " << e.evidence << " period " << e.period_s;
    EXPECT_LT(e.confidence, 0.05) << "seed " << seed;
    EXPECT_GT(e.poisson_p, 1e-3) << "seed " << seed;
  }
}

TEST(Periodicity, HumanSessionsHaveNoRhythm) {
  for (uint64_t seed = 30; seed < 40; ++seed) {
    Series s(seed);
    PeriodEstimate e = estimate_period(s.human(7, 5 + 5 * static_cast<double>(seed - 30)));
    EXPECT_FALSE(e.periodic) << "seed " << seed << " evidence " << e.evidence << " period " << e.period_s;
    EXPECT_LT(e.confidence, 0.05) << "seed " << seed;
    EXPECT_LT(e.poisson_p, 1e-3) << "seed " << seed;  // not Poisson either: why the exponential alone is no null
    // The evidence alone stays below the periodic threshold (~10 nats): the rhythm is not only stopped by
    // their many silences. (Without the null's allowance for strays: up to 10 here.)
    EXPECT_LT(e.evidence, 7) << "seed " << seed;
  }
}

// One long session (a person at work for a day, think times log-normal): few silences, so only the
// rhythmless model, truncated to the range the rhythm explains, tells it from a jittered beacon.
TEST(Periodicity, ALongHumanSessionHasNoRhythm) {
  for (uint64_t seed = 50; seed < 60; ++seed) {
    Series s(seed);
    std::vector<double> t;
    double gap = 5 + 3 * static_cast<double>(seed - 50);
    for (double now = 0; now < 8 * 3600; now += gap * std::exp(1.2 * s.normal())) t.push_back(now);
    PeriodEstimate e = estimate_period(t);
    EXPECT_FALSE(e.periodic) << "seed " << seed << " evidence " << e.evidence << " period " << e.period_s;
    EXPECT_LT(e.confidence, 0.05) << "seed " << seed;
  }
}

// Two implants on one channel, 60 s and 97 s, merged: every 60 s slot is cut at a random place by the
// other stream, so neither period survives in the intervals. What is reported is one rhythm at the
// combined rate, 1 / (1/60 + 1/97) = 37.1 s, with heavy jitter: still a machine rhythm, but not either
// implant's period. Separating them needs more than times (sizes, URIs).
TEST(Periodicity, TwoInterleavedRhythmsAreReportedAtTheirCombinedRate) {
  Series s(5);
  auto t = s.beacon(300, 0, [] { return 60.0; });
  auto other = s.beacon(186, 0, [] { return 97.0; }, 1013);
  t.insert(t.end(), other.begin(), other.end());
  PeriodEstimate e = estimate_period(t);
  EXPECT_TRUE(e.periodic);
  EXPECT_NEAR(e.period_s, 37.1, 37.1 * 0.05);
  EXPECT_GT(e.jitter, 0.4);
}

// A slow second rhythm (a 300 s poll beside a 60 s beacon) only cuts one interval in five: the beacon's
// period stays.
TEST(Periodicity, ASlowSecondRhythmKeepsTheDominantPeriod) {
  Series s(5);
  auto t = s.beacon(300, 0, [] { return 60.0; });
  auto slow = s.beacon(60, 0, [] { return 300.0; }, 1017);
  t.insert(t.end(), slow.begin(), slow.end());
  PeriodEstimate e = estimate_period(t);
  EXPECT_TRUE(e.periodic);
  EXPECT_NEAR(e.period_s, 60, 3);
  EXPECT_FALSE(e.sleep_changed);
  EXPECT_NEAR(static_cast<double>(e.stray_intervals), 120, 5);  // each slow check-in cuts one 60 s slot in two
}

TEST(Periodicity, ASingleBurstIsNotABeacon) {
  Series s(6);
  std::vector<double> t;
  double now = 5000;
  for (int i = 0; i < 50; ++i) t.push_back(now += 0.4 * s.uniform());  // 50 events in ~10 s, then nothing
  PeriodEstimate e = estimate_period(t);
  EXPECT_FALSE(e.periodic);
  EXPECT_EQ(e.confidence, 0);
  EXPECT_FALSE(estimate_period(s.poisson(40, 0.5)).periodic);  // a random one
}

// An operator session: the sleep set to ~1 s for a few minutes, twice, inside a 60 s beacon with 30%
// subtractive jitter. The session's intervals are set aside as bursts; the beacon's period stays.
TEST(Periodicity, BurstsInsideABeaconAreSetAside) {
  Series s(7);
  std::vector<double> t;
  double now = 1000;
  for (int part = 0; part < 3; ++part) {
    auto b = s.beacon(200, 0.1, [&] { return kSleep * (1 - 0.3 * s.uniform()); }, now);
    t.insert(t.end(), b.begin(), b.end());
    now = t.back() + kSleep;
    if (part == 2) break;
    auto burst = s.beacon(120, 0, [&] { return 0.8 + 0.4 * s.uniform(); }, now);
    t.insert(t.end(), burst.begin(), burst.end());
    now = t.back() + kSleep;
  }
  PeriodEstimate e = estimate_period(t);
  EXPECT_TRUE(e.periodic);
  EXPECT_NEAR(e.period_s, 51, 51 * 0.05);  // 60 * (1 - 0.3 / 2)
  EXPECT_NEAR(static_cast<double>(e.burst_intervals), 240, 4);
  EXPECT_GT(e.confidence, 0.9);  // bursts take little of the active time
  EXPECT_NEAR(e.seen_fraction(), 0.9, 0.05);
  EXPECT_FALSE(e.sleep_changed);
}

TEST(Periodicity, SleepChangeReportsTheLatestPeriod) {
  Series s(8);
  auto t = s.beacon(720, 0.1, [&] { return kSleep * (1 - 0.3 * s.uniform()); });  // 12 h at 60 s
  double change = 1000 + 720 * 51.0;                                                 // about then
  auto later = s.beacon(144, 0.1, [&] { return 300 * (1 - 0.3 * s.uniform()); }, t.back() + 300);
  t.insert(t.end(), later.begin(), later.end());
  PeriodEstimate e = estimate_period(t);
  EXPECT_TRUE(e.periodic);
  EXPECT_TRUE(e.sleep_changed);
  EXPECT_NEAR(e.period_s, 255, 255 * 0.05);         // 300 * (1 - 0.3 / 2)
  EXPECT_NEAR(e.previous_period_s, 51, 51 * 0.05);  // 60 * (1 - 0.3 / 2)
  EXPECT_NEAR(e.regime_start_s, change, 1200);
  EXPECT_NEAR(static_cast<double>(e.check_ins), 0.9 * 144, 15);  // the latest regime's
}

TEST(Periodicity, WorkingHoursOnlyNightsAreSilencesNotDrops) {
  Series s(9);
  std::vector<double> t;
  for (int day = 0; day < 14; ++day) {  // 08:00-18:00 Mon-Fri, every 300 s +-10%
    if (day % 7 >= 5) continue;
    auto d = s.beacon(120, 0, [&] { return 300 * (1 + 0.1 * (2 * s.uniform() - 1)); }, day * 86400.0 + 8 * 3600);
    t.insert(t.end(), d.begin(), d.end());
  }
  PeriodEstimate e = estimate_period(t);
  EXPECT_TRUE(e.periodic);
  EXPECT_NEAR(e.period_s, 300, 15);
  EXPECT_EQ(e.long_gaps, 9u);  // 7 nights and 2 weekends
  EXPECT_GT(e.seen_fraction(), 0.95);
  EXPECT_FALSE(e.sleep_changed);
  EXPECT_GT(e.confidence, 0.99);
}

TEST(Periodicity, OneSecondBeacon) {
  Series s(12);
  auto t = s.beacon(3600, 0.1, [&] { return 1 + 0.2 * (2 * s.uniform() - 1); });
  PeriodEstimate e = estimate_period(t);
  EXPECT_TRUE(e.periodic);
  EXPECT_NEAR(e.period_s, 1, 0.05);
  EXPECT_EQ(e.burst_intervals, 0u);
}

TEST(Periodicity, WeeklyBeaconOverHalfAYear) {
  Series s(13);
  auto t = s.beacon(30, 0.1, [&] { return 604800 * (1 - 0.25 * s.uniform()); }, 1.7e9);  // Unix times
  PeriodEstimate e = estimate_period(t);
  EXPECT_TRUE(e.periodic);
  EXPECT_NEAR(e.period_s, 604800 * 0.875, 604800 * 0.875 * 0.05);
}

TEST(Periodicity, DailyBeaconOverThreeMonths) {
  Series s(8);
  auto t = s.beacon(90, 0.1, [&] { return 86400 + 600 * (2 * s.uniform() - 1); });  // daily +-10 min
  PeriodEstimate e = estimate_period(t);
  EXPECT_TRUE(e.periodic);
  EXPECT_NEAR(e.period_s, 86400, 864);
}

TEST(Periodicity, TooLittleDataGivesNoVerdict) {
  EXPECT_FALSE(estimate_period(std::vector<double>{}).periodic);
  EXPECT_EQ(estimate_period(std::vector<double>{}).check_ins, 0u);
  EXPECT_EQ(estimate_period(std::vector<double>{5}).check_ins, 1u);
  EXPECT_FALSE(estimate_period(std::vector<double>{1, 61, 121, 181, 241}).periodic);  // 4 intervals
  EXPECT_FALSE(estimate_period(std::vector<double>(50, 1000.0)).periodic);            // all at once
  EXPECT_EQ(estimate_period(std::vector<double>(50, 1000.0)).check_ins, 1u);
}

TEST(Periodicity, HostileValuesAreIgnoredOrRejected) {
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  std::vector<double> clean;
  for (int i = 0; i < 50; ++i) clean.push_back(1000 + 60.0 * i);
  std::vector<double> dirty = clean;
  dirty.insert(dirty.begin() + 10, {nan, inf, -inf, nan});
  PeriodEstimate e = estimate_period(dirty);
  EXPECT_TRUE(e.periodic);
  EXPECT_NEAR(e.period_s, 60, 0.01);
  EXPECT_EQ(e.check_ins, 50u);

  PeriodEstimate none = estimate_period(std::vector<double>(50, nan));
  EXPECT_FALSE(none.periodic);
  EXPECT_EQ(none.check_ins, 0u);

  std::vector<double> huge, tiny, extremes;
  for (int i = 0; i < 50; ++i) {
    huge.push_back(1e300 + 1e290 * i);     // squares of these would overflow
    tiny.push_back(5e-324 * i);            // denormal intervals: no rhythm below half a second
    extremes.push_back(i % 2 ? 1.7e308 : -1.7e308 + i);  // differences overflow to inf
  }
  // Intervals from denormal to 1e308 in one series: their ratio overflows a double (this threw once).
  std::vector<double> both_ends;
  for (int i = 0; i < 20; ++i) both_ends.push_back(5e-324 * i);
  both_ends.insert(both_ends.end(), {1e308, 1.5e308, 1.7e308});
  EXPECT_FALSE(estimate_period(both_ends).periodic);
  PeriodEstimate h = estimate_period(huge);
  EXPECT_TRUE(h.periodic);
  EXPECT_NEAR(h.period_s / 1e290, 1, 1e-3);
  EXPECT_FALSE(estimate_period(tiny).periodic);
  PeriodEstimate x = estimate_period(extremes);
  EXPECT_FALSE(x.periodic);
  for (const PeriodEstimate& r : {e, none, h, estimate_period(tiny), x, estimate_period(both_ends)}) {
    EXPECT_TRUE(std::isfinite(r.period_s) && std::isfinite(r.jitter) && std::isfinite(r.evidence));
    EXPECT_GE(r.confidence, 0);
    EXPECT_LE(r.confidence, 1);
  }
}

// Rates over many fixed-seed series, as a guard on the method as a whole (issue 5: 50% jitter with 30%
// drops found >= 90% of the time, period within 5%; few false alarms). The whole grid is in
// docs/design/beacon-detection.md.
TEST(Periodicity, RatesOverManySeries) {
  Series s(99);
  int found = 0, period_ok = 0;
  for (int r = 0; r < 100; ++r) {
    auto t = s.beacon(300, 0.3, [&] { return kSleep * (1 + 0.5 * (2 * s.uniform() - 1)); });  // symmetric
    PeriodEstimate e = estimate_period(t);
    found += e.periodic;
    period_ok += e.periodic && std::abs(e.period_s - 60) <= 60 * 0.05;
  }
  EXPECT_GE(found, 95);
  EXPECT_GE(period_ok, 70);  // 76 measured; the rounding estimator before it: 53 (design doc)
  int false_alarms = 0;
  for (int r = 0; r < 200; ++r) false_alarms += estimate_period(s.poisson(50 + 5 * r, 60)).periodic;
  EXPECT_EQ(false_alarms, 0);
}

}  // namespace
}  // namespace vigil
