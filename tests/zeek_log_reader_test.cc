// Reading Zeek logs: the round trip from the capture path, Zeek's own baseline logs, header handling,
// value parsing, format detection, and hostile files.
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "capture_fixtures.h"
#include "report/zeek_conn_writer.h"
#include "sources/logs/line_reader.h"
#include "sources/logs/log_input.h"
#include "sources/logs/zeek_values.h"
#include "sources/pcap/packet_pipeline.h"

namespace vigil {
namespace {

Bytes8 bytes_of(const std::string& s) { return Bytes8(s.begin(), s.end()); }

struct Collected {
  std::vector<ConnRecord> conn;
  std::vector<DnsRecord> dns;
  std::vector<SslRecord> ssl;
  std::vector<HttpRecord> http;
  std::vector<FtpRecord> ftp;
  LogSink sink() {
    return {[this](ConnRecord&& r) { conn.push_back(std::move(r)); },
            [this](DnsRecord&& r) { dns.push_back(std::move(r)); },
            [this](SslRecord&& r) { ssl.push_back(std::move(r)); },
            [this](HttpRecord&& r) { http.push_back(std::move(r)); },
            [this](FtpRecord&& r) { ftp.push_back(std::move(r)); }};
  }
};

ReadReport read_one(const std::string& path, Collected& c) { return read_logs({path}, std::nullopt, c.sink()); }

const char* kConnHeader =
    "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n"
    "#open\t2026-11-01-10-00-00\n"
    "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\t"
    "resp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\t"
    "resp_pkts\tresp_ip_bytes\ttunnel_parents\n"
    "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\t"
    "count\tstring\tcount\tcount\tcount\tcount\tset[string]\n";
const char* kConnRow =
    "1700000000.123456\tCabc\t10.0.0.1\t40000\t93.184.216.34\t443\ttcp\tssl\t2.500000\t100\t2000\tSF\tT\tF\t0\t"
    "ShADadFf\t10\t620\t12\t2640\t-\n";

// The capture path, then conn.log written, then read back: every field equal.
void expect_round_trip(ZeekLogFormat format) {
  std::string cap = std::filesystem::temp_directory_path() / ("vigil-rt-" + std::to_string(getpid()) + ".pcap");
  std::string cmd = std::string(VIGIL_GENCAP) + " --out " + cap + " --bytes 2M --seed 7 --ipv6-share 0.2 2>/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  std::vector<ConnRecord> from_capture;
  PipelineOptions options;
  options.meter.local_nets = NetSet::private_networks();
  run_pipeline({cap}, options, [&](ConnRecord&& r) { from_capture.push_back(std::move(r)); });
  std::remove(cap.c_str());
  ASSERT_GT(from_capture.size(), 100u);
  std::string log = cap + (format == ZeekLogFormat::kJson ? ".json" : ".log");
  {
    auto w = ZeekConnWriter::open(log, format);
    ASSERT_TRUE(w.is_ok());
    for (const auto& r : from_capture) w.value()->write(r);
    ASSERT_TRUE(w.value()->close().is_ok());
  }
  Collected c;
  ReadReport report = read_one(log, c);
  std::remove(log.c_str());
  EXPECT_TRUE(report.errors.empty());
  EXPECT_EQ(report.skipped_lines(), 0u);
  ASSERT_EQ(c.conn.size(), from_capture.size());
  for (size_t i = 0; i < c.conn.size(); ++i) {
    const ConnRecord& a = from_capture[i];
    const ConnRecord& b = c.conn[i];
    ASSERT_EQ(zeek_tsv_line(a), zeek_tsv_line(b)) << "record " << i;  // every field, as Zeek prints it
    ASSERT_EQ(a.ts.ns / 1000, b.ts.ns / 1000);
    ASSERT_EQ(a.local_orig, b.local_orig);
    ASSERT_EQ(a.orig_bytes, b.orig_bytes);
    ASSERT_EQ(a.tunnel_parents, b.tunnel_parents);
  }
}

TEST(ZeekLogs, RoundTripTsv) { expect_round_trip(ZeekLogFormat::kTsv); }
TEST(ZeekLogs, RoundTripJson) { expect_round_trip(ZeekLogFormat::kJson); }

TEST(ZeekLogs, ReadsEveryFieldOfAConnRow) {
  TempFile t(bytes_of(std::string(kConnHeader) + kConnRow + "#close\t2026-11-01-11-00-00\n"));
  Collected c;
  ReadReport r = read_one(t.path(), c);
  ASSERT_EQ(c.conn.size(), 1u);
  const ConnRecord& x = c.conn[0];
  EXPECT_EQ(x.ts.ns, 1'700'000'000'123'456'000);
  EXPECT_EQ(x.uid, "Cabc");
  EXPECT_EQ(x.orig_h.to_string(), "10.0.0.1");
  EXPECT_EQ(x.resp_p, 443);
  EXPECT_EQ(x.proto, TransportProto::kTcp);
  EXPECT_EQ(x.service, "ssl");
  EXPECT_EQ(x.duration->ns, 2'500'000'000);
  EXPECT_EQ(x.orig_bytes, std::optional<uint64_t>(100));
  EXPECT_EQ(x.conn_state, ConnState::kSF);
  EXPECT_EQ(x.local_orig, std::optional<bool>(true));
  EXPECT_EQ(x.local_resp, std::optional<bool>(false));
  EXPECT_EQ(x.history, "ShADadFf");
  EXPECT_EQ(x.resp_ip_bytes, 2640u);
  EXPECT_TRUE(x.tunnel_parents.empty());
  EXPECT_EQ(r.records[static_cast<size_t>(LogKind::kConn)], 1u);
  EXPECT_EQ(r.files, 1u);
}

TEST(ZeekLogs, ColumnOrderExtraColumnsAndMissingOptionalOnes) {
  std::string log =
      "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n"
      "#fields\tid.resp_p\tvlan\tuid\tts\tid.orig_h\tid.orig_p\tid.resp_h\tproto\n"
      "#types\tport\tint\tstring\ttime\taddr\tport\taddr\tenum\n"
      "53\t7\tCx\t1.5\tfe80::1\t5353\tff02::fb\tudp\n";
  TempFile t(bytes_of(log));
  Collected c;
  read_one(t.path(), c);
  ASSERT_EQ(c.conn.size(), 1u);
  EXPECT_EQ(c.conn[0].resp_p, 53);
  EXPECT_EQ(c.conn[0].orig_h.to_string(), "fe80::1");
  EXPECT_EQ(c.conn[0].ts.ns, 1'500'000'000);
  EXPECT_FALSE(c.conn[0].duration.has_value());  // no such column: unset
  EXPECT_FALSE(c.conn[0].local_orig.has_value());
}

TEST(ZeekLogs, MissingRequiredColumnNamesFileLineAndColumn) {
  std::string log = "#separator \\x09\n#path\tconn\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_p\tproto\n"
                    "1.0\tCa\t10.0.0.1\t1\t2\ttcp\n";
  TempFile t(bytes_of(log));
  Collected c;
  ReadReport r = read_one(t.path(), c);
  EXPECT_TRUE(c.conn.empty());
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].to_string().find(t.path() + ":3: "), std::string::npos) << r.errors[0].to_string();
  EXPECT_NE(r.errors[0].message().find("'id.resp_h'"), std::string::npos);
  EXPECT_EQ(r.skipped_lines(), 1u);  // the data line under that header is accounted for
}

TEST(ZeekLogs, HeaderThatChangesMidFileRebinds) {
  // Zeek appending after a restart: a second header with another column order, and another separator.
  std::string second =
      "#separator \\x7c\n#set_separator|;\n#empty_field|(empty)\n#unset_field|-\n#path|conn\n"
      "#fields|uid|ts|id.orig_h|id.orig_p|id.resp_h|id.resp_p|proto|tunnel_parents\n"
      "Cz|9.0|10.0.0.9|1|10.0.0.8|2|udp|Ca;Cb\n";
  TempFile t(bytes_of(std::string(kConnHeader) + kConnRow + second));
  Collected c;
  ReadReport r = read_one(t.path(), c);
  ASSERT_EQ(c.conn.size(), 2u);
  EXPECT_EQ(c.conn[1].uid, "Cz");
  EXPECT_EQ(c.conn[1].proto, TransportProto::kUdp);
  EXPECT_EQ(c.conn[1].tunnel_parents, (std::vector<std::string>{"Ca", "Cb"}));
  EXPECT_EQ(r.skipped_lines(), 0u);
}

TEST(ZeekLogs, EscapesEmptyAndUnsetAndNonUtf8) {
  std::string log =
      "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\thttp\n"
      "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tmethod\thost\turi\tuser_agent\treferrer\t"
      "status_code\tresp_mime_types\n"
      "1.0\tCh\t10.0.0.1\t5\t10.0.0.2\t80\tGET\t(empty)\t/a\\x09b\\xff\\xfe?q=\\x2c\t-\t\xc3\x28\t200\ttext/html,image/png\n";
  TempFile t(bytes_of(log));
  Collected c;
  read_one(t.path(), c);
  ASSERT_EQ(c.http.size(), 1u);
  const HttpRecord& h = c.http[0];
  EXPECT_EQ(h.host, std::optional<std::string>(""));
  EXPECT_EQ(h.uri, std::optional<std::string>("/a\tb\xff\xfe?q=,"));
  EXPECT_FALSE(h.user_agent.has_value());
  EXPECT_EQ(h.referrer, std::optional<std::string>("\xc3\x28"));  // invalid UTF-8 kept byte for byte
  EXPECT_EQ(h.status_code, std::optional<uint16_t>(200));
  EXPECT_EQ(h.resp_mime_types, (std::vector<std::string>{"text/html", "image/png"}));
}

TEST(ZeekLogs, DnsAndSslRows) {
  std::string log =
      "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tdns\n"
      "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\ttrans_id\trtt\tquery\tqtype\trcode\t"
      "AA\tRD\tanswers\tTTLs\trejected\n"
      "2.0\tCd\t10.0.0.1\t5353\t10.0.0.53\t53\tudp\t4660\t0.000123\texample.com\t1\t0\tF\tT\t"
      "93.184.216.34,example.net\t3600.000000,60.000000\tF\n"
      "#path\tssl\n"
      "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tversion\tcipher\tserver_name\testablished\n"
      "3.0\tCs\t10.0.0.1\t40001\t1.2.3.4\t443\tTLSv13\tTLS_AES_128_GCM_SHA256\tc2.example\tT\n";
  TempFile t(bytes_of(log));
  Collected c;
  read_one(t.path(), c);
  ASSERT_EQ(c.dns.size(), 1u);
  EXPECT_EQ(c.dns[0].query, std::optional<std::string>("example.com"));
  EXPECT_EQ(c.dns[0].trans_id, std::optional<uint16_t>(4660));
  EXPECT_EQ(c.dns[0].rtt->ns, 123'000);
  EXPECT_TRUE(c.dns[0].RD);
  EXPECT_EQ(c.dns[0].answers.size(), 2u);
  EXPECT_EQ(c.dns[0].TTLs.at(1).ns, 60'000'000'000);
  ASSERT_EQ(c.ssl.size(), 1u);
  EXPECT_EQ(c.ssl[0].server_name, std::optional<std::string>("c2.example"));
  EXPECT_TRUE(c.ssl[0].established);
}

TEST(ZeekLogs, JsonWithIsoTimesNestedIdAndPath) {
  std::string log =
      "{\"_path\":\"dns\",\"ts\":\"2023-11-14T22:13:20.123456Z\",\"uid\":\"Cj\",\"id\":{\"orig_h\":\"10.0.0.1\","
      "\"orig_p\":5353,\"resp_h\":\"10.0.0.53\",\"resp_p\":53},\"query\":\"a.example\",\"qtype\":16,"
      "\"answers\":[\"x\",\"y\"],\"TTLs\":[1.0,2.5],\"RD\":true,\"rtt\":1e-06}\n"
      "{\"_path\":\"weird\",\"ts\":1.0,\"name\":\"x\"}\n"
      "not json at all\n"
      "[1,2,3]\n";
  TempFile t(bytes_of(log));
  Collected c;
  ReadReport r = read_one(t.path(), c);
  ASSERT_EQ(c.dns.size(), 1u);
  EXPECT_EQ(c.dns[0].id.ts.ns, 1'700'000'000'123'456'000);
  EXPECT_EQ(c.dns[0].id.resp_p, 53);
  EXPECT_EQ(c.dns[0].qtype, std::optional<uint16_t>(16));
  EXPECT_EQ(c.dns[0].TTLs.at(1).ns, 2'500'000'000);
  EXPECT_EQ(c.dns[0].rtt->ns, 1'000);
  EXPECT_TRUE(c.dns[0].RD);
  EXPECT_EQ(r.skipped_lines(), 2u);  // the garbage lines; the weird record is a log vigil does not read
  ASSERT_EQ(r.skipped.count("malformed JSON"), 1u);
  EXPECT_EQ(r.skipped.at("malformed JSON").examples.at(0), t.path() + ":3");
  ASSERT_EQ(r.skipped.count("not a JSON object"), 1u);
  EXPECT_EQ(r.skipped.at("not a JSON object").examples.at(0), t.path() + ":4");
}

TEST(ZeekLogs, TruncatedGzipKeepsEveryEarlierRecordAndNamesTheLine) {
  std::string log = kConnHeader;
  for (int i = 0; i < 20000; ++i) log += kConnRow;
  TempFile whole(bytes_of(log), /*gzip=*/true);
  std::ifstream in(whole.path(), std::ios::binary);
  Bytes8 gz((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  gz.resize(gz.size() / 2);
  TempFile cut(gz);
  Collected c;
  ReadReport r = read_one(cut.path(), c);
  EXPECT_GT(c.conn.size(), 1000u);
  EXPECT_LT(c.conn.size(), 20000u);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].to_string().find(cut.path() + ":"), std::string::npos);
}

TEST(ZeekLogs, HugeLinesAndBinaryGarbageAreSkippedNotFatal) {
  std::string log = std::string(kConnHeader) + kConnRow + std::string(10 << 20, 'A') + "\n";
  for (int i = 0; i < 256; ++i) log += static_cast<char>(i);
  log += "\n";
  log += kConnRow;
  TempFile t(bytes_of(log));
  Collected c;
  ReadReport r = read_one(t.path(), c);
  EXPECT_EQ(c.conn.size(), 2u);
  EXPECT_EQ(r.skipped_lines(), 3u);  // the long line, and the garbage, which holds a '\n' so is two lines
  auto small = LineReader::open(t.path(), /*max_line=*/1 << 20);  // with a 1 MiB limit the 10 MB line is dropped
  ASSERT_TRUE(small.is_ok());
  std::string_view line;
  int too_long = 0;
  for (LineStatus s; (s = small.value()->next(line)) != LineStatus::kEnd;) too_long += s == LineStatus::kTooLong;
  EXPECT_EQ(too_long, 1);
}

TEST(ZeekLogs, ProgressIsReportedWhileReading) {
  std::string log = kConnHeader;
  for (int i = 0; i < 200000; ++i) log += kConnRow;
  TempFile t(bytes_of(log), /*gzip=*/true);
  std::vector<std::pair<uint64_t, uint64_t>> calls;
  uint64_t total_seen = 0;
  Collected c;
  read_logs({t.path()}, std::nullopt, c.sink(), [&](uint64_t done, uint64_t total, uint64_t lines) {
    calls.emplace_back(done, lines);
    total_seen = total;
  });
  ASSERT_EQ(c.conn.size(), 200000u);
  ASSERT_EQ(calls.size(), 3u);  // every 65,536 lines
  EXPECT_EQ(calls[2].second, 3u * 65536);
  EXPECT_LT(calls[0].first, calls[2].first);
  EXPECT_LE(calls[2].first, total_seen);
  EXPECT_EQ(total_seen, std::filesystem::file_size(t.path()));
}

TEST(ZeekValues, TimesAndIntervals) {
  EXPECT_EQ(parse_zeek_time("1700000000.123456")->ns, 1'700'000'000'123'456'000);
  EXPECT_EQ(parse_zeek_time("1700000000")->ns, 1'700'000'000'000'000'000);
  EXPECT_EQ(parse_zeek_time("1.123456789123")->ns, 1'123'456'789);
  EXPECT_EQ(parse_zeek_time("2023-11-14T22:13:20Z")->ns, 1'700'000'000'000'000'000);
  EXPECT_EQ(parse_zeek_time("2023-11-14T23:13:20.5+01:00")->ns, 1'700'000'000'500'000'000);
  EXPECT_EQ(parse_zeek_time("2023-11-14T22:13:20.000001+0000")->ns, 1'700'000'000'000'001'000);
  EXPECT_EQ(parse_zeek_interval("-0.5")->ns, -500'000'000);
  EXPECT_EQ(parse_zeek_interval("2.5e-03")->ns, 2'500'000);
  for (const char* bad : {"", "-", "abc", "1.", "1.2.3", "99999999999999999999", "2023-13-14T22:13:20Z",
                          "2023-11-14T22:13:20", "1e999", "99999999999.5", "0001-01-01T00:00:00Z",
                          "9999-12-31T23:59:59Z", "-99999999999"})  // the last four: found by fuzzing (overflow)
    EXPECT_FALSE(parse_zeek_time(bad).has_value()) << bad;
  EXPECT_FALSE(parse_zeek_count("-1").has_value());
  EXPECT_FALSE(parse_zeek_count("12x").has_value());
}

TEST(InputFormat, DetectedFromContentNotName) {
  TempFile tsv(bytes_of(std::string(kConnHeader) + kConnRow));
  TempFile tsv_gz(bytes_of(std::string(kConnHeader) + kConnRow), true);
  TempFile json(bytes_of("{\"ts\":1.0,\"uid\":\"C\"}\n"));
  TempFile eve(bytes_of("{\"timestamp\":\"2026-11-01T10:00:00.000000+0000\",\"event_type\":\"flow\"}\n"));
  TempFile pcap(make_pcap(1));
  TempFile text(bytes_of("hello world\n"));
  EXPECT_EQ(detect_format(tsv.path()), InputFormat::kZeekTsv);
  EXPECT_EQ(detect_format(tsv_gz.path()), InputFormat::kZeekTsv);
  EXPECT_EQ(detect_format(json.path()), InputFormat::kZeekJson);
  EXPECT_EQ(detect_format(eve.path()), InputFormat::kSuricataEve);
  EXPECT_EQ(detect_format(pcap.path()), InputFormat::kCapture);
  EXPECT_EQ(detect_format(text.path()), InputFormat::kUnknown);
  EXPECT_EQ(parse_input_format("zeek-json"), InputFormat::kZeekJson);
  EXPECT_FALSE(parse_input_format("csv").has_value());
}

TEST(InputFormat, DirectoriesAreWalkedInNameOrder) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("vigil-tree-" + std::to_string(getpid()));
  fs::create_directories(dir / "2026-11-02");
  fs::create_directories(dir / "2026-11-01");
  fs::create_directories(dir / ".hidden");
  for (const char* f : {"2026-11-02/conn.00:00:00-01:00:00.log", "2026-11-01/conn.00:00:00-01:00:00.log",
                        "2026-11-01/conn.01:00:00-02:00:00.log", ".hidden/conn.log"})
    std::ofstream(dir / f) << kConnHeader << kConnRow;
  std::vector<Status> errors;
  auto files = expand_inputs({dir.string(), "/nonexistent/vigil"}, errors);
  ASSERT_EQ(files.size(), 3u);
  EXPECT_NE(files[0].find("2026-11-01/conn.00"), std::string::npos);
  EXPECT_NE(files[2].find("2026-11-02/"), std::string::npos);
  EXPECT_EQ(errors.size(), 1u);
  Collected c;
  ReadReport r = read_logs(files, std::nullopt, c.sink());
  EXPECT_EQ(c.conn.size(), 3u);
  EXPECT_EQ(r.files, 3u);
  fs::remove_all(dir);
}

// Zeek's own logs, several versions of its format: every log with a Zeek header parses without error and
// yields one record per data line. A few baselines rename the id columns on purpose (tests of Zeek's
// field-renaming options); they must fail with a clear error instead. btest masks times that vary between
// runs as "XXXXXXXXXX.XXXXXX"; those are put back to a fixed time first (Zeek never writes the mask).
std::string unmasked_copy(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string mask = "XXXXXXXXXX.XXXXXX";
  for (size_t at; (at = text.find(mask)) != std::string::npos;) text.replace(at, mask.size(), "1000000000.000000");
  std::string out = std::filesystem::temp_directory_path() / ("vigil-baseline-" + std::to_string(getpid()) + ".log");
  std::ofstream(out, std::ios::binary) << text;
  return out;
}

TEST(ZeekLogs, EveryBaselineLogOfZeekItself) {
  std::filesystem::path root = std::filesystem::path(VIGIL_SHARED_DATA) / "zeek-baselines";
  if (!std::filesystem::is_directory(root)) GTEST_SKIP() << "../shared/data is absent: " << root;
  size_t files = 0, records = 0, renamed = 0;
  std::vector<Status> errors;
  for (const auto& path : expand_inputs({root.string()}, errors)) {
    if (!path.ends_with(".log") || detect_format(path) != InputFormat::kZeekTsv) continue;
    std::ifstream in(path);
    std::string line, fields;
    uint64_t data_lines = 0;
    while (std::getline(in, line)) {
      if (line.starts_with("#fields")) fields = line;
      else if (!line.empty() && line[0] != '#') ++data_lines;
    }
    Collected c;
    std::string copy = unmasked_copy(path);
    ReadReport r = read_one(copy, c);
    std::remove(copy.c_str());
    ++files;
    bool renames_ids = fields.find("\tid.orig_h") == std::string::npos;
    if (renames_ids) {
      ++renamed;
      EXPECT_FALSE(r.errors.empty()) << path;
      continue;
    }
    EXPECT_TRUE(r.errors.empty()) << path << ": " << (r.errors.empty() ? "" : r.errors[0].to_string());
    uint64_t got = c.conn.size() + c.dns.size() + c.ssl.size() + c.http.size();
    EXPECT_EQ(got, data_lines) << path;
    EXPECT_EQ(r.skipped_lines(), 0u) << path << ": "
                                     << (r.skipped.empty() ? "" : r.skipped.begin()->first + " at " +
                                                                      r.skipped.begin()->second.examples[0]);
    records += got;
  }
  EXPECT_GT(files, 100u);
  std::printf("read %zu Zeek baseline logs, %zu records; %zu rename the id columns\n", files, records, renamed);
}

}  // namespace
}  // namespace vigil
