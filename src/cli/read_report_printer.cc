#include "cli/read_report_printer.h"

namespace vigil::cli {

void print_read_report(const ReadReport& r, std::FILE* out, const char* prefix) {
  auto u = [](uint64_t v) { return static_cast<unsigned long long>(v); };
  std::fprintf(out, "%s%llu log files, %llu data lines:", prefix, u(r.files), u(r.lines));
  for (size_t k = 0; k < r.records.size(); ++k) {
    std::string_view name = to_string(static_cast<LogKind>(k));
    std::fprintf(out, " %.*s %llu", static_cast<int>(name.size()), name.data(), u(r.records[k]));
  }
  std::fprintf(out, " records; %llu lines skipped\n", u(r.skipped_lines()));
  for (const auto& [reason, s] : r.skipped) {
    std::fprintf(out, "  skipped %llu lines: %s (", u(s.count), reason.c_str());
    for (size_t i = 0; i < s.examples.size(); ++i) std::fprintf(out, "%s%s", i ? ", " : "", s.examples[i].c_str());
    std::fprintf(out, "%s)\n", s.count > s.examples.size() ? ", ..." : "");
  }
  for (const auto& f : r.ignored_files) std::fprintf(out, "  not read: %s\n", f.c_str());
}

}  // namespace vigil::cli
