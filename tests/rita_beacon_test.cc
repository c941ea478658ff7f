// RITA v5's beacon score: RITA's own unit tables (activecm/rita analysis/beacons_test.go, same inputs, RITA's
// expected numbers), then whole units through rita_beacon_score.
#include "detect/rita_beacon.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace vigil {
namespace {

// RITA's tests compare with InDelta 0.001; its scores are rounded to 3 decimals, so any formula change that
// moves a score by a rounding step shows.
constexpr double kRitaDelta = 0.001;
constexpr int64_t kBase = 1517338924;  // the epoch second RITA's tests start from
constexpr int64_t kHour = 3600;
constexpr int64_t kDay = 24 * kHour;

Timestamp at_second(int64_t s) { return Timestamp{s * 1'000'000'000}; }

std::vector<RitaConnection> unit(const std::vector<int64_t>& seconds, int64_t bytes) {
  std::vector<RitaConnection> conns;
  for (int64_t s : seconds) conns.push_back({at_second(s), bytes});
  return conns;
}

std::vector<int64_t> every(int64_t start, int64_t step, int count) {
  std::vector<int64_t> out;
  for (int i = 0; i < count; ++i) out.push_back(start + i * step);
  return out;
}

// ---- statistics (RITA: TestCalculateBowleySkewness, TestCalculateStatisticalScore) ----

TEST(RitaStatistics, QuartilesAreTukeyHingesWithoutTheMiddleValue) {
  const std::vector<double> odd = {1, 2, 25, 42, 90, 299, 500, 1500, 4975};
  const Quartiles q = sorted_quartiles(odd);
  EXPECT_DOUBLE_EQ(q.q1, 13.5);  // median of 1, 2, 25, 42 — 90 left out
  EXPECT_DOUBLE_EQ(q.q2, 90);
  EXPECT_DOUBLE_EQ(q.q3, 1000);  // median of 299, 500, 1500, 4975
  const std::vector<double> even = {1, 3, 41, 50, 5000, 98654, 524885, 965842};
  const Quartiles e = sorted_quartiles(even);
  EXPECT_DOUBLE_EQ(e.q1, 22);
  EXPECT_DOUBLE_EQ(e.q2, 2525);
  EXPECT_DOUBLE_EQ(e.q3, 311769.5);
  EXPECT_DOUBLE_EQ(sorted_median_absolute_deviation(even), 2523);  // unscaled
}

TEST(RitaStatistics, SkewIsZeroWhereRitaCallsItUnreliable) {
  const std::vector<double> q1_is_q2 = {7, 7, 7, 7, 7, 8, 8, 8, 8};
  EXPECT_DOUBLE_EQ(rita_statistical_score(q1_is_q2, 1).skew, 0);
  const std::vector<double> q2_is_q3 = {1, 1, 2, 2, 2, 2};
  EXPECT_DOUBLE_EQ(rita_statistical_score(q2_is_q3, 1).score, 1);
  // IQR 2 < 10: skew 0 even though the quartiles are asymmetric (99, 100, 102 would give 0.333).
  const std::vector<double> narrow = {98, 99, 99, 100, 100, 100, 102, 102, 102};
  EXPECT_DOUBLE_EQ(rita_statistical_score(narrow, 1).skew, 0);
}

TEST(RitaStatistics, MadScoreDefaultsBelowMedianOne) {
  const std::vector<double> zeros(10, 0.0);
  EXPECT_NEAR(rita_statistical_score(zeros, 0).score, 0.5, kRitaDelta);
  EXPECT_NEAR(rita_statistical_score(zeros, 1).score, 1.0, kRitaDelta);
}

// ---- timestamp score (RITA: TestGetTimestampScore, the same timestamp lists) ----

TEST(RitaTimestampScore, CloselyValuedIntervals98To102) {
  const std::vector<int64_t> ts = {1517338924, 1517339022, 1517339121, 1517339220, 1517339320,
                                   1517339420, 1517339520, 1517339621, 1517339722, 1517339824};
  const auto s = rita_timestamp_score(ts);
  ASSERT_TRUE(s);
  EXPECT_NEAR(s->skew, 0, kRitaDelta);
  EXPECT_NEAR(s->mad, 1, kRitaDelta);
  EXPECT_NEAR(s->mad_score, 0.99, 1e-12);
  EXPECT_DOUBLE_EQ(s->score, 0.995);
}

TEST(RitaTimestampScore, AlternatingIntervals98And300) {
  const std::vector<int64_t> ts = {1517338924, 1517339022, 1517339322, 1517339420, 1517339720, 1517339818,
                                   1517340118, 1517340216, 1517340516, 1517340614, 1517340914};
  const auto s = rita_timestamp_score(ts);
  ASSERT_TRUE(s);
  EXPECT_NEAR(s->skew, 0, kRitaDelta);   // quartiles 98, 199, 300: symmetric
  EXPECT_NEAR(s->mad, 101, kRitaDelta);  // about a median of 199
  EXPECT_DOUBLE_EQ(s->score, 0.746);
}

TEST(RitaTimestampScore, RandomIntervals) {
  const std::vector<int64_t> ts = {1517338924, 1517338925, 1517339224, 1517339249, 1517344224,
                                   1517344314, 1517344316, 1517344358, 1517344858, 1517346358};
  const auto s = rita_timestamp_score(ts);
  ASSERT_TRUE(s);
  EXPECT_NEAR(s->skew, 0.845, kRitaDelta);
  EXPECT_NEAR(s->mad, 89, kRitaDelta);
  EXPECT_DOUBLE_EQ(s->score, 0.083);
}

TEST(RitaTimestampScore, PerfectIntervalsAndDuplicateTimestamps) {
  const auto perfect = rita_timestamp_score(every(kBase, 60, 10));
  ASSERT_TRUE(perfect);
  EXPECT_DOUBLE_EQ(perfect->score, 1);
  // Duplicates give zero intervals, which are dropped: the same 60 s series with every second repeated.
  std::vector<int64_t> doubled;
  for (int64_t s : every(kBase, 60, 10)) doubled.insert(doubled.end(), {s, s});
  const auto d = rita_timestamp_score(doubled);
  ASSERT_TRUE(d);
  EXPECT_DOUBLE_EQ(d->score, 1);  // zero intervals kept would make the median 30 and MAD 30: 0.5
}

TEST(RitaTimestampScore, RefusesTooFewTimestampsOrNonZeroIntervals) {
  EXPECT_FALSE(rita_timestamp_score(std::vector<int64_t>(9, 60)));
  EXPECT_FALSE(rita_timestamp_score(std::vector<int64_t>{1517338924, 1517338925}));
  EXPECT_FALSE(rita_timestamp_score(std::vector<int64_t>{10, 10, 20, 30}));  // 2 non-zero intervals
}

// ---- size score (RITA: TestGetDataSizeScore) ----

TEST(RitaSizeScore, RitaTables) {
  EXPECT_DOUBLE_EQ(rita_size_score(std::vector<int64_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10})->score, 0.773);
  EXPECT_DOUBLE_EQ(rita_size_score(std::vector<int64_t>(9, 60))->score, 1);
  EXPECT_DOUBLE_EQ(rita_size_score(std::vector<int64_t>{98, 99, 99, 100, 100, 100, 101, 101, 102})->score, 0.995);
  const auto random = rita_size_score(std::vector<int64_t>{524885, 1, 5000, 98654, 50, 41, 965842, 3});
  EXPECT_NEAR(random->skew, 0.984, kRitaDelta);
  EXPECT_NEAR(random->mad, 2523, kRitaDelta);
  EXPECT_DOUBLE_EQ(random->score, 0.008);
  EXPECT_FALSE(rita_size_score(std::vector<int64_t>{100, 200}));
}

TEST(RitaSizeScore, ZerosAreKeptAndAZeroMedianScoresNoMad) {
  EXPECT_DOUBLE_EQ(rita_size_score(std::vector<int64_t>(10, 0))->score, 0.5);  // RITA's "only 0s"
  // Four empty connections of seven: median 0, so the MAD part is 0. Dropping zeros would score 1.
  const auto s = rita_size_score(std::vector<int64_t>{0, 100, 0, 100, 0, 100, 0});
  EXPECT_DOUBLE_EQ(s->mad_score, 0);
  EXPECT_DOUBLE_EQ(s->score, 0.5);
}

// ---- histogram score (RITA: TestGetHistogramScore, TestGetFrequencyCounts) ----

RitaHistogramConfig bins_with_min(int bins, int bimodal_min) {
  RitaHistogramConfig c;
  c.bins = bins;
  c.bimodal_min_non_empty_bins = bimodal_min;
  return c;
}

TEST(RitaHistogram, HourlyConnectionsAreFlat) {
  const auto h = rita_histogram_score(kBase, kBase + kDay, every(kBase, kHour, 24), RitaHistogramConfig{});
  EXPECT_EQ(h.counts, std::vector<int>(24, 1));
  EXPECT_EQ(h.non_empty_bins, 24);
  EXPECT_EQ(h.longest_run, 24);
  EXPECT_DOUBLE_EQ(h.score, 1);
}

TEST(RitaHistogram, CoefficientOfVariationBranch) {
  std::vector<int64_t> ts;
  for (int64_t v = 1; v <= 10; ++v) ts.insert(ts.end(), static_cast<size_t>(v), v);
  const auto h = rita_histogram_score(1, 11, ts, bins_with_min(10, 6));
  EXPECT_EQ(h.counts, (std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
  EXPECT_DOUBLE_EQ(h.cv_score, 0.478);       // 1 - sqrt(8.25)/5.5, population sd
  EXPECT_DOUBLE_EQ(h.bimodal_score, 0.222);  // 2 of 9 bars in the two largest buckets
  EXPECT_DOUBLE_EQ(h.score, 0.478);
}

TEST(RitaHistogram, LastTimestampOnTheLastEdgeCountsInTheLastBin) {
  const std::vector<int64_t> ts = {98, 99, 99, 100, 100, 100, 101, 101, 102};
  // Half-second bins: RITA's "closely-valued timestamps" case.
  const auto h = rita_histogram_score(98, 102, ts, bins_with_min(8, 6));
  EXPECT_EQ(h.counts, (std::vector<int>{1, 0, 2, 0, 3, 0, 2, 1}));
  EXPECT_EQ(h.longest_run, 3);
  EXPECT_DOUBLE_EQ(h.score, 0.064);
}

TEST(RitaHistogram, CvAboveOneScoresZero) {
  const std::vector<int64_t> ts = {1, 3, 41, 50, 5000, 12001, 98654, 104001, 199999, 200400, 524885, 965842};
  const auto h = rita_histogram_score(0, 1000000, ts, bins_with_min(10, 6));
  EXPECT_EQ(h.counts, (std::vector<int>{7, 2, 1, 0, 0, 1, 0, 0, 0, 1}));
  EXPECT_EQ(h.longest_run, 4);  // bins 9, 0, 1, 2 — across the wrap
  EXPECT_DOUBLE_EQ(h.score, 0);
}

TEST(RitaHistogram, BimodalBranch) {
  const std::vector<int64_t> ts = {1,  2,  3,  4,  15, 21, 22, 23, 24, 35, 41, 42, 43,
                                   44, 55, 61, 62, 63, 64, 75, 81, 82, 83, 84, 95};
  const auto h = rita_histogram_score(0, 100, ts, bins_with_min(10, 6));
  EXPECT_EQ(h.counts, (std::vector<int>{4, 1, 4, 1, 4, 1, 4, 1, 4, 1}));
  EXPECT_DOUBLE_EQ(h.cv_score, 0.4);
  EXPECT_DOUBLE_EQ(h.bimodal_score, 1);  // (5 + 5) / (10 - 1), capped at 1
  EXPECT_DOUBLE_EQ(h.score, 1);
}

TEST(RitaHistogram, BimodalNeedsElevenBarsByDefaultAndBelowSixMeansEleven) {
  const std::vector<int64_t> ts = {1,  2,  3,  4,  15, 21, 22, 23, 24, 35, 41, 42, 43,
                                   44, 55, 61, 62, 63, 64, 75, 81, 82, 83, 84, 95};
  EXPECT_DOUBLE_EQ(rita_histogram_score(0, 100, ts, bins_with_min(10, 11)).bimodal_score, 0);
  EXPECT_DOUBLE_EQ(rita_histogram_score(0, 100, ts, bins_with_min(10, 5)).bimodal_score, 0);
  EXPECT_DOUBLE_EQ(rita_histogram_score(0, 100, ts, bins_with_min(10, 10)).bimodal_score, 1);
}

TEST(RitaHistogram, GapsAndAWrapAroundRun) {
  const std::vector<int64_t> ts = {10, 20, 100, 110, 110, 220};
  const auto h = rita_histogram_score(0, 250, ts, bins_with_min(5, 6));
  EXPECT_EQ(h.counts, (std::vector<int>{2, 0, 3, 0, 1}));
  EXPECT_EQ(h.non_empty_bins, 3);
  EXPECT_EQ(h.longest_run, 2);  // bin 4 then bin 0
  EXPECT_DOUBLE_EQ(h.score, 0.028);
}

TEST(RitaHistogram, BucketsOfNearlyEqualBarsAndAWrappedRun) {
  // RITA's "Wraparound Longest Run with Gap": bucket width ceil(2005 x 0.05) = 101, all bars in bucket 1919.
  const std::vector<int> bars = {2002, 2000, 1999, 2005, 1990, 0, 0, 0, 0, 0, 0, 2000, 2001, 2002, 2003, 2004};
  std::vector<int64_t> ts;
  for (size_t bin = 0; bin < bars.size(); ++bin) ts.insert(ts.end(), static_cast<size_t>(bars[bin]), bin);
  const auto h = rita_histogram_score(0, 16, ts, bins_with_min(16, 6));
  EXPECT_EQ(h.counts, bars);
  EXPECT_EQ(h.non_empty_bins, 10);
  EXPECT_EQ(h.longest_run, 10);            // 5 at the end + 5 at the start
  EXPECT_DOUBLE_EQ(h.bimodal_score, 1);    // 10 / 9, capped
}

// ---- duration score (RITA: TestGetDurationScore) ----

RitaHistogramScore bars(int non_empty, int longest_run) {
  RitaHistogramScore h;
  h.non_empty_bins = non_empty;
  h.longest_run = longest_run;
  return h;
}

TEST(RitaDuration, CoverageVersusConsistency) {
  const RitaWindow w{kBase, kBase + kDay};
  const RitaBeaconConfig c;
  auto full = rita_duration_score(w, kBase, kBase + kDay, bars(24, 24), c);
  EXPECT_DOUBLE_EQ(full.score, 1);
  auto half = rita_duration_score(w, kBase + 12 * kHour, kBase + kDay, bars(6, 0), c);
  EXPECT_DOUBLE_EQ(half.coverage, 0.5);
  EXPECT_DOUBLE_EQ(half.score, 0.5);
  auto three_quarters = rita_duration_score(w, kBase + 6 * kHour, kBase + kDay, bars(6, 0), c);
  EXPECT_DOUBLE_EQ(three_quarters.score, 0.75);
  auto consistent = rita_duration_score(w, kBase + 12 * kHour, kBase + kDay, bars(12, 12), c);
  EXPECT_DOUBLE_EQ(consistent.coverage, 0.5);
  EXPECT_DOUBLE_EQ(consistent.consistency, 1);
  EXPECT_DOUBLE_EQ(consistent.score, 1);
  auto six_run = rita_duration_score(w, kBase + 12 * kHour, kBase + 18 * kHour, bars(6, 6), c);
  EXPECT_DOUBLE_EQ(six_run.coverage, 0.25);
  EXPECT_DOUBLE_EQ(six_run.consistency, 0.5);
  EXPECT_DOUBLE_EQ(six_run.score, 0.5);
  auto too_few = rita_duration_score(w, kBase + 6 * kHour, kBase + 18 * kHour, bars(3, 1), c);
  EXPECT_DOUBLE_EQ(too_few.score, 0);
}

TEST(RitaDuration, CoverageAndConsistencyRoundUp) {
  // 5 h of 24 h = 0.208333...: ceil3 gives 0.209 where round3 would give 0.208.
  const RitaWindow w{0, kDay};
  const auto d = rita_duration_score(w, 0, 5 * kHour, bars(6, 0), RitaBeaconConfig{});
  EXPECT_DOUBLE_EQ(d.coverage, 0.209);
  // A run of 7 of 12 = 0.58333...: ceil3 0.584.
  EXPECT_DOUBLE_EQ(rita_duration_score(w, 0, 1, bars(7, 7), RitaBeaconConfig{}).consistency, 0.584);
}

// ---- whole units ----

TEST(RitaBeacon, PerfectSixtySecondBeaconOverADayScoresOne) {
  const auto conns = unit(every(kBase, 60, 1440), 512);
  const RitaWindow w = RitaWindow::from_dataset(at_second(kBase), at_second(kBase + 1439 * 60));
  const RitaBeaconResult r = rita_beacon_score(conns, w);
  ASSERT_TRUE(r.scored());
  EXPECT_EQ(r.connections, 1440u);
  EXPECT_DOUBLE_EQ(r.timestamp.score, 1);
  EXPECT_DOUBLE_EQ(r.size.score, 1);
  EXPECT_EQ(r.histogram.non_empty_bins, 24);
  EXPECT_DOUBLE_EQ(r.histogram.score, 1);  // 59-61 per bin: one height bucket
  EXPECT_DOUBLE_EQ(r.duration.score, 1);
  EXPECT_DOUBLE_EQ(r.score, 1);
}

TEST(RitaBeacon, FourHourBeaconScoresAboutPointSevenOne) {
  // Six check-ins 4 h apart in a 24 h dataset window: DETECTION.md's "a 4 h beacon scores about 0.71".
  const auto conns = unit(every(kBase, 4 * kHour, 6), 300);
  const RitaWindow w{kBase, kBase + kDay};
  const RitaBeaconResult r = rita_beacon_score(conns, w);
  ASSERT_TRUE(r.scored());
  EXPECT_DOUBLE_EQ(r.timestamp.score, 1);
  EXPECT_DOUBLE_EQ(r.size.score, 1);
  EXPECT_DOUBLE_EQ(r.histogram.score, 0);  // 6 of 24 bins: CV > 1, too few bars for the bimodal fit
  EXPECT_EQ(r.histogram.non_empty_bins, 6);  // just enough for a duration score
  EXPECT_DOUBLE_EQ(r.duration.coverage, 0.834);  // ceil3(20 h / 24 h)
  EXPECT_DOUBLE_EQ(r.duration.score, 0.834);
  EXPECT_DOUBLE_EQ(r.score, 0.709);  // round3((1 + 1 + 0 + 0.834) / 4)
}

TEST(RitaBeacon, ConsistencyCountsARunThatWrapsAroundTheWindow) {
  // Every 10 min during window hours 0-2 and 18-23: the run 18..23 continues into 0..2, 9 bins long.
  std::vector<int64_t> seconds;
  for (int64_t h : {0, 1, 2, 18, 19, 20, 21, 22, 23}) {
    for (int64_t k = 0; k < 6; ++k) seconds.push_back(kBase + h * kHour + 300 + k * 600);
  }
  const RitaBeaconResult r = rita_beacon_score(unit(seconds, 80), RitaWindow{kBase, kBase + kDay});
  ASSERT_TRUE(r.scored());
  EXPECT_EQ(r.histogram.non_empty_bins, 9);
  EXPECT_EQ(r.histogram.longest_run, 9);          // 6 without the wrap
  EXPECT_DOUBLE_EQ(r.duration.consistency, 0.75);  // 9 / 12
  EXPECT_DOUBLE_EQ(r.duration.coverage, 0.994);    // ceil3(85800 / 86400)
  EXPECT_DOUBLE_EQ(r.duration.score, 0.994);
}

TEST(RitaBeacon, ConsistencyBeatsCoverageForAHalfDayBeacon) {
  // Every 10 min during hours 6-17 only: half the window covered, but 12 hours in a row.
  std::vector<int64_t> seconds;
  for (int64_t h = 6; h < 18; ++h) {
    for (int64_t k = 0; k < 6; ++k) seconds.push_back(kBase + h * kHour + 300 + k * 600);
  }
  const RitaBeaconResult r = rita_beacon_score(unit(seconds, 80), RitaWindow{kBase, kBase + kDay});
  ASSERT_TRUE(r.scored());
  EXPECT_DOUBLE_EQ(r.duration.coverage, 0.494);  // ceil3(42600 s / 86400 s = 0.49305...)
  EXPECT_DOUBLE_EQ(r.duration.consistency, 1);
  EXPECT_DOUBLE_EQ(r.duration.score, 1);
  EXPECT_DOUBLE_EQ(r.timestamp.score, 1);
  // 12 of 24 bins hold 6: CV is exactly 1 (not above it), so round3(1 - 1) = 0; the 12 equal bars fit one
  // height bucket, so the bimodal fit is 12 / 11, capped at 1.
  EXPECT_DOUBLE_EQ(r.histogram.cv_score, 0);
  EXPECT_DOUBLE_EQ(r.histogram.bimodal_score, 1);
  EXPECT_DOUBLE_EQ(r.score, 1);
}

// ---- who is scored ----

TEST(RitaBeaconNotScored, ThreeConnections) {
  const RitaBeaconResult r = rita_beacon_score(unit(every(kBase, 60, 3), 100), RitaWindow{kBase, kBase + kDay});
  EXPECT_FALSE(r.scored());
  EXPECT_EQ(r.skip, RitaSkip::kTooFewUniqueTimestamps);
  EXPECT_EQ(r.unique_timestamps, 3u);
  EXPECT_DOUBLE_EQ(r.score, 0);
}

TEST(RitaBeaconNotScored, AllInTheSameSecond) {
  std::vector<RitaConnection> conns;
  for (int i = 0; i < 50; ++i) conns.push_back({Timestamp{kBase * 1'000'000'000 + i * 10'000'000}, 100});
  const RitaBeaconResult r = rita_beacon_score(conns, RitaWindow{kBase - kDay, kBase});
  EXPECT_EQ(r.skip, RitaSkip::kTooFewUniqueTimestamps);
  EXPECT_EQ(r.connections, 50u);
  EXPECT_EQ(r.unique_timestamps, 1u);  // sub-second times are truncated to the second, as RITA stores them
}

TEST(RitaBeaconNotScored, StrobeAtOneConnectionPerSecondForADay) {
  const RitaWindow w{kBase, kBase + kDay};
  const RitaBeaconResult strobe = rita_beacon_score(unit(every(kBase, 1, 86'400), 60), w);
  EXPECT_EQ(strobe.skip, RitaSkip::kStrobe);
  EXPECT_EQ(strobe.connections, 86'400u);
  const RitaBeaconResult one_less = rita_beacon_score(unit(every(kBase, 1, 86'399), 60), w);
  EXPECT_TRUE(one_less.scored());
  EXPECT_DOUBLE_EQ(one_less.timestamp.score, 1);
}

TEST(RitaBeaconNotScored, DuplicatesCountAsConnectionsButNotAsUniqueTimestamps) {
  // 3 distinct seconds, 30 connections: not scored. A 4th distinct second makes it a beacon.
  std::vector<int64_t> seconds;
  for (int64_t s : every(kBase, 60, 3)) seconds.insert(seconds.end(), 10, s);
  const RitaWindow w{kBase, kBase + kDay};
  EXPECT_EQ(rita_beacon_score(unit(seconds, 10), w).skip, RitaSkip::kTooFewUniqueTimestamps);
  seconds.push_back(kBase + 180);
  const RitaBeaconResult r = rita_beacon_score(unit(seconds, 10), w);
  EXPECT_TRUE(r.scored());
  EXPECT_EQ(r.connections, 31u);
}

// ---- the window ----

TEST(RitaWindow, LastDayOfTheDatasetOrAllOfAShorterOne) {
  const RitaWindow long_set = RitaWindow::from_dataset(at_second(kBase - 3 * kDay), at_second(kBase));
  EXPECT_EQ(long_set.start_s, kBase - kDay);
  EXPECT_EQ(long_set.end_s, kBase);
  const RitaWindow short_set = RitaWindow::from_dataset(at_second(kBase - kHour), at_second(kBase));
  EXPECT_EQ(short_set.start_s, kBase - kHour);
  // Nanoseconds are floored to whole seconds.
  const RitaWindow fractional = RitaWindow::from_dataset(Timestamp{1'999'999'999}, Timestamp{9'999'999'999});
  EXPECT_EQ(fractional.start_s, 1);
  EXPECT_EQ(fractional.end_s, 9);
}

TEST(RitaWindow, ConnectionsFromTheStartOfTheWindowsFirstHourAreIncluded) {
  // kBase is 124 s into its hour. RITA selects by hour bucket, so kBase - 100 is in and kBase - 200 is out.
  ASSERT_EQ(kBase % kHour, 124);
  std::vector<int64_t> seconds = every(kBase, 600, 10);
  seconds.push_back(kBase - 100);
  seconds.push_back(kBase - 200);
  const RitaBeaconResult r = rita_beacon_score(unit(seconds, 10), RitaWindow{kBase, kBase + kDay});
  EXPECT_EQ(r.connections, 11u);
  EXPECT_EQ(r.histogram.counts[0], 7);  // the early one lands in the first bin
}

TEST(RitaWindow, EmptyWindowIsNotScored) {
  // Only reachable through the hour-bucket selection: the window is one instant late in an hour.
  const RitaBeaconResult r = rita_beacon_score(unit(every(kBase - 100, 10, 5), 10), RitaWindow{kBase, kBase});
  EXPECT_EQ(r.skip, RitaSkip::kEmptyWindow);
}

}  // namespace
}  // namespace vigil
