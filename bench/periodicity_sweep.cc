// Recall and period accuracy of estimate_period over a grid of jitter models, jitter and drop rates (100
// series of 300 attempts at a 60 s sleep each), and its false alarms on Poisson streams. Not a timing
// benchmark: a quality sweep, quoted in docs/design/beacon-detection.md. Run: ./build/bench/periodicity_sweep
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>
#include "detect/periodicity.h"
using namespace vigil;
int main() {  // NOLINT: a short report program
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> U(0, 1);
  int fp = 0, N = 500;
  for (int i = 0; i < N; ++i) {
    std::vector<double> t; double now = 0; int n = 50 + (int)(U(rng) * 500);
    for (int k = 0; k < n; ++k) { now += -60 * std::log(1 - U(rng)); t.push_back(now); }
    fp += estimate_period(t).periodic;
  }
  std::printf("poisson false positives: %d / %d\n", fp, N);
  for (double J : {0.0, 0.3, 0.5, 0.9}) for (double q : {0.0, 0.3, 0.5}) for (int model = 0; model < 2; ++model) {
    int hit = 0, good = 0, R = 100;
    for (int r = 0; r < R; ++r) {
      std::vector<double> t; double now = 0;
      for (int k = 0; k < 300; ++k) { if (U(rng) >= q) t.push_back(now);
        now += model == 0 ? 60 * (1 - J * U(rng)) : 60 * (1 + J * (2 * U(rng) - 1)); }
      PeriodEstimate e = estimate_period(t);
      hit += e.periodic;
      double truth = model == 0 ? 60 * (1 - J / 2) : 60;
      good += e.periodic && std::abs(e.period_s - truth) <= 0.05 * truth;
    }
    std::printf("%s J=%.1f drop=%.1f: recall %d%%, period within 5%% %d%%\n", model ? "sym" : "sub", J, q, hit * 100 / R, good * 100 / R);
  }
}
