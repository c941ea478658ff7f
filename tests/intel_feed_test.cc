// Threat-intel feeds: the three formats, matching rules, malformed lines with their line numbers, STIX
// patterns (OR, skipped kinds, revoked) and hostile input.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <thread>

#include <sys/stat.h>

#include "intel/feed_loader.h"
#include "intel/indicator_set.h"
#include "intel/indicator_text.h"
#include "intel/stix_pattern.h"

namespace vigil {
namespace {

IpAddr ip(const char* text) { return *IpAddr::parse(text); }

// Parses `text` as one feed called `name` into a fresh set; the report is returned through `report`.
IndicatorSet parse(std::string_view text, FeedFormat format, FeedReport* report = nullptr,
                   const std::string& name = "feed") {
  IndicatorSet set;
  Result<FeedReport> r = parse_feed_into(set, text, format, name, name + ".txt");
  EXPECT_TRUE(r.is_ok()) << r.status().to_string();
  if (r.is_ok() && report != nullptr) *report = r.value();
  return set;
}

std::vector<uint64_t> problem_lines(const FeedReport& r) {
  std::vector<uint64_t> lines;
  for (const Status& s : r.problems) lines.push_back(s.line().value_or(0));
  return lines;
}

// ---- Matching rules ----

TEST(IntelMatch, NameMatchesItselfAndSubdomainsOnly) {
  IndicatorSet set = parse("evil.com\n", FeedFormat::kPlain);
  EXPECT_TRUE(set.match_name("evil.com"));
  EXPECT_TRUE(set.match_name("a.b.evil.com"));
  EXPECT_FALSE(set.match_name("notevil.com"));
  EXPECT_FALSE(set.match_name("evil.com.au"));
  EXPECT_FALSE(set.match_name("com"));
  EXPECT_FALSE(set.match_name(""));
  EXPECT_FALSE(set.match_name("."));
  std::string deep;
  for (int i = 0; i < 70; ++i) deep += "x.";
  EXPECT_TRUE(set.match_name(deep + "evil.com"));  // more labels than the label-count filter tracks
  EXPECT_FALSE(set.match_name(deep + "notevil.com"));
}

TEST(IntelMatch, HugeQueriedNamesLookOnlyAtTheirLastBytes) {
  std::string z60(60, 'z');
  std::string listed = z60 + "." + z60 + "." + z60 + "." + z60 + ".example";  // 251 bytes: near the limit
  IndicatorSet set = parse("evil.com\n" + listed + "\n", FeedFormat::kPlain);
  std::string huge;
  for (int i = 0; i < 40000; ++i) huge += "a.";
  EXPECT_TRUE(set.match_name(huge + "evil.com"));
  EXPECT_TRUE(set.match_name(huge + listed + "."));
  ASSERT_TRUE(set.match_name("x." + listed));
  EXPECT_EQ(set.match_name("x." + listed)->name, listed);
  EXPECT_FALSE(set.match_name(huge + "notevil.com"));
  EXPECT_FALSE(set.match_name(std::string(100000, 'q') + "evil.com"));  // no label boundary before "evil.com"
}

TEST(IntelMatch, NamesOfManyLabelsAreListedAndFound) {
  std::string listed;
  for (int i = 0; i < 100; ++i) listed += "y.";
  listed += "example";
  IndicatorSet set = parse(listed + "\n", FeedFormat::kPlain);
  EXPECT_TRUE(set.match_name("www." + listed));
  EXPECT_TRUE(set.match_name(listed));
  EXPECT_FALSE(set.match_name(listed.substr(2)));
}

TEST(IntelMatch, NameCaseAndTrailingDot) {
  IndicatorSet set = parse("Evil.COM.\n", FeedFormat::kPlain);
  EXPECT_TRUE(set.match_name("evil.com"));
  EXPECT_TRUE(set.match_name("WWW.EVIL.Com."));
  auto m = set.match_name("X.Evil.com");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->name, "evil.com");
  EXPECT_EQ(m->indicator(), "evil.com");
}

TEST(IntelMatch, MostSpecificNameWins) {
  IndicatorSet set = parse("evil.com parent\nc2.evil.com child\n", FeedFormat::kPlain);
  EXPECT_EQ(set.match_name("x.c2.evil.com")->label, "child");
  EXPECT_EQ(set.match_name("x.evil.com")->label, "parent");
}

TEST(IntelMatch, CidrEdgesV4) {
  IndicatorSet set = parse("198.51.100.0/25\n203.0.113.7\n10.0.0.0/8\n", FeedFormat::kPlain);
  EXPECT_TRUE(set.match_address(ip("198.51.100.0")));
  EXPECT_TRUE(set.match_address(ip("198.51.100.127")));
  EXPECT_FALSE(set.match_address(ip("198.51.100.128")));
  EXPECT_FALSE(set.match_address(ip("198.51.99.255")));
  EXPECT_TRUE(set.match_address(ip("203.0.113.7")));
  EXPECT_FALSE(set.match_address(ip("203.0.113.8")));
  EXPECT_FALSE(set.match_address(ip("203.0.113.6")));
  EXPECT_TRUE(set.match_address(ip("10.255.255.255")));
  EXPECT_FALSE(set.match_address(ip("11.0.0.0")));
  auto m = set.match_address(ip("198.51.100.77"));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->kind, IndicatorKind::kNetwork);
  EXPECT_EQ(m->indicator(), "198.51.100.0/25");
  EXPECT_EQ(set.match_address(ip("203.0.113.7"))->indicator(), "203.0.113.7");
}

