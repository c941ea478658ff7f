// PlotSpec: one bar chart of a finding, as the findings document carries it and the HTML report draws
// it. Detectors compute the numbers; the report layer says what they mean (title, axis kind, marks), so
// every detector's plots are drawn by the same code in the page.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vigil {

enum class PlotAxis {
  kTime,      // seconds since 1970, labelled as UTC dates
  kSeconds,   // a duration, labelled as "90 s", "5 min", "2 h"
  kHour,      // hour of the day, 0-23
  kBytes,     // a size, labelled as "1.2 kB"
  kNumber,    // plain numbers (characters, bits per character)
};

struct PlotMark {
  double at = 0;      // on the x axis, in the axis' unit
  std::string label;
};

struct PlotSpec {
  std::string title;
  PlotAxis axis = PlotAxis::kNumber;
  double start = 0, step = 1;     // bar i covers [start + i x step, start + (i + 1) x step)
  std::vector<uint64_t> counts;
  std::vector<PlotMark> marks;    // vertical lines: an estimated period, a threshold
  double tick_every = 0;          // x ticks at multiples of this (0: at start and end only)
  std::string note;               // one line under the title ("3 intervals longer than 4 periods not shown")
  bool bytes = false;             // the bars are byte counts (labelled "1.2 MB"), not counts
};

// The plots as a JSON array, as in docs/json-output.md.
std::string plots_json(const std::vector<PlotSpec>& plots);
const char* to_string(PlotAxis axis);

}  // namespace vigil
