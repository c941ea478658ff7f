// Quality sweep of estimate_period, quoted in docs/design/beacon-detection.md: recall, period accuracy and
// false alarms over the issue-5 grid (jitter model x jitter x drops x period), on rhythmless streams
// (Poisson, human-like sessions), and on bursts, a sleep change and working hours; then its cost per series.
// Fixed seeds, so two runs print the same table. Run: ./build/bench/periodicity_sweep
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "detect/periodicity.h"

namespace {

using vigil::estimate_period;
using vigil::PeriodEstimate;
using Times = std::vector<double>;

std::mt19937_64 rng(42);
double uniform() { return std::uniform_real_distribution<double>(0, 1)(rng); }
double exponential(double mean) { return -mean * std::log(1 - uniform()); }

enum class Jitter { kSubtractive, kAdditive, kSymmetric };
const char* name(Jitter m) { return m == Jitter::kSubtractive ? "sub" : m == Jitter::kAdditive ? "add" : "sym"; }

double one_sleep(Jitter m, double sleep, double j) {
  switch (m) {
    case Jitter::kSubtractive: return sleep * (1 - j * uniform());  // Cobalt Strike
    case Jitter::kAdditive: return sleep * (1 + j * uniform());     // Sliver (jitter in seconds, here as a share)
    case Jitter::kSymmetric: return sleep * (1 + j * (2 * uniform() - 1));  // Empire, Mythic
  }
  return sleep;
}

// The truth the 5% target is measured against: the mean interval between attempted check-ins.
double true_period(Jitter m, double sleep, double j) {
  return m == Jitter::kSubtractive ? sleep * (1 - j / 2) : m == Jitter::kAdditive ? sleep * (1 + j / 2) : sleep;
}

// Attempts spaced by `sleep`, each lost with probability `drop`, appended from `now`; returns the end time.
double beacon(Times& t, double now, size_t attempts, Jitter m, double sleep, double j, double drop) {
  for (size_t i = 0; i < attempts; ++i) {
    if (uniform() >= drop) t.push_back(now);
    now += one_sleep(m, sleep, j);
  }
  return now;
}

// Enough attempts for >= 30 over a realistic watch: an hour of 1 s, ~6 h of 10 s, a day of 60 s, a week of
// hourly, a month of daily check-ins.
size_t attempts_for(double period) {
  return period <= 1 ? 3600 : period <= 10 ? 2000 : period <= 60 ? 1440 : period <= 3600 ? 168 : 30;
}

struct Tally {
  int series = 0, found = 0, within5 = 0;
  std::vector<double> errors;  // relative period error of the series found
  void add(const PeriodEstimate& e, double truth) {
    ++series;
    if (!e.periodic) return;
    ++found;
    double err = std::abs(e.period_s - truth) / truth;
    within5 += err <= 0.05;
    errors.push_back(err);
  }
  std::string cell() const {
    char buf[48];
    double med = 0;
    if (!errors.empty()) {
      std::vector<double> v = errors;
      std::nth_element(v.begin(), v.begin() + static_cast<long>(v.size() / 2), v.end());
      med = v[v.size() / 2];
    }
    std::snprintf(buf, sizeof buf, "%3d%% %3d%% %5.1f%%", 100 * found / series, 100 * within5 / series, 100 * med);
    return buf;
  }
};

constexpr int kSeriesPerCell = 40;
constexpr double kPeriods[] = {1, 10, 60, 3600, 86400};

void sweep_grid() {
  std::printf("cells: recall, period within 5%%, median relative period error (of those found); %d series each\n",
              kSeriesPerCell);
  std::printf("%-18s", "model J drop");
  for (double p : kPeriods) std::printf(" | P=%-15.0f", p);
  std::printf("\n");
  for (Jitter m : {Jitter::kSubtractive, Jitter::kAdditive, Jitter::kSymmetric})
    for (double j : {0.0, 0.25, 0.5, 0.75, 0.9})
      for (double q : {0.0, 0.3, 0.5}) {
        std::printf("%s J=%.2f drop=%.1f ", name(m), j, q);
        for (double p : kPeriods) {
          Tally tally;
          for (int r = 0; r < kSeriesPerCell; ++r) {
            Times t;
            beacon(t, 1e6 * uniform(), attempts_for(p), m, p, j, q);
            tally.add(estimate_period(t), true_period(m, p, j));
          }
          std::printf(" | %s", tally.cell().c_str());
        }
        std::printf("\n");
      }
}

// Human-like activity: a few sessions a working day (08-18, Mon-Fri, now and then a weekend one), each a
// cluster of events (think times log-normal around a per-user median) lasting minutes; 7 days.
Times human(double median_gap) {
  Times t;
  for (int day = 0; day < 7; ++day) {
    bool weekend = day >= 5;
    int sessions = static_cast<int>(exponential(weekend ? 0.3 : 3.5) + 0.5);
    for (int s = 0; s < sessions; ++s) {
      double now = day * 86400.0 + (8 + 10 * uniform()) * 3600;
      double end = now + exponential(900);
      while (now < end) {
        t.push_back(now);
        now += median_gap * std::exp(1.2 * std::normal_distribution<double>(0, 1)(rng));
      }
    }
  }
  return t;
}

void false_alarms() {
  int poisson = 0, humans = 0, n = 3000;
  for (int i = 0; i < n; ++i) {
    Times t;
    double now = 0, mean = std::pow(10, 4 * uniform());  // 1 s .. 3 h
    int intervals = static_cast<int>(std::pow(10, 0.9 + 2.1 * uniform()));  // 8 .. 1,000
    for (int k = intervals; k >= 0; --k) t.push_back(now += exponential(mean));
    poisson += estimate_period(t).periodic;
    humans += estimate_period(human(std::pow(10, 2 * uniform()))).periodic;  // think time 1 .. 100 s
  }
  std::printf("false alarms: poisson %d / %d, human sessions %d / %d\n", poisson, n, humans, n);
  int bursts = 0;
  for (int i = 0; i < n; ++i) {
    Times t;
    double now = 1e5 * uniform();
    for (int k = 0; k < 50; ++k) t.push_back(now += 0.2 * uniform());  // 50 events in ~10 s, nothing after
    bursts += estimate_period(t).periodic;
  }
  std::printf("false alarms: a lone burst (50 events in 10 s) %d / %d\n", bursts, n);
}

// An operator session inside a 60 s beacon: the sleep drops to ~1 s for a few minutes, now and then.
Times beacon_with_bursts(double j, double q) {
  Times t;
  double now = 0;
  for (int session = 0; session < 3; ++session) {
    now = beacon(t, now, 400, Jitter::kSubtractive, 60, j, q);
    now = beacon(t, now, 60 + static_cast<size_t>(uniform() * 240), Jitter::kSymmetric, 1, 0.3, 0);
  }
  beacon(t, now, 400, Jitter::kSubtractive, 60, j, q);
  return t;
}

Times sleep_change(double j, double q) {  // 60 s, then the operator sets 300 s halfway (by time)
  Times t;
  double now = beacon(t, 0, 720, Jitter::kSubtractive, 60, j, q);
  beacon(t, now, 144, Jitter::kSubtractive, 300, j, q);
  return t;
}

Times working_hours(double j, double q) {  // 300 s, 08-18 Mon-Fri, two weeks
  Times t;
  for (int day = 0; day < 14; ++day)
    if (day % 7 < 5) beacon(t, day * 86400.0 + 8 * 3600, 120, Jitter::kSymmetric, 300, j, q);
  return t;
}

template <typename Make, typename Truth>
void scenario(const char* label, Make make, Truth truth) {
  std::printf("%-34s", label);
  for (double j : {0.0, 0.5, 0.9})
    for (double q : {0.0, 0.3}) {
      Tally tally;
      for (int r = 0; r < kSeriesPerCell; ++r) tally.add(estimate_period(make(j, q)), truth(j));
      std::printf(" | %s", tally.cell().c_str());
    }
  std::printf("\n");
}

void scenarios() {
  std::printf("%-34s | %-16s | %-16s | %-16s | %-16s | %-16s | %-16s\n", "scenario (truth)", "J=0 drop=0",
              "J=0 drop=.3", "J=.5 drop=0", "J=.5 drop=.3", "J=.9 drop=0", "J=.9 drop=.3");
  scenario("bursts in 60 s sub (60(1-J/2))", beacon_with_bursts, [](double j) { return 60 * (1 - j / 2); });
  scenario("sleep 60->300 s sub (300(1-J/2))", sleep_change, [](double j) { return 300 * (1 - j / 2); });
  scenario("working hours 300 s sym (300)", working_hours, [](double) { return 300.0; });
}

void timing() {
  for (size_t intervals : {10, 1000, 10000}) {
    std::vector<Times> series(200000 / intervals);
    for (Times& t : series) beacon(t, 0, intervals + 1, Jitter::kSubtractive, 60, 0.3, 0);
    auto start = std::chrono::steady_clock::now();
    size_t found = 0;
    for (const Times& t : series) found += estimate_period(t).periodic;
    double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
    std::printf("timing: %zu intervals: %.0f ns per series (%zu/%zu periodic)\n", intervals,
                ns / static_cast<double>(series.size()), found, series.size());
  }
}

}  // namespace

int main() {
  timing();
  false_alarms();
  scenarios();
  sweep_grid();
}