TEST(IntelMatch, CidrEdgesV6AndFamiliesKeptApart) {
  IndicatorSet set = parse("2001:db8:abcd::/48\n2001:db8::1\n::/0\n", FeedFormat::kPlain);
  EXPECT_TRUE(set.match_address(ip("2001:db8:abcd:ffff:ffff:ffff:ffff:ffff")));
  EXPECT_EQ(set.match_address(ip("2001:db8:abcd::5"))->indicator(), "2001:db8:abcd::/48");
  EXPECT_EQ(set.match_address(ip("2001:db8:abce::"))->indicator(), "::/0");  // only the catch-all
  EXPECT_EQ(set.match_address(ip("2001:db8::1"))->indicator(), "2001:db8::1");
  // An IPv6 ::/0 must not swallow IPv4 addresses (kept as ::ffff:a.b.c.d internally).
  EXPECT_FALSE(set.match_address(ip("192.0.2.1")));
  IndicatorSet v4 = parse("0.0.0.0/0 all\n", FeedFormat::kPlain);
  EXPECT_TRUE(v4.match_address(ip("192.0.2.1")));
  EXPECT_FALSE(v4.match_address(ip("2001:db8::1")));
}

TEST(IntelMatch, LongestPrefixWinsAndHostBitsIgnored) {
  IndicatorSet set = parse("10.1.2.3/16 wide\n10.1.2.0/24 narrow\n", FeedFormat::kPlain);
  EXPECT_EQ(set.match_address(ip("10.1.2.9"))->label, "narrow");
  EXPECT_EQ(set.match_address(ip("10.1.3.9"))->label, "wide");
  EXPECT_EQ(set.match_address(ip("10.1.3.9"))->indicator(), "10.1.0.0/16");
}

TEST(IntelMatch, FeedNameCarriedAndFirstFeedKeptOnDuplicates) {
  IndicatorSet set;
  ASSERT_TRUE(parse_feed_into(set, "evil.com\n192.0.2.1\n", FeedFormat::kPlain, "alpha").is_ok());
  Result<FeedReport> b = parse_feed_into(set, "evil.com\nbad.org\n", FeedFormat::kPlain, "beta");
  ASSERT_TRUE(b.is_ok());
  EXPECT_EQ(b.value().loaded, 1u);
  EXPECT_EQ(b.value().duplicates, 1u);
  EXPECT_EQ(set.match_name("evil.com")->feed, "alpha");
  EXPECT_EQ(set.match_name("x.bad.org")->feed, "beta");
  EXPECT_EQ(set.match_address(ip("192.0.2.1"))->feed, "alpha");
  EXPECT_EQ(set.size(), 3u);
  EXPECT_EQ(set.feed_count(), 2u);
}

TEST(IntelMatch, DirectAddNormalisesNamesAndUnknownFeedsAreRefused) {
  IndicatorSet set;
  FeedId feed = set.add_feed("manual");
  Indicator ind;
  ind.kind = IndicatorKind::kName;
  ind.name = "Mixed.Example.";
  EXPECT_TRUE(set.add(feed, ind, "by hand"));
  EXPECT_FALSE(set.add(feed, ind, "again"));
  EXPECT_FALSE(set.add(feed + 1, parse_indicator("other.example").value()));
  EXPECT_EQ(set.match_name("A.MIXED.example")->label, "by hand");
  EXPECT_EQ(set.match_name("a.mixed.example")->name, "mixed.example");
  EXPECT_FALSE(set.match_name("other.example"));
  EXPECT_EQ(set.size(), 1u);
}

TEST(IntelMatch, LabelsAreCleanedAndCut) {
  IndicatorSet set;
  FeedId feed = set.add_feed("f");
  ASSERT_TRUE(
      set.add(feed, parse_indicator("a.example").value(), std::string("bell\a\xff\0x", 8) + std::string(500, 'y')));
  std::string_view label = set.match_name("a.example")->label;
  EXPECT_EQ(label.substr(0, 9), "bell???xy");
  EXPECT_EQ(label.size(), 200u);
}

// ---- Indicator text ----

TEST(IntelText, DefangedUrlsAndPorts) {
  struct Case {
    const char* in;
    const char* out;
  } cases[] = {
      {"evil[.]com", "evil.com"},
      {"hxxp://evil[.]com/path?q=1", "evil.com"},
      {"hxxps[:]//user@Evil(.)Com:8443/x", "evil.com"},
      {"http://192.0.2.9:8080/gate.php", "192.0.2.9"},
      {"192.0.2.10:443", "192.0.2.10"},
      {"[2001:db8::7]:443", "2001:db8::7"},
      {"https://[2001:db8::8]/x", "2001:db8::8"},
      {"*.wild.example", "wild.example"},
      {"evil.com/path", "evil.com"},
      {"10.0.0.0/8", "10.0.0.0/8"},
      {"2001:db8::/32", "2001:db8::/32"},
      {"203.0.113.1/32", "203.0.113.1"},
  };
  for (const Case& c : cases) {
    Result<Indicator> r = parse_indicator(c.in);
    ASSERT_TRUE(r.is_ok()) << c.in << ": " << r.status().to_string();
    EXPECT_EQ(r.value().to_string(), c.out) << c.in;
  }
}

TEST(IntelText, RejectsWhatIsNotAnIndicator) {
  std::string long_label(64, 'a');
  std::string many_labels;
  for (int i = 0; i < 127; ++i) many_labels += "a.";
  many_labels.pop_back();  // 127 labels, 253 bytes
  std::string too_long = std::string(250, 'a') + ".com";
  const std::string cases[] = {"com",
                               "",
                               "a..b.com",
                               ".evil.com",
                               "ev il.com",
                               "evil.com\xff",
                               std::string("ev\0il.com", 9),
                               "300.1.1.1",
                               "1.2.3",
                               "10.0.0.0/33",
                               "10.0.0.0/x",
                               "fd00::/129",
                               long_label + ".com",
                               many_labels,
                               too_long,
                               "evil.com:http",
                               "[2001:db8::1",
                               "évil.com"};
  for (const std::string& c : cases) EXPECT_FALSE(parse_indicator(c).is_ok()) << printable_excerpt(c);
  EXPECT_TRUE(parse_indicator(std::string(63, 'a') + ".com").is_ok());
}

// ---- Plain lists ----

