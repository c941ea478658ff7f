// The HTML report's building blocks: escaping, the script's CSP hash, the page drawn from a hunt document
// (and refusing what is not one), the plot numbers, and the host ranking rule.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "detect/check_in_plot.h"
#include "detect/host_ranking.h"
#include "report/hunt_report.h"
#include "report/html_assets.h"
#include "report/html_report.h"
#include "report/html_text.h"

namespace vigil {
namespace {

TEST(HtmlText, EscapesWhatCanStartOrEndMarkup) {
  EXPECT_EQ(html_escape("<a href=\"x\" title='y'>&</a>"), "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  EXPECT_EQ(html_escape(std::string("a\x01\x1b[31mb\x7f", 9)), "a\\x01\\x1b[31mb\\x7f");
  EXPECT_EQ(html_escape("tab\tand\nnewline ünïcode"), "tab\tand\nnewline ünïcode");
}

TEST(HtmlText, CspHashIsBase64OfSha256) {
  EXPECT_EQ(csp_script_hash(""), "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
  EXPECT_EQ(csp_script_hash("abc"), "'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='");
}

BeaconFinding finding(const std::string& host, const std::string& name, double score) {
  BeaconFinding f;
  f.channel.internal = *IpAddr::parse(host);
  f.channel.name = name;
  f.channel.port = 443;
  f.channel.proto = TransportProto::kTcp;
  f.score = score;
  f.period.period_s = 60;
  f.period.check_ins = f.period.expected = 100;
  f.connections = 100;
  f.first_ns = 1'704'067'200'000'000'000;
  f.last_ns = f.first_ns + 99 * 60'000'000'000LL;
  std::vector<double> times;
  for (int i = 0; i < 100; ++i) times.push_back(1'704'067'200.0 + 60.0 * i);
  f.plot = plot_check_ins(times, 60);
  f.user_agents = {"agent\"><script>alert(1)</script>"};
  return f;
}

std::string page_of(const std::vector<BeaconFinding>& findings) {
  HuntSummary s;
  s.inputs = {"capture<b>.pcap"};
  std::vector<FindingView> views;
  for (const BeaconFinding& f : findings) views.push_back(view_of(f));
  Result<std::string> page = html_report(hunt_json(s, rank_findings(views, 0)));
  EXPECT_TRUE(page.is_ok()) << page.status().to_string();
  return page.is_ok() ? page.value() : std::string();
}

TEST(HtmlReport, WireTextIsEscapedEverywhere) {
  std::string page = page_of({finding("10.0.0.5", "<img src=x onerror=alert(1)>", 0.9)});
  EXPECT_EQ(page.find("<img"), std::string::npos);
  EXPECT_EQ(page.find("<b>"), std::string::npos);
  EXPECT_NE(page.find("&lt;img src=x onerror=alert(1)&gt;:443/tcp"), std::string::npos);  // the table cell
  EXPECT_NE(page.find("data-dest=\"&lt;img src=x onerror=alert(1)&gt;:443/tcp\""), std::string::npos);
  EXPECT_NE(page.find("agent&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  size_t scripts = 0;
  for (size_t at = page.find("<script"); at != std::string::npos; at = page.find("<script", at + 1)) ++scripts;
  EXPECT_EQ(scripts, 1u);
}

TEST(HtmlReport, OnlyItsOwnScriptMayRun) {
  std::string page = page_of({finding("10.0.0.5", "a.example", 0.9)});
  EXPECT_NE(page.find("default-src 'none'"), std::string::npos);
  EXPECT_NE(page.find("script-src " + csp_script_hash(kReportJs) + "\""), std::string::npos);
  EXPECT_NE(page.find("<script>" + std::string(kReportJs) + "</script>"), std::string::npos);
}

TEST(HtmlReport, HostsLinkToTheirFindingsAndBack) {
  std::string page = page_of({finding("10.0.0.5", "a.example", 0.9), finding("10.0.0.7", "b.example", 0.95),
                              finding("10.0.0.5", "c.example", 0.6)});
  // 10.0.0.5: 1 - 0.1 x 0.4 = 0.96 beats 10.0.0.7's 0.95, so it is host 1; its best finding is #2.
  size_t host1 = page.find("id=\"h-1\" data-rank=\"1\" data-host=\"10.0.0.5\" data-score=\"0.96\"");
  ASSERT_NE(host1, std::string::npos);
  EXPECT_LT(host1, page.find("<a href=\"#f-2\">#2 beacon a.example:443/tcp</a>"));
  EXPECT_NE(page.find("<a href=\"#h-1\">10.0.0.5</a>"), std::string::npos);
  EXPECT_NE(page.find("<a href=\"#h-2\">10.0.0.7</a>"), std::string::npos);
  EXPECT_NE(page.find("data-plots=\"check-ins over time (UTC);time;1704067200.000000;61.875;"), std::string::npos);
  EXPECT_NE(page.find("|intervals between check-ins;seconds;-3.000000;6;0,0,0,0,0,0,0,0,0,0,99,0,"), std::string::npos);
  EXPECT_NE(page.find(";60:period 60.0 s;60;;count|hour of day (UTC);hour;"), std::string::npos);
}

TEST(HtmlReport, RefusesWhatIsNotAHuntDocument) {
  EXPECT_FALSE(html_report("").is_ok());
  EXPECT_FALSE(html_report("{\"vigil\":\"hunt\"").is_ok());
  EXPECT_FALSE(html_report("[1,2,3]").is_ok());
  EXPECT_FALSE(html_report("{\"vigil\":\"other\",\"summary\":{}}").is_ok());
  EXPECT_FALSE(html_report("{\"vigil\":\"hunt\"}").is_ok());  // no summary
  EXPECT_FALSE(html_report(std::string(5000, '[') + std::string(5000, ']')).is_ok());
}

TEST(HtmlReport, SurvivesAHandEditedDocument) {
  // Wrong types everywhere: drawn as far as it makes sense, never a crash.
  Result<std::string> page = html_report(
      "{\"vigil\":\"hunt\",\"summary\":{\"inputs\":[1,\"<x>\"],\"connections\":-3},\"hosts\":[5,{\"host\":7,"
      "\"findings\":[\"a\",99,0]}],\"findings\":[3,{\"detector\":\"beacon\",\"score\":\"high\",\"plot\":{\"timeline\":"
      "[\"x\",-1]},\"evidence\":[null,\"<b>\"]}]}");
  ASSERT_TRUE(page.is_ok()) << page.status().to_string();
  EXPECT_EQ(page.value().find("<x>"), std::string::npos);
  EXPECT_NE(page.value().find("&lt;b&gt;"), std::string::npos);
}

TEST(CheckInPlot, PerfectBeaconFillsThePeriodBin) {
  std::vector<double> times;
  for (int i = 0; i < 1440; ++i) times.push_back(1'704'067'200.0 + 60.0 * i);  // one day, every minute
  CheckInPlot p = plot_check_ins(times, 60);
  ASSERT_EQ(p.intervals.size(), CheckInPlot::kIntervalBins);
  EXPECT_DOUBLE_EQ(p.interval_bin_s, 6);
  EXPECT_EQ(p.intervals[10], 1439u);  // bin k is centred on k x 6 s
  EXPECT_EQ(p.intervals_beyond, 0u);
  uint32_t total = 0;
  for (uint32_t c : p.timeline) total += c;
  EXPECT_EQ(total, 1440u);
  for (uint32_t h : p.hours) EXPECT_EQ(h, 60u);
}

TEST(CheckInPlot, DropsSitAtTwicePeriodAndSilencesBeyond) {
  std::vector<double> times = {0, 60, 120, 240, 300, 300 + 86400};
  CheckInPlot p = plot_check_ins(times, 60);
  EXPECT_EQ(p.intervals[10], 3u);
  EXPECT_EQ(p.intervals[20], 1u);
  EXPECT_EQ(p.intervals_beyond, 1u);
  EXPECT_EQ(p.timeline.front(), 5u);
  EXPECT_EQ(p.timeline.back(), 1u);
  EXPECT_TRUE(plot_check_ins({}, 60).empty());
}

TEST(HostRanking, CombinesFindingsAsIndependentEvidence) {
  IpAddr a = *IpAddr::parse("10.0.0.1"), b = *IpAddr::parse("10.0.0.2");
  std::vector<RankedHost> hosts = rank_hosts({{a, 0.6, "beacon"}, {b, 0.9, "beacon"}, {a, 0.8, "dns"}});
  ASSERT_EQ(hosts.size(), 2u);
  EXPECT_EQ(hosts[0].host, a);
  EXPECT_NEAR(hosts[0].score, 1 - 0.4 * 0.2, 1e-12);
  EXPECT_EQ(hosts[0].findings, (std::vector<size_t>{2, 0}));  // best first
  EXPECT_EQ(hosts[0].detectors, (std::vector<std::string>{"dns", "beacon"}));
  EXPECT_NEAR(hosts[1].score, 0.9, 1e-12);
}

}  // namespace
}  // namespace vigil
