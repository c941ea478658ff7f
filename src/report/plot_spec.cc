#include "report/plot_spec.h"

#include "core/text_format.h"
#include "report/zeek_log_text.h"

namespace vigil {

const char* to_string(PlotAxis axis) {
  switch (axis) {
    case PlotAxis::kTime: return "time";
    case PlotAxis::kSeconds: return "seconds";
    case PlotAxis::kHour: return "hour";
    case PlotAxis::kBytes: return "bytes";
    case PlotAxis::kNumber: break;
  }
  return "number";
}

std::string plots_json(const std::vector<PlotSpec>& plots) {
  std::string out = "[";
  for (size_t i = 0; i < plots.size(); ++i) {
    const PlotSpec& p = plots[i];
    if (i) out += ',';
    out += "{\"title\":";
    append_json_string(out, p.title);
    out += ",\"axis\":\"";
    out += to_string(p.axis);
    out += format("\",\"start\":%.6f,\"step\":%.6g,\"counts\":[", p.start, p.step);
    for (size_t k = 0; k < p.counts.size(); ++k) {
      if (k) out += ',';
      append_u64(out, p.counts[k]);
    }
    out += "],\"marks\":[";
    for (size_t k = 0; k < p.marks.size(); ++k) {
      out += k ? ",{\"at\":" : "{\"at\":";
      out += format("%.6g,\"label\":", p.marks[k].at);
      append_json_string(out, p.marks[k].label);
      out += '}';
    }
    out += format("],\"tick_every\":%.6g,\"note\":", p.tick_every);
    append_json_string(out, p.note);
    out += p.bytes ? ",\"values\":\"bytes\"}" : ",\"values\":\"count\"}";
  }
  out += ']';
  return out;
}

}  // namespace vigil