TEST(IntelPlain, CommentsBlanksLabelsAndHostsLines) {
  FeedReport r;
  IndicatorSet set = parse(
      "# a feed\n"
      "\n"
      "   192.0.2.1   \n"
      "198.51.100.0/24 ; SBL12345\n"
      "evil.com  # trailing comment\n"
      "0.0.0.0 hosts.example\n"
      "\t2001:db8::1\r\n",
      FeedFormat::kPlain, &r, "drop");
  EXPECT_EQ(r.loaded, 5u);
  EXPECT_EQ(r.malformed, 0u);
  EXPECT_EQ(set.match_address(ip("198.51.100.9"))->label, "SBL12345");
  EXPECT_TRUE(set.match_name("hosts.example"));
  EXPECT_FALSE(set.match_address(ip("0.0.0.0")));  // the sinkhole address of a hosts line is not listed
  EXPECT_TRUE(set.match_address(ip("2001:db8::1")));
  EXPECT_TRUE(set.match_name("www.evil.com"));
  EXPECT_EQ(set.match_name("evil.com")->label, "");
  EXPECT_EQ(set.match_name("evil.com")->feed, "drop");
}

TEST(IntelPlain, MalformedLinesReportedWithLineNumbersRestLoaded) {
  FeedReport r;
  IndicatorSet set = parse("192.0.2.1\nnot_valid!\ngood.example\n\n999.1.1.1\n10.0.0.0/40\nlast.example",
                           FeedFormat::kPlain, &r, "mixed");
  EXPECT_EQ(r.loaded, 3u);
  EXPECT_EQ(r.malformed, 3u);
  EXPECT_EQ(problem_lines(r), (std::vector<uint64_t>{2, 5, 6}));
  EXPECT_EQ(r.problems[0].file(), "mixed.txt");
  EXPECT_NE(r.problems[0].to_string().find("mixed.txt:2: "), std::string::npos) << r.problems[0].to_string();
  EXPECT_TRUE(set.match_name("last.example"));
}

TEST(IntelPlain, StoredProblemsAreCappedButAllCounted) {
  std::string text;
  for (int i = 0; i < 250; ++i) text += "bad!line\n";
  text += "ok.example\n";
  FeedReport r;
  IndicatorSet set = parse(text, FeedFormat::kPlain, &r);
  EXPECT_EQ(r.malformed, 250u);
  EXPECT_EQ(r.problems.size(), kMaxStoredProblems);
  EXPECT_EQ(r.problems.back().line(), kMaxStoredProblems);
  EXPECT_TRUE(set.match_name("ok.example"));
}

TEST(IntelPlain, HostileLinesNeverCrash) {
  std::string text = "first.example\n";
  text += std::string(3 << 20, 'a') + "\n";    // a 3 MB line
  text += std::string("nul\0.example\n", 13);  // NUL byte
  text += "\xc3\x28.example\n";                // invalid UTF-8
  std::string deep;
  for (int i = 0; i < 127; ++i) deep += "a.";
  text += deep + "com\n";                        // 128 labels
  text += "a..example\n";                        // empty label
  text += std::string(300, 'b') + ".example\n";  // > 253 bytes
  text += "\xff\xfe\n";
  text += "last.example";  // no final newline
  FeedReport r;
  IndicatorSet set = parse(text, FeedFormat::kPlain, &r);
  EXPECT_EQ(r.loaded, 2u);
  EXPECT_EQ(problem_lines(r), (std::vector<uint64_t>{2, 3, 4, 5, 6, 7, 8}));
  EXPECT_LT(r.problems[0].message().size(), 200u);  // the 3 MB line is not copied into the message
  EXPECT_TRUE(set.match_name("last.example"));
}

// ---- CSV ----

TEST(IntelCsv, FindsIndicatorAndLabelColumnsByName) {
  FeedReport r;
  IndicatorSet set = parse(
      "first_seen,Dst_IP,port,Description\n"
      "2024-01-01,192.0.2.5,443,\"Emotet, epoch 5\"\n"
      "2024-01-02,evil.example,80,\"says \"\"hi\"\"\"\n"
      "2024-01-03,,80,empty\n"
      "2024-01-04\n",
      FeedFormat::kCsv, &r, "feodo");
  EXPECT_EQ(r.loaded, 2u);
  EXPECT_EQ(problem_lines(r), (std::vector<uint64_t>{4, 5}));
  auto m = set.match_address(ip("192.0.2.5"));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->label, "Emotet, epoch 5");
  EXPECT_EQ(m->feed, "feodo");
  EXPECT_EQ(set.match_name("evil.example")->label, "says \"hi\"");
}

TEST(IntelCsv, FirstColumnWhenNoNameMatchesAndQuotedLineBreaks) {
  FeedReport r;
  IndicatorSet set = parse(
      "thing,notes\r\n"
      "one.example,\"two\r\nlines\"\r\n"
      "\"bad quote,x\r\n"
      "two.example,z\r\n",
      FeedFormat::kCsv, &r);
  // The unterminated quote on line 4 swallows the rest: reported there, then reading resumes on line 5.
  EXPECT_EQ(r.loaded, 2u);
  EXPECT_EQ(problem_lines(r), (std::vector<uint64_t>{4}));
  EXPECT_EQ(set.match_name("one.example")->label, "");  // "notes" is not a label column name
  EXPECT_TRUE(set.match_name("two.example"));
}

TEST(IntelCsv, UnescapedLabelsSurviveLaterRows) {
  // Labels with doubled quotes are rebuilt in scratch space the next row reuses; each must keep its own text.
  std::string text = "domain,description\n";
  auto host = [](int i) { return std::string("h").append(std::to_string(i)).append(".example"); };
  for (int i = 0; i < 70; ++i) text.append(host(i)).append(",\"said \"\"").append(std::to_string(i)).append("\"\"\"\n");
  FeedReport r;
  IndicatorSet set = parse(text, FeedFormat::kCsv, &r);
  EXPECT_EQ(r.loaded, 70u);
  for (int i = 0; i < 70; ++i) {
    auto m = set.match_name(host(i));
    ASSERT_TRUE(m) << i;
    EXPECT_EQ(m->label, std::string("said \"").append(std::to_string(i)).append("\""));
  }
}

TEST(IntelCsv, LineNumbersCountQuotedLineBreaks) {
  FeedReport r;
  parse("ioc,comment\nok.example,\"a\nb\nc\"\nbad!,x\n", FeedFormat::kCsv, &r);
  EXPECT_EQ(r.loaded, 1u);
  EXPECT_EQ(problem_lines(r), (std::vector<uint64_t>{5}));
}

