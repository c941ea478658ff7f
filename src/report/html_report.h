// The HTML report: `vigil hunt --html` and `vigil report FILE.json --html`. One self-contained page (its
// stylesheet and script inline, nothing fetched, a Content-Security-Policy that lets only that script
// run) with the run's summary, hosts ranked with their reasons, and every finding with its evidence and
// plots (drawn as inline SVG by the page's script when a finding is opened).
//
// It is drawn from the hunt's JSON document (report/beacon_report.h, docs/json-output.md), so the
// report from `vigil hunt --html` and the one from a saved `--json` file are the same page.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace vigil {

struct HtmlReportOptions {
  size_t open_findings = 10;  // the best findings shown opened (evidence and plots) when the page loads
  size_t page_rows = 200;     // rows of each table laid out at first; the rest on "show more"
};

// `hunt_json`: a document written by hunt_json(). An error when it is not one.
Result<std::string> html_report(std::string_view hunt_json, const HtmlReportOptions& options = {});

}  // namespace vigil
