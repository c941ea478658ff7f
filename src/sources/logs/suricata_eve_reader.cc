// Placeholder: the EVE reader is being written.
#include "sources/logs/suricata_eve_reader.h"

namespace vigil {

void read_suricata_eve(LineReader& lines, const std::string& path, const LogSink& sink, ReadReport& report) {
  (void)sink;
  std::string_view line;
  while (lines.next(line) != LineStatus::kEnd) report.skip("Suricata EVE is not read yet", path, lines.line_number());
}

}  // namespace vigil