TEST(IntelCsv, HeaderInLastCommentAndHeaderlessFiles) {
  FeedReport r;
  IndicatorSet set = parse(
      "# abuse.ch botnet C2\n"
      "# \"first_seen_utc\",\"dst_ip\",\"dst_port\",\"malware\"\n"
      "\"2021-01-17 07:44:46\",\"192.0.2.44\",\"447\",\"TrickBot\"\n",
      FeedFormat::kCsv, &r);
  EXPECT_EQ(r.loaded, 1u);
  EXPECT_EQ(set.match_address(ip("192.0.2.44"))->label, "TrickBot");

  IndicatorSet bare = parse("192.0.2.1,first\n192.0.2.2,second\n", FeedFormat::kCsv, &r);
  EXPECT_EQ(r.loaded, 2u);
  EXPECT_TRUE(bare.match_address(ip("192.0.2.1")));
}

TEST(IntelCsv, HostileRecords) {
  std::string text = "indicator\n";
  text += std::string(1 << 20, ',') + "\n";  // a million empty fields
  text += "\"" + std::string(1 << 20, 'x') + "\"\n";
  text += std::string("a\0b.example\n", 12);
  text += "ok.example\n";
  text += "\"never closed";
  FeedReport r;
  IndicatorSet set = parse(text, FeedFormat::kCsv, &r);
  EXPECT_EQ(r.loaded, 1u);
  EXPECT_EQ(problem_lines(r), (std::vector<uint64_t>{2, 3, 4, 6}));
  EXPECT_TRUE(set.match_name("ok.example"));
}

// ---- STIX ----

std::string bundle(const std::string& objects) {
  return R"({"type":"bundle","id":"bundle--1","objects":[)" + objects + "]}";
}

std::string indicator(const std::string& pattern, const std::string& extra = "") {
  return R"({"type":"indicator","spec_version":"2.1","id":"indicator--)" +
         std::to_string(std::hash<std::string>{}(pattern)) + R"(","pattern":")" + pattern +
         R"(","pattern_type":"stix")" + extra + "}";
}

TEST(IntelStix, PatternsWithOrAndCidr) {
  FeedReport r;
  IndicatorSet set =
      parse(bundle(indicator("[ipv4-addr:value = '192.0.2.1' OR ipv4-addr:value = '192.0.2.2']", R"(,"name":"pair")") +
                   "," + indicator("[domain-name:value = 'Evil.Example'] OR [ipv6-addr:value = '2001:db8::/32']") +
                   "," + indicator("[ipv4-addr:value ISSUBSET '198.51.100.0/24']") + "," +
                   R"({"type":"identity","id":"identity--1","name":"someone"})"),
            FeedFormat::kStix, &r, "stix");
  EXPECT_EQ(r.loaded, 5u);
  EXPECT_EQ(r.other_objects, 1u);
  EXPECT_EQ(r.malformed, 0u);
  EXPECT_EQ(set.match_address(ip("192.0.2.2"))->label, "pair");
  EXPECT_EQ(set.match_address(ip("192.0.2.2"))->feed, "stix");
  EXPECT_FALSE(set.match_address(ip("192.0.2.3")));
  EXPECT_TRUE(set.match_name("www.evil.example"));
  EXPECT_TRUE(set.match_address(ip("2001:db8:1::1")));
  EXPECT_TRUE(set.match_address(ip("198.51.100.200")));
}

TEST(IntelStix, SkipsOtherKindsAndRevoked) {
  FeedReport r;
  IndicatorSet set =
      parse(bundle(indicator(R"([file:hashes.'SHA-256' = 'abcd'])") + "," +
                   indicator("[ipv4-addr:value = '192.0.2.7' AND network-traffic:dst_port = 443]") + "," +
                   indicator("[url:value = 'http://evil.example/x']") + "," +
                   indicator("[ipv4-addr:value = '192.0.2.8'] FOLLOWEDBY [ipv4-addr:value = '192.0.2.9']") + "," +
                   indicator("[ipv4-addr:value != '192.0.2.10']") + "," +
                   R"({"type":"indicator","id":"indicator--s","pattern":"alert ip any any","pattern_type":"snort"})" +
                   "," + indicator("[ipv4-addr:value = '192.0.2.11']", R"(,"revoked":true)") + "," +
                   indicator("[ipv4-addr:value = '192.0.2.12']", R"(,"revoked":false)") + "," +
                   indicator(R"([file:hashes.MD5 = 'x' OR domain-name:value = 'mixed.example'])")),
            FeedFormat::kStix, &r);
  EXPECT_EQ(r.unsupported, 6u);
  EXPECT_EQ(r.revoked, 1u);
  EXPECT_EQ(r.loaded, 2u);
  EXPECT_EQ(r.malformed, 0u);
  for (const char* a : {"192.0.2.7", "192.0.2.8", "192.0.2.9", "192.0.2.10", "192.0.2.11"})
    EXPECT_FALSE(set.match_address(ip(a))) << a;
  EXPECT_TRUE(set.match_address(ip("192.0.2.12")));
  EXPECT_TRUE(set.match_name("mixed.example"));
}

TEST(IntelStix, MalformedObjectsNamedRestLoaded) {
  FeedReport r;
  IndicatorSet set = parse(bundle(indicator("[ipv4-addr:value = '192.0.2.1") + "," +       // 0: unterminated quote
                                  indicator("[ipv4-addr:value = '192.0.2.2'") + "," +      // 1: unbalanced bracket
                                  indicator("[ipv4-addr:value = 'evil.example']") + "," +  // 2: wrong kind of value
                                  R"({"type":"indicator","id":"indicator--nopattern"})" + "," +  // 3
                                  "42," +                                                        // 4
                                  indicator("[domain-name:value = 'ok.example']")),              // 5
                           FeedFormat::kStix, &r);
  EXPECT_EQ(r.loaded, 1u);
  ASSERT_EQ(r.malformed, 5u);
  for (size_t i = 0; i < 5; ++i)
    EXPECT_NE(r.problems[i].message().find("object " + std::to_string(i)), std::string::npos)
        << r.problems[i].message();
  EXPECT_NE(r.problems[3].message().find("indicator--nopattern"), std::string::npos);
  EXPECT_TRUE(set.match_name("ok.example"));
}

