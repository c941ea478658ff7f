// vigil hunt's outputs over findings of any detector: hosts ranked by the documented rule, --top keeping
// whole hosts, JSON and NDJSON that parse, CSV quoting and formula defusing, terminal escaping.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <sstream>
#include <string>

#include "report/hunt_report.h"

namespace vigil {
namespace {

FindingView make(const std::string& host, const std::string& subject, Severity severity, double confidence) {
  FindingView f;
  f.detector = severity == Severity::kHigh ? "beacon" : "rare-agent";
  f.host = *IpAddr::parse(host);
  f.subject = subject;
  f.severity = severity;
  f.confidence = confidence;
  f.first_ns = 1'704'067'200'000'000'000;
  f.last_ns = f.first_ns + 3'600'000'000'000;
  f.headline = "what it is";
  f.evidence = {"line one", "line two"};
  f.json_fields = "\"extra\":{\"n\":1}";
  return f;
}

std::vector<FindingView> sample() {
  return {make("10.0.0.1", "a.example:443/tcp", Severity::kHigh, 0.7),
          make("10.0.0.2", "=HYPERLINK(\"http://x\",\"click\")", Severity::kLow, 0.9),
          make("10.0.0.1", "agent, \"quoted\"", Severity::kMedium, 0.5),
          make("10.0.0.3", "b.example:443/tcp", Severity::kHigh, 0.75)};
}

TEST(HuntReport, SeverityTimesConfidenceAndHostsAsIndependentEvidence) {
  RankedFindings r = rank_findings(sample(), 0);
  ASSERT_EQ(r.findings.size(), 4u);
  EXPECT_DOUBLE_EQ(r.findings[0].score(), 0.75);         // high x 0.75
  EXPECT_NEAR(r.findings.back().score(), 0.27, 1e-12);   // low x 0.9
  ASSERT_EQ(r.hosts.size(), 3u);
  EXPECT_EQ(r.hosts[0].host.to_string(), "10.0.0.1");     // 1 - 0.3 x 0.7 = 0.79 beats 0.75
  EXPECT_NEAR(r.hosts[0].score, 1 - (1 - 0.7) * (1 - 0.3), 1e-12);
  EXPECT_EQ(r.hosts[1].host.to_string(), "10.0.0.3");
}

TEST(HuntReport, TopKeepsWholeHosts) {
  RankedFindings r = rank_findings(sample(), 2);
  ASSERT_EQ(r.hosts.size(), 2u);
  EXPECT_EQ(r.findings.size(), 3u);  // both of 10.0.0.1's and 10.0.0.3's; 10.0.0.2's dropped
  for (const FindingView& f : r.findings) EXPECT_NE(f.host.to_string(), "10.0.0.2");
}

TEST(HuntReport, JsonAndNdjsonParseWithTheDocumentedFields) {
  RankedFindings r = rank_findings(sample(), 0);
  HuntSummary s;
  s.inputs = {"in\"put"};
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  std::string json = hunt_json(s, r);
  ASSERT_EQ(parser.parse(json).get(doc), simdjson::SUCCESS) << json;
  EXPECT_EQ(doc["format_version"].get_uint64().value(), 2u);
  simdjson::dom::element first = doc["findings"].at(0);
  EXPECT_EQ(first["host_rank"].get_uint64().value(), 2u);
  EXPECT_EQ(std::string_view(first["severity"].get_string().value()), "high");
  EXPECT_EQ(first["extra"]["n"].get_uint64().value(), 1u);  // the detector's own fields spliced in
  EXPECT_EQ(doc["hosts"].at(0)["findings"].at(1).get_uint64().value(), 3u);  // 10.0.0.1: ranks 2 and 3
  std::istringstream lines(hunt_ndjson(r));
  std::string line;
  size_t n = 0;
  while (std::getline(lines, line)) {
    ASSERT_EQ(parser.parse(line).get(doc), simdjson::SUCCESS) << line;
    EXPECT_EQ(doc["rank"].get_uint64().value(), ++n);
  }
  EXPECT_EQ(n, 4u);
}

TEST(HuntReport, CsvQuotesAndDefusesFormulas) {
  std::string csv = hunt_csv(rank_findings(sample(), 0));
  EXPECT_NE(csv.find(",\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\","), std::string::npos) << csv;
  EXPECT_NE(csv.find(",\"agent, \"\"quoted\"\"\","), std::string::npos);
  EXPECT_NE(csv.find(",line one | line two\n"), std::string::npos);
  size_t rows = 0;
  for (char c : csv) rows += c == '\n';
  EXPECT_EQ(rows, 5u);  // header and four findings: no field broke a line
}

TEST(HuntReport, TableEscapesWireText) {
  std::vector<FindingView> v = {make("10.0.0.1", "evil\x1b[2J.example", Severity::kHigh, 0.9)};
  v[0].evidence = {"user agent: \x07\x1b]0;title\x07"};
  std::string table = hunt_table(HuntSummary{}, rank_findings(v, 0), true);
  EXPECT_EQ(table.find('\x1b'), std::string::npos);
  EXPECT_EQ(table.find('\x07'), std::string::npos);
  EXPECT_NE(table.find("evil\\x1b[2J.example"), std::string::npos);
}

}  // namespace
}  // namespace vigil
