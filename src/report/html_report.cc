// html_report: the hunt's JSON document drawn as one page. Every string from the document goes through
// html_escape; numbers are written by this file. The page's script is allowed by its hash alone
// (Content-Security-Policy), so markup that slipped through escaping still could not run script.
#include "report/html_report.h"

#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

#include "core/text_format.h"
#include "report/html_assets.h"
#include "report/html_text.h"
#include "report/zeek_log_text.h"

namespace vigil {
namespace {

namespace dom = simdjson::dom;

std::string_view text_at(dom::element e, const char* key) {
  std::string_view v;
  return e[key].get(v) == simdjson::SUCCESS ? v : std::string_view{};
}

double number_at(dom::element e, const char* key) {
  double v = 0;
  return e[key].get_double().get(v) == simdjson::SUCCESS ? v : 0;
}

// The elements of an array field; none when the field is missing or not an array (a hand-edited file).
std::vector<dom::element> array_at(dom::element e, const char* key) {
  std::vector<dom::element> out;
  dom::array a;
  if (e[key].get(a) == simdjson::SUCCESS)
    for (dom::element v : a) out.push_back(v);
  return out;
}

std::string score_text(double s) { return format("%.2f", s); }

const char* score_class(double s) { return s >= 0.8 ? "s-high" : s >= 0.6 ? "s-mid" : "s-low"; }

class Page {
 public:
  Page& raw(std::string_view s) {
    out_ += s;
    return *this;
  }
  Page& text(std::string_view s) {
    append_html_escaped(out_, s);
    return *this;
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

// A plot's text fields lose the characters that separate fields in the compact form below.
std::string plot_text(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c == '|' || c == ';' || c == ',') c = ' ';
  return out;
}

// The finding's plots in the compact form the page's script reads (report.js parsePlots): plots split by
// '|', fields by ';': title;axis;start;step;counts;marks;tick_every;note;values, counts split by ',', marks
// "at:label" split by ','. The attribute is escaped like any text, so these are only separators.
std::string plots_attribute(dom::element f) {
  std::string out;
  for (dom::element p : array_at(f, "plots")) {
    if (!out.empty()) out += '|';
    out += plot_text(text_at(p, "title")) + ';' + plot_text(text_at(p, "axis")) + ';';
    out += format("%.6f;%.6g;", number_at(p, "start"), number_at(p, "step"));
    bool first = true;
    for (dom::element v : array_at(p, "counts")) {
      uint64_t n = 0;
      if (v.get_uint64().get(n) != simdjson::SUCCESS) n = 0;
      if (!first) out += ',';
      first = false;
      append_u64(out, n);
    }
    out += ';';
    first = true;
    for (dom::element m : array_at(p, "marks")) {
      if (!first) out += ',';
      first = false;
      out += format("%.6g:", number_at(m, "at")) + plot_text(text_at(m, "label"));
    }
    out += format(";%.6g;", number_at(p, "tick_every")) + plot_text(text_at(p, "note")) + ';' +
           plot_text(text_at(p, "values"));
  }
  return out;
}

// The "show more" control under a table whose later rows are hidden (the page's script runs it).
void more_button(Page& page, const char* table, size_t rows, size_t page_rows) {
  page.raw("<p class=\"pager\" data-table=\"").raw(table).raw("\" data-page=\"").raw(std::to_string(page_rows))
      .raw("\"><span class=\"count\">").text(format("%zu rows", rows)).raw("</span> <button type=\"button\" class=\"more\"")
      .raw(rows > page_rows ? "" : " hidden").raw(">show more</button></p>\n");
}

struct Document {
  dom::element root, summary;
  std::vector<dom::element> findings;  // by rank - 1
  std::vector<dom::element> hosts;
  std::map<std::string, size_t, std::less<>> host_rank;  // host -> its rank in the hosts list
};

void head(Page& page, const Document& doc) {
  page.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
      .raw("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
           "img-src data:; script-src ")
      .raw(csp_script_hash(kReportJs))
      .raw("\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>vigil hunt: ")
      .text(format("%zu hosts, %zu findings", doc.hosts.size(), doc.findings.size()))
      .raw("</title>\n<style>")
      .raw(kReportCss)
      .raw("</style></head>\n<body>\n<h1>vigil hunt report</h1>\n<p class=\"sub\">");
  std::string_view first = text_at(doc.summary, "first_seen"), last = text_at(doc.summary, "last_seen");
  if (!first.empty()) page.text(first).raw(" to ").text(last).raw(" · ");
  page.text(format("%zu findings on %zu hosts", doc.findings.size(), doc.hosts.size()))
      .raw(" · <a href=\"#summary\">summary</a> · <a href=\"#hosts\">hosts</a> · <a href=\"#findings\">findings</a></p>\n")
      .raw("<noscript><p class=\"noscript\">Plots, sorting and filtering need JavaScript; without it every row "
           "is listed and a finding's number opens its evidence.</p><style>.later{display:table-row-group}"
           "tr.later{display:table-row}.pager{display:none}</style></noscript>\n");
}

// The summary's fields as they come (so a newer detector's counts show up too), known ones with labels.
void summary_section(Page& page, const Document& doc) {
  static const std::map<std::string_view, std::string_view> kLabels = {
      {"inputs", "inputs"},
      {"connections", "connections read"},
      {"outbound_connections", "outbound connections"},
      {"internal_hosts", "internal hosts calling out"},
      {"inbound_connections", "inbound connections"},
      {"servers_contacted_from_outside", "internal hosts contacted from outside"},
      {"internal_connections", "internal-to-internal connections"},
      {"hosts_calling_inside", "internal hosts calling inside"},
      {"first_seen", "first connection"},
      {"last_seen", "last connection"},
      {"internal_networks", "internal networks"},
      {"channels", "channels"},
      {"channels_scored", "channels scored"},
      {"allowlisted", "channels allowlisted"},
      {"min_score", "minimum score"},
      {"detectors", "detectors run"},
  };
  page.raw("<h2 id=\"summary\">Summary</h2>\n<dl class=\"summary\">\n");
  dom::object fields;
  if (doc.summary.get(fields) != simdjson::SUCCESS) return void(page.raw("</dl>\n"));
  for (auto [key, value] : fields) {
    auto label = kLabels.find(key);
    std::string shown(label == kLabels.end() ? key : label->second);  // a newer field: its name, spaced
    std::replace(shown.begin(), shown.end(), '_', ' ');
    page.raw("<dt>").text(shown).raw("</dt><dd>");
    if (dom::array items; value.get(items) == simdjson::SUCCESS) {
      bool first = true;
      for (dom::element item : items) {
        std::string_view s;
        if (item.get(s) != simdjson::SUCCESS) continue;
        page.raw(first ? "" : "<br>").text(s);
        first = false;
      }
    } else if (std::string_view s; value.get(s) == simdjson::SUCCESS) {
      page.text(s);
    } else if (double v; value.get_double().get(v) == simdjson::SUCCESS) {
      page.text(v == std::floor(v) && std::fabs(v) < 1e15 ? format("%.0f", v) : format("%.3g", v));
    }
    page.raw("</dd>\n");
  }
  page.raw("</dl>\n");
}

void hosts_section(Page& page, const Document& doc, const HtmlReportOptions& options) {
  page.raw("<h2 id=\"hosts\">Hosts ranked</h2>\n<p class=\"sub\">A host's score combines its findings as "
           "independent evidence: 1 − (1 − s<sub>1</sub>)(1 − s<sub>2</sub>)…</p>\n")
      .raw("<table id=\"hosts-table\"><thead><tr><th class=\"num\" data-key=\"rank\">#</th><th data-key=\"host\">host</th>"
           "<th class=\"num\" data-key=\"score\">score</th><th class=\"num\" data-key=\"count\">findings</th>"
           "<th data-key=\"detectors\">detectors</th><th>best finding</th></tr></thead><tbody>\n");
  for (size_t i = 0; i < doc.hosts.size(); ++i) {
    dom::element h = doc.hosts[i];
    std::string rank = std::to_string(i + 1), score = score_text(number_at(h, "score"));
    std::string detectors;
    for (dom::element d : array_at(h, "detectors")) {
      std::string_view s;
      if (d.get(s) != simdjson::SUCCESS) continue;
      if (!detectors.empty()) detectors += ' ';
      detectors += s;
    }
    std::vector<dom::element> ranks = array_at(h, "findings");
    page.raw(i >= options.page_rows ? "<tr class=\"host later\" id=\"h-" : "<tr class=\"host\" id=\"h-").raw(rank).raw("\" data-rank=\"").raw(rank).raw("\" data-host=\"")
        .text(text_at(h, "host")).raw("\" data-score=\"").raw(score).raw("\" data-count=\"")
        .raw(std::to_string(ranks.size())).raw("\" data-detectors=\"").text(detectors).raw("\">")
        .raw("<td class=\"num\">").raw(rank).raw("</td><td class=\"mono\">").text(text_at(h, "host"))
        .raw("</td><td class=\"num\"><span class=\"score ").raw(score_class(number_at(h, "score"))).raw("\">")
        .raw(score).raw("</span></td><td class=\"num\">").raw(std::to_string(ranks.size())).raw("</td><td>")
        .text(detectors).raw("</td><td class=\"dest\">");
    uint64_t best = 0;
    for (dom::element r : ranks) {
      if (r.get_uint64().get(best) == simdjson::SUCCESS) break;
    }
    if (best >= 1 && best <= doc.findings.size()) {
      dom::element f = doc.findings[best - 1];
      page.raw("<a href=\"#f-").raw(std::to_string(best)).raw("\">#").raw(std::to_string(best)).raw(" ")
          .text(text_at(f, "detector")).raw(" ").text(text_at(f, "subject")).raw("</a>: ").text(text_at(f, "headline"));
    }
    page.raw(" · <a href=\"#findings\" data-host-filter=\"").text(text_at(h, "host")).raw("\">all its findings</a>")
        .raw("</td></tr>\n");
  }
  page.raw("</tbody></table>\n");
  more_button(page, "hosts-table", doc.hosts.size(), options.page_rows);
}

// A finding is a row group: its summary row, and its evidence row shown when the finding is opened
// (class "open", set by the page's script, or the finding being the link target without script).
// Rows past the first page carry "later" and are not laid out until the reader asks for more: a page
// of ten thousand findings then opens as fast as one of two hundred.
void finding_rows(Page& page, const Document& doc, size_t i, const HtmlReportOptions& options) {
  dom::element f = doc.findings[i];
  std::string rank = std::to_string(i + 1), score = score_text(number_at(f, "score"));
  std::string_view host = text_at(f, "host");
  std::string dest(text_at(f, "subject"));
  auto hr = doc.host_rank.find(host);
  const char* state = i < options.open_findings ? " open" : i >= options.page_rows ? " later" : "";
  page.raw("<tbody class=\"finding").raw(state).raw("\" id=\"f-").raw(rank).raw("\" data-rank=\"").raw(rank)
      .raw("\" data-score=\"").raw(score).raw("\" data-host=\"").text(host).raw("\" data-detector=\"")
      .text(text_at(f, "detector")).raw("\" data-severity=\"").text(text_at(f, "severity")).raw("\" data-dest=\"").text(dest).raw("\">\n<tr><td class=\"num\">")
      .raw("<a class=\"toggle\" href=\"#f-").raw(rank).raw("\" title=\"evidence and plots\">").raw(rank)
      .raw("</a></td><td class=\"num\"><span class=\"score ").raw(score_class(number_at(f, "score"))).raw("\">")
      .raw(score).raw("</span></td><td class=\"mono\">");
  if (hr != doc.host_rank.end()) page.raw("<a href=\"#h-").raw(std::to_string(hr->second)).raw("\">").text(host).raw("</a>");
  else page.text(host);
  page.raw("</td><td>").text(text_at(f, "detector")).raw("</td><td>").text(text_at(f, "severity"))
      .raw("</td><td class=\"dest\">").text(dest).raw("</td><td>").text(text_at(f, "headline")).raw("</td></tr>\n<tr class=\"detail\"><td colspan=\"7\"><ul class=\"evidence\">");
  for (dom::element line : array_at(f, "evidence")) {
    std::string_view s;
    if (line.get(s) == simdjson::SUCCESS) page.raw("<li>").text(s).raw("</li>");
  }
  page.raw("</ul>");
  if (std::string plots = plots_attribute(f); !plots.empty())
    page.raw("<div class=\"plots\" data-plots=\"").text(plots).raw("\"></div>");
  page.raw("</td></tr>\n</tbody>\n");
}

void findings_section(Page& page, const Document& doc, const HtmlReportOptions& options) {
  page.raw("<h2 id=\"findings\">Findings</h2>\n<div class=\"filters\">")
      .raw("<label>host or destination <input id=\"f-host\" type=\"search\" placeholder=\"10.1.0.5, example.com\"></label>")
      .raw("<label>detector <select id=\"f-detector\"><option value=\"\">all</option>");
  std::vector<std::string_view> detectors;
  for (dom::element f : doc.findings) {
    std::string_view d = text_at(f, "detector");
    if (std::find(detectors.begin(), detectors.end(), d) == detectors.end()) detectors.push_back(d);
  }
  for (std::string_view d : detectors) page.raw("<option>").text(d).raw("</option>");
  page.raw("</select></label><label>min score <input id=\"f-score\" type=\"number\" min=\"0\" max=\"1\" step=\"0.05\" "
           "value=\"0\"></label></div>\n")
      .raw("<table id=\"findings-table\"><thead><tr><th class=\"num\" data-key=\"rank\">#</th>"
           "<th class=\"num\" data-key=\"score\">score</th><th data-key=\"host\">host</th>"
           "<th data-key=\"detector\">detector</th><th data-key=\"severity\">severity</th>"
           "<th data-key=\"dest\">what it concerns</th><th>what</th></tr></thead>\n");
  for (size_t i = 0; i < doc.findings.size(); ++i) finding_rows(page, doc, i, options);
  page.raw("</table>\n");
  more_button(page, "findings-table", doc.findings.size(), options.page_rows);
}

}  // namespace

Result<std::string> html_report(std::string_view hunt_json, const HtmlReportOptions& options) {
  dom::parser parser;
  simdjson::padded_string padded(hunt_json);
  Document doc;
  if (auto error = parser.parse(padded).get(doc.root); error != simdjson::SUCCESS)
    return Status::corruption(std::string("not a JSON document: ") + simdjson::error_message(error));
  if (text_at(doc.root, "vigil") != "hunt")
    return Status::invalid_argument("not a vigil hunt document (written by vigil hunt --json)");
  if (doc.root["summary"].get(doc.summary) != simdjson::SUCCESS)
    return Status::invalid_argument("not a vigil hunt document: it has no summary");
  for (dom::element f : array_at(doc.root, "findings")) doc.findings.push_back(f);
  for (dom::element h : array_at(doc.root, "hosts")) {
    doc.hosts.push_back(h);
    doc.host_rank.emplace(std::string(text_at(h, "host")), doc.hosts.size());
  }
  Page page;
  head(page, doc);
  summary_section(page, doc);
  hosts_section(page, doc, options);
  findings_section(page, doc, options);
  page.raw("<script>").raw(kReportJs).raw("</script>\n</body></html>\n");
  return page.take();
}

}  // namespace vigil