TEST(IntelStix, InvalidJsonFailsTheFeed) {
  IndicatorSet set;
  EXPECT_FALSE(parse_feed_into(set, "{\"type\":\"bundle\",\"objects\":[", FeedFormat::kStix, "x").is_ok());
  EXPECT_FALSE(parse_feed_into(set, "[1,2]", FeedFormat::kStix, "x").is_ok());
  EXPECT_FALSE(parse_feed_into(set, "{\"type\":\"bundle\"}", FeedFormat::kStix, "x").is_ok());
  EXPECT_FALSE(parse_feed_into(set, std::string("{\"a\":\"\0\xff\"}", 10), FeedFormat::kStix, "x").is_ok());
}

TEST(IntelStix, PatternParserOutcomes) {
  EXPECT_EQ(parse_stix_pattern("[ipv4-addr:value = 'a\\'b']").values.at(0).value, "a'b");
  EXPECT_EQ(parse_stix_pattern("([ipv4-addr:value='1.2.3.4'] or ([domain-name:value = 'x.com']))").values.size(), 2u);
  EXPECT_EQ(parse_stix_pattern("[ipv4-addr:value = '1.2.3.4'] OR").outcome, PatternOutcome::kUnsupported);
  EXPECT_EQ(parse_stix_pattern("").outcome, PatternOutcome::kUnsupported);
  EXPECT_EQ(parse_stix_pattern("[ipv4-addr:value = '1.2.3.4\\").outcome, PatternOutcome::kMalformed);
  EXPECT_EQ(parse_stix_pattern("[(ipv4-addr:value = '1.2.3.4'])").outcome, PatternOutcome::kMalformed);
  EXPECT_EQ(parse_stix_pattern("[ipv4-addr:value NOT = '1.2.3.4']").outcome, PatternOutcome::kUnsupported);
  EXPECT_EQ(parse_stix_pattern("[domain-name:value ISSUBSET 'x.com']").outcome, PatternOutcome::kUnsupported);
}

TEST(IntelStix, PatternValuesViewThePatternOrTheirStorage) {
  ParsedPattern p = parse_stix_pattern("[domain-name:value = 'a\\\\b.example' OR ipv4-addr:value = '192.0.2.1']");
  ASSERT_EQ(p.values.size(), 2u);
  EXPECT_EQ(p.values[0].value, "a\\b.example");
  EXPECT_EQ(p.values[1].value, "192.0.2.1");
  ParsedPattern moved = std::move(p);  // the unescaped text moves with it
  EXPECT_EQ(moved.values[0].value, "a\\b.example");
  parse_stix_pattern("[ipv6-addr:value = '2001:db8::1']", moved);  // reused: nothing left from before
  ASSERT_EQ(moved.values.size(), 1u);
  EXPECT_EQ(moved.values[0].object, StixObject::kIpv6);
  parse_stix_pattern("[ipv4-addr:value = '1.2.3.4'] AND [ipv4-addr:value = '1.2.3.5']", moved);
  EXPECT_EQ(moved.outcome, PatternOutcome::kUnsupported);
  EXPECT_TRUE(moved.values.empty());
  // An unterminated string is the problem named even after an unbalanced bracket, as before.
  EXPECT_EQ(parse_stix_pattern("] [ipv4-addr:value = '1").error, "unterminated string in pattern");
  EXPECT_EQ(parse_stix_pattern("[[ipv4-addr:value = '1.2.3.4']").error, "unbalanced brackets in pattern");
}

TEST(IntelStix, FieldsInAnyOrderEscapedTextAndRepeatedKeys) {
  FeedReport r;
  IndicatorSet set = parse(
      bundle(
          // pattern and name before type, id last
          R"({"pattern":"[ipv4-addr:value = '192.0.2.1']","name":"late type","type":"indicator","id":"indicator--a"},)"
          // JSON escapes: \u0027 is the pattern's quote; a key spelled with an escape is still "name"
          R"({"type":"indicator","pattern":"[domain-name:value = \u0027esc.example\u0027]","n\u0061me":"say \"hi\""},)"
          // a STIX \\ (JSON \\\\) inside the value, then a good value in the same OR
          R"({"type":"indicator","id":"indicator--b","pattern":"[domain-name:value = 'x\\\\'] OR [domain-name:value = 'ok.example']"},)"
          // a repeated key keeps its first value: this is an identity, not an indicator
          R"({"type":"identity","type":"indicator","pattern":"[ipv4-addr:value = '192.0.2.9']"},)"
          // and a first "revoked" that is not a boolean does not revoke
          R"({"type":"indicator","revoked":"yes","revoked":true,"pattern":"[ipv4-addr:value = '192.0.2.10']"})"),
      FeedFormat::kStix, &r);
  EXPECT_EQ(r.loaded, 4u);
  EXPECT_EQ(r.other_objects, 1u);
  EXPECT_EQ(r.revoked, 0u);
  ASSERT_EQ(r.malformed, 1u);
  EXPECT_NE(r.problems[0].message().find("object 2 (indicator--b): bad value 'x\\x5c'"), std::string::npos)
      << r.problems[0].message();
  EXPECT_EQ(set.match_address(ip("192.0.2.1"))->label, "late type");
  EXPECT_EQ(set.match_name("esc.example")->label, "say \"hi\"");
  EXPECT_TRUE(set.match_name("ok.example"));
  EXPECT_FALSE(set.match_address(ip("192.0.2.9")));
  EXPECT_TRUE(set.match_address(ip("192.0.2.10")));
}

