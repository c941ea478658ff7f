// fit_mixture's give-up hook (period_mixture.h): asked only while a fit still climbs, with a positive
// headroom; declining changes nothing, accepting stops the fit where it stands.
#include "detect/period_mixture.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace vigil::period_detail {
namespace {

std::vector<WeightedInterval> poisson_intervals(size_t n, double mean, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::exponential_distribution<double> gap(1 / mean);
  std::vector<WeightedInterval> v;
  for (size_t i = 0; i < n; ++i) v.push_back({.seconds = gap(rng)});
  std::sort(v.begin(), v.end(), [](auto& a, auto& b) { return a.seconds < b.seconds; });
  return v;
}

// A start that is far from anything in a Poisson stream: EM climbs for many rounds from it.
constexpr StartGuess kPoorStart{.period = 30, .width = 3, .drop_rate = 0.3};

TEST(PeriodMixtureGiveUp, DecliningChangesNothing) {
  auto points = poisson_intervals(200, 60, 1);
  int asked = 0;
  MixtureFit plain = fit_mixture(points, kPoorStart);
  MixtureFit asked_fit = fit_mixture(points, kPoorStart, Kernel::kNormal, [&](const MixtureFit&, double headroom) {
    ++asked;
    EXPECT_GT(headroom, 0);
    return false;
  });
  EXPECT_GT(asked, 0) << "a Poisson stream from a poor start should climb long enough to be asked";
  EXPECT_EQ(plain.period, asked_fit.period);
  EXPECT_EQ(plain.loglik, asked_fit.loglik);
  EXPECT_EQ(plain.width, asked_fit.width);
}

TEST(PeriodMixtureGiveUp, AcceptingStopsTheFitEarly) {
  auto points = poisson_intervals(200, 60, 2);
  int asked = 0;
  MixtureFit full = fit_mixture(points, kPoorStart);
  MixtureFit stopped = fit_mixture(points, kPoorStart, Kernel::kNormal, [&](const MixtureFit& current, double) {
    ++asked;
    EXPECT_GT(current.period, 0);
    return true;
  });
  EXPECT_EQ(asked, 1);
  EXPECT_GT(stopped.period, 0);
  // EM never lowers the likelihood, so the full fit is at least as good; being stopped early it differs.
  EXPECT_LE(stopped.loglik, full.loglik);
  EXPECT_NE(stopped.period, full.period);
}

TEST(PeriodMixtureGiveUp, AConvergedFitIsNeverAsked) {
  // A clean beacon from its own period converges in a round or two, before the first question.
  std::vector<WeightedInterval> points;
  for (int i = 0; i < 100; ++i) points.push_back({.seconds = 60 + 0.3 * std::sin(i)});
  int asked = 0;
  MixtureFit fit = fit_mixture(points, {.period = 60, .width = 0.2, .drop_rate = 0}, Kernel::kNormal,
                               [&](const MixtureFit&, double) { return ++asked, true; });
  EXPECT_EQ(asked, 0);
  EXPECT_NEAR(fit.period, 60, 0.1);
}

}  // namespace
}  // namespace vigil::period_detail