TEST(IntelStix, ObjectsAfterAMalformedOrDeepOneStillLoad) {
  std::string deep;
  for (int i = 0; i < 450; ++i) deep += R"({"a":[)";
  deep += "1";
  for (int i = 0; i < 450; ++i) deep += "]}";
  FeedReport r;
  IndicatorSet set =
      parse(bundle(indicator("[ipv4-addr:value = '192.0.2.1']") + "," +                                  // 0
                   R"({"type":"x-deep","id":"x-deep--1","payload":)" + deep + "}," +                    // 1
                   R"({"type":"indicator","id":"indicator--broken","pattern":"[ipv4-addr:value = '"},)" +  // 2
                   R"(["not","an","object"],)" +                                                        // 3
                   R"({"id":"no-type"},)" +                                                             // 4
                   indicator("[ipv4-addr:value = '192.0.2.5']", R"(,"extra":{"nested":[{"deeper":[null,true,-1.5e3]}]})")),
            FeedFormat::kStix, &r);
  EXPECT_EQ(r.loaded, 2u);
  EXPECT_EQ(r.other_objects, 1u);
  ASSERT_EQ(r.malformed, 3u);
  EXPECT_NE(r.problems[0].message().find("object 2 (indicator--broken): unterminated string"), std::string::npos);
  EXPECT_NE(r.problems[1].message().find("object 3: not a JSON object"), std::string::npos);
  EXPECT_NE(r.problems[2].message().find("object 4: no \"type\""), std::string::npos);
  EXPECT_TRUE(set.match_address(ip("192.0.2.1")));
  EXPECT_TRUE(set.match_address(ip("192.0.2.5")));
}

// A bundle that turns out not to be JSON after some of its indicators were read adds nothing, also when
// loaded into a set that already holds other feeds.
TEST(IntelStix, InvalidAfterIndicatorsFailsWholeAndAddsNothing) {
  const std::string good = indicator("[ipv4-addr:value = '192.0.2.1']") + "," +
                           indicator("[ipv4-addr:value = '198.51.100.7']") + "," +  // also in the first feed
                           indicator("[ipv4-addr:value = '203.0.113.0/24']") + "," +
                           indicator("[domain-name:value = 'late.example']") + "," +
                           indicator("[ipv6-addr:value = '2001:db8::/40']");
  const std::string broken[] = {
      bundle(good).substr(0, bundle(good).size() - 2),                // truncated: "]}" missing
      bundle(good).substr(0, bundle(good).size() - 40),               // truncated inside an object
      bundle(good) + " {}",                                           // trailing content
      bundle(good + R"(,{"type":"note","text":"bad \x escape"})"),    // invalid escape in an unread field
      bundle(good + R"(,{"type":"note","n":01})"),                    // invalid number in an unread field
      bundle(good + R"(,{"type":"note","flag":tru})"),                // invalid literal
      bundle(good + R"(,{"type":"note","list":[1 2]})"),              // missing comma, nested
      bundle(good + R"(,{"type":"note","a":{"b":1,}})"),              // trailing comma, nested
      bundle(good + ",{\"type\":\"note\",\"text\":\"\xff\"}"),        // invalid UTF-8
      bundle(good + R"(,{"type":"note","k\q":1})"),                   // invalid escape in a key
      bundle(good) + "]",                                             // unbalanced
  };
  for (const std::string& text : broken) {
    IndicatorSet set;
    FeedId first = set.add_feed("first");
    ASSERT_TRUE(set.add(first, parse_indicator("198.51.100.7").value(), "kept"));
    ASSERT_TRUE(set.add(first, parse_indicator("first.example").value(), "kept"));
    Result<FeedReport> r = parse_feed_into(set, text, FeedFormat::kStix, "bundle");
    ASSERT_FALSE(r.is_ok()) << text;
    EXPECT_EQ(r.status().code(), ErrorCode::kCorruption);
    EXPECT_EQ(r.status().message().rfind("not a JSON document", 0), 0u) << r.status().message();
    EXPECT_EQ(set.size(), 2u) << text;
    EXPECT_FALSE(set.match_address(ip("192.0.2.1"))) << text;
    EXPECT_FALSE(set.match_address(ip("203.0.113.9"))) << text;
    EXPECT_FALSE(set.match_address(ip("2001:db8::1"))) << text;
    EXPECT_FALSE(set.match_name("late.example")) << text;
    EXPECT_EQ(set.match_address(ip("198.51.100.7"))->feed, "first");
    EXPECT_EQ(set.match_name("www.first.example")->label, "kept");
    // The set still takes the feed once it is whole.
    Result<FeedReport> again = parse_feed_into(set, bundle(good), FeedFormat::kStix, "bundle");
    ASSERT_TRUE(again.is_ok());
    EXPECT_EQ(again.value().loaded, 4u);
    EXPECT_EQ(again.value().duplicates, 1u);
    EXPECT_TRUE(set.match_address(ip("203.0.113.9")));
  }
}

// Feeds of more than a hand-over batch (4,096) are added on a second thread while the parser reads on:
// the order, the counts and the undo of a failed bundle must be those of a single thread.
TEST(IntelLargeFeeds, ManyBatchesKeepOrderAndCounts) {
  std::string text = "10.0.0.1 first listing\n";
  for (uint32_t i = 0; i < 20000; ++i)
    text += IpAddr::v4(0x0b000000u + i).to_string() + " bulk\n";
  text += "not an indicator\n10.0.0.1 second listing\n11.0.0.5 again\n";
  FeedReport report;
  IndicatorSet set = parse(text, FeedFormat::kPlain, &report);
  EXPECT_EQ(report.loaded, 20001u);
  EXPECT_EQ(report.duplicates, 2u);
  EXPECT_EQ(report.malformed, 1u);
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_EQ(report.problems[0].line(), 20002u);
  EXPECT_EQ(set.size(), 20001u);
  EXPECT_EQ(set.match_address(ip("10.0.0.1"))->label, "first listing");  // first listing wins across batches
  EXPECT_TRUE(set.match_address(ip("11.0.78.31")));                     // the 20,000th
}

TEST(IntelLargeFeeds, ABundleFoundInvalidLateUndoesEveryBatch) {
  std::string objects;
  for (uint32_t i = 0; i < 10000; ++i) {
    if (i > 0) objects += ',';
    objects += indicator("[ipv4-addr:value = '" + IpAddr::v4(0x0c000000u + i).to_string() + "']");
  }
  IndicatorSet set;
  FeedId first = set.add_feed("first");
  ASSERT_TRUE(set.add(first, parse_indicator("12.0.0.7").value(), "kept"));
  Result<FeedReport> r = parse_feed_into(set, bundle(objects) + "]", FeedFormat::kStix, "bundle");
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(set.size(), 1u);
  EXPECT_FALSE(set.match_address(ip("12.0.39.15")));
  EXPECT_EQ(set.match_address(ip("12.0.0.7"))->feed, "first");
  Result<FeedReport> whole = parse_feed_into(set, bundle(objects), FeedFormat::kStix, "bundle");
  ASSERT_TRUE(whole.is_ok());
  EXPECT_EQ(whole.value().loaded, 9999u);
  EXPECT_EQ(whole.value().duplicates, 1u);
  EXPECT_EQ(set.match_address(ip("12.0.39.15"))->feed, "bundle");
}

// The reader visits every value so that On-Demand checks it: whatever DOM (the parser used before) refuses as
// JSON is refused here, and nothing else. `snippet` is placed where the reader does not otherwise look.
bool dom_accepts(const std::string& json) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  return parser.parse(json.data(), json.size(), true).get(root) == simdjson::SUCCESS;
}

bool refused_as_json(const std::string& json) {
  IndicatorSet set;
  Result<FeedReport> r = parse_feed_into(set, json, FeedFormat::kStix, "x");
  return !r.is_ok() && r.status().message().rfind("not a JSON document", 0) == 0;
}

TEST(IntelStix, RefusesAsJsonExactlyWhatDomRefuses) {
  const char* snippets[] = {
      "1", "-0", "0e0", "1E+2", "-1.5e-3", "01", "1.", ".5", "-", "+1", "1e", "1e400", "-1e400", "1e-400",
      "18446744073709551615", "18446744073709551616", "-9223372036854775808", "-9223372036854775809",
      "123456789012345678901234567890", "2.2250738585072011e-308", "0x10", "NaN", "Infinity",
      "true", "false", "null", "tru", "nul", "falsey", "true1", "nulll", "True",
      R"("")", R"("\x")", R"("\u12")", R"("\u12345")", R"("\ud800")", R"("\udc00")", R"("\ud800\udc00")",
      R"("\ud800\u0041")", R"("\u0000")", R"("\/\b\f\n\r\t\"\\")", "\"a\tb\"", "\"\xff\"", "\"\xc0\xaf\"",
      "\"\xe2\x82\"", "\"\xed\xa0\x80\"", "\"caf\xc3\xa9\"", "\"unterminated",
      "[]", "{}", "[1,]", "[,1]", "[1 2]", "[[]", "[]]", "[}", "{]", R"({"a":1,})", R"({"a" 1})", R"({"a":})",
      R"({"a":1 "b":2})", R"({,})", R"({1:2})", R"({"a":1}})", R"({"a\x":1})", R"({"\u0061":[{"b":[null]}]})",
      "[1,[2,[3,[4,{}]]]]", "[\"x\" \"y\"]", "{\"a\":1}{}",
  };
  for (const char* s : snippets) {
    for (const std::string& doc :
         {bundle(indicator("[ipv4-addr:value = '192.0.2.1']", std::string(R"(,"x_extra":)") + s)),
          bundle(std::string(R"({"type":"note","v":[)") + s + "]}"), std::string(R"({"x":)") + s + R"(,"objects":[]})",
          bundle(s)}) {
      EXPECT_EQ(refused_as_json(doc), !dom_accepts(doc)) << doc;
    }
  }
  // Nesting around DOM's limit of 1024 levels, inside a member of "objects" (3 levels down already).
  for (int levels : {1019, 1020, 1021, 1022, 1023, 1030}) {
    std::string nested = std::string(static_cast<size_t>(levels), '[') + std::string(static_cast<size_t>(levels), ']');
    std::string doc = bundle(std::string(R"({"type":"note","v":)") + nested + "}");
    EXPECT_EQ(refused_as_json(doc), !dom_accepts(doc)) << levels << " levels";
  }
}

// Thousands of small corruptions of a bundle: each is refused as JSON exactly when DOM refuses it.
TEST(IntelStix, MutatedBundlesAgreeWithDom) {
  const std::string base =
      bundle(indicator("[ipv4-addr:value = '192.0.2.1' OR domain-name:value = 'a\\\\'b.example']",
                       R"(,"name":"n\u00e9","revoked":false,"labels":["x",{"k":[1,-2.5e3,true,null]}])") +
             R"(,{"type":"note","id":"note--1","count":12,"text":"line\nbreak \"q\""},42)");
  ASSERT_TRUE(dom_accepts(base));
  const std::string alphabet = "{}[],:\"\\ 0-.e1aftnu";
  uint64_t state = 12345;
  auto next = [&state] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<size_t>(state >> 33);
  };
  size_t refused = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string doc = base;
    for (int edits = 1 + static_cast<int>(next() % 2); edits > 0; --edits) {
      size_t at = next() % doc.size();
      char c = alphabet[next() % alphabet.size()];
      switch (next() % 3) {
        case 0: doc.erase(at, 1); break;
        case 1: doc.insert(at, 1, c); break;
        default: doc[at] = c; break;
      }
    }
    bool dom_refuses = !dom_accepts(doc);
    refused += dom_refuses;
    EXPECT_EQ(refused_as_json(doc), dom_refuses) << doc;
  }
  EXPECT_GT(refused, 1000u);  // the mutations do break the JSON often
}

// ---- Files ----

class IntelFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("vigil-intel-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) {
    std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  std::filesystem::path dir_;
};

TEST_F(IntelFiles, FormatFromExtensionOrContentAndNameFromStem) {
  IndicatorSet set;
  auto a = load_feed_into(set, write("alpha.txt", "a.example\n"));
  auto b = load_feed_into(set, write("beta.csv", "domain,description\nb.example,bee\n"));
  std::string spaced = "\n " + bundle(indicator("[domain-name:value = 'c.example']"));  // sniffed: no extension
  auto c = load_feed_into(set, write("gamma", spaced));
  auto d = load_feed_into(set, write("delta.json", bundle(indicator("[domain-name:value = 'd.example']"))), "named");
  ASSERT_TRUE(a.is_ok() && b.is_ok() && c.is_ok() && d.is_ok());
  EXPECT_EQ(a.value().format, FeedFormat::kPlain);
  EXPECT_EQ(b.value().format, FeedFormat::kCsv);
  EXPECT_EQ(c.value().format, FeedFormat::kStix);
  EXPECT_EQ(d.value().format, FeedFormat::kStix);
  EXPECT_EQ(set.match_name("a.example")->feed, "alpha");
  EXPECT_EQ(set.match_name("b.example")->feed, "beta");
  EXPECT_EQ(set.match_name("b.example")->label, "bee");
  EXPECT_EQ(set.match_name("c.example")->feed, "gamma");
  EXPECT_EQ(set.match_name("d.example")->feed, "named");
  EXPECT_EQ(b.value().origin, (dir_ / "beta.csv").string());
}

TEST_F(IntelFiles, UnreadableFileAndProblemsNameTheFile) {
  auto missing = load_feed((dir_ / "missing.txt").string());
  ASSERT_FALSE(missing.is_ok());
  EXPECT_EQ(missing.status().code(), ErrorCode::kNotFound);
  EXPECT_FALSE(load_feed(dir_.string()).is_ok());  // a directory
  std::string path = write("feed.txt", "ok.example\nbad!\n");
  auto load = load_feed(path);
  ASSERT_TRUE(load.is_ok());
  ASSERT_EQ(load.value().report.problems.size(), 1u);
  EXPECT_EQ(load.value().report.problems[0].to_string().rfind(path + ":2: ", 0), 0u);
  EXPECT_TRUE(load.value().indicators.match_name("ok.example"));
}

// A regular file is read into mapped memory, anything else (here a pipe) into a string: both give the
// same feed, and a STIX bundle is parsed from either with its padding.
TEST_F(IntelFiles, FilesAndPipesLoadAlike) {
  const std::string text = "{\"type\":\"bundle\",\"objects\":[{\"type\":\"indicator\",\"id\":\"indicator--1\","
                           "\"pattern_type\":\"stix\",\"pattern\":\"[domain-name:value = 'piped.example']\"}]}";
  auto from_file = load_feed(write("bundle.json", text));
  ASSERT_TRUE(from_file.is_ok()) << from_file.status().to_string();
  EXPECT_EQ(from_file.value().report.loaded, 1u);
  std::string fifo = (dir_ / "pipe.json").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::thread writer([&] { std::ofstream(fifo, std::ios::binary) << text; });
  auto from_pipe = load_feed(fifo);
  writer.join();
  ASSERT_TRUE(from_pipe.is_ok()) << from_pipe.status().to_string();
  EXPECT_EQ(from_pipe.value().report.loaded, 1u);
  EXPECT_TRUE(from_pipe.value().indicators.match_name("www.piped.example"));
  // An empty regular file is a feed with nothing in it, not an error.
  auto empty = load_feed(write("empty.txt", ""));
  ASSERT_TRUE(empty.is_ok());
  EXPECT_EQ(empty.value().report.loaded, 0u);
}

// ---- The example feeds against a golden summary (examples/intel/expected.txt) ----

const char* format_name(FeedFormat f) {
  switch (f) {
    case FeedFormat::kPlain: return "plain";
    case FeedFormat::kCsv: return "csv";
    case FeedFormat::kStix: return "stix";
  }
  return "?";
}

// Regenerate after a deliberate change with VIGIL_UPDATE_GOLDEN=1, then read the diff.
TEST(IntelExamples, DemoFeedsMatchTheGoldenSummary) {
  const std::string dir = std::string(VIGIL_EXAMPLES) + "/intel/";
  IndicatorSet set;
  std::string out;
  for (const char* file : {"demo-c2.txt", "demo-intel.csv", "demo-bundle.json"}) {
    Result<FeedReport> r = load_feed_into(set, dir + file);
    ASSERT_TRUE(r.is_ok()) << r.status().to_string();
    const FeedReport& f = r.value();
    out += "feed " + f.feed + " (" + format_name(f.format) + "): loaded " + std::to_string(f.loaded) + ", duplicates " +
           std::to_string(f.duplicates) + ", malformed " + std::to_string(f.malformed) + ", unsupported " +
           std::to_string(f.unsupported) + ", revoked " + std::to_string(f.revoked) + ", other objects " +
           std::to_string(f.other_objects) + "\n";
    for (const Status& p : f.problems) out += "  problem: " + p.to_string().substr(dir.size()) + "\n";
  }
  for (const char* q : {"168.113.95.182", "136.104.114.140", "17.155.212.20", "17.155.212.99", "67.91.73.62",
                        "2001:db8:bad:1::5", "10.9.8.7", "8.8.8.8"}) {
    auto m = set.match_address(*IpAddr::parse(q));
    out += std::string(q) + (m ? " -> " + std::string(m->feed) + " " + m->indicator() + " \"" + std::string(m->label) + "\""
                                : std::string(" -> none")) + "\n";
  }
  for (const char* q : {"api.prime-hub.biz", "IMG.Blue-Harbor.info.", "img.summit-delta.com", "assets.smart-global.co",
                        "tracker.example-ads.net", "notprime-hub.biz", "example.com"}) {
    auto m = set.match_name(q);
    out += std::string(q) + (m ? " -> " + std::string(m->feed) + " " + m->indicator() + " \"" + std::string(m->label) + "\""
                                : std::string(" -> none")) + "\n";
  }
  const std::string golden_path = dir + "expected.txt";
  if (const char* update = std::getenv("VIGIL_UPDATE_GOLDEN"); update != nullptr && *update == '1') {
    std::ofstream(golden_path, std::ios::binary) << out;
  }
  std::ifstream in(golden_path, std::ios::binary);
  ASSERT_TRUE(in) << "missing " << golden_path;
  std::string golden((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(out, golden);
}

}  // namespace
}  // namespace vigil
