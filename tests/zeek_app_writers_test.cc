// Writing dns.log, ssl.log and http.log: exact lines for representative and hostile records (TSV and
// JSON), the headers of a default Zeek run, DNS names, files, a round trip through vigil's own log
// readers, and Zeek's own baseline rows written again column for column.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "protocols/dns_names.h"
#include "report/zeek_app_writer.h"
#include "report/zeek_conn_writer.h"
#include "sources/logs/log_input.h"

namespace vigil {
namespace {

ConnRef conn_ref(const char* uid, const char* orig, uint16_t orig_p, const char* resp, uint16_t resp_p) {
  ConnRef id;
  id.ts = Timestamp{1'700'000'000'123'456'000};
  id.uid = uid;
  id.orig_h = *IpAddr::parse(orig);
  id.orig_p = orig_p;
  id.resp_h = *IpAddr::parse(resp);
  id.resp_p = resp_p;
  return id;
}

// A TXT answer with hostile text: a query with a tab, a newline, a comma, valid UTF-8 ("é") and a byte
// that is not UTF-8; answers with a comma, a tab, a literal "-" and an empty element.
DnsRecord hostile_dns() {
  DnsRecord r;
  r.id = conn_ref("CdnsA1", "10.0.0.1", 53001, "10.0.0.53", 53);
  r.trans_id = 4660;
  r.rtt = Duration{123'000};
  r.query = "a\tb\nc.ex,ample-\xc3\xa9\xff.com";
  r.qclass = 1;
  r.qtype = 16;
  r.rcode = 3;
  r.RD = r.RA = true;
  r.answers = {"TXT 5 a,b\tc", "-", ""};
  r.TTLs = {Duration::seconds(60), Duration{1'500'000'000}, Duration{0}};
  r.opcode = 0;
  return r;
}

constexpr const char* kIds = "1700000000.123456\tCdnsA1\t10.0.0.1\t53001\t10.0.0.53\t53";
constexpr const char* kJsonIds =
    "{\"ts\":1700000000.123456,\"uid\":\"CdnsA1\",\"id.orig_h\":\"10.0.0.1\",\"id.orig_p\":53001,"
    "\"id.resp_h\":\"10.0.0.53\",\"id.resp_p\":53";

TEST(ZeekAppWriters, DnsTsvEscapesEverySeparator) {
  EXPECT_EQ(zeek_tsv_line(hostile_dns()),
            std::string(kIds) +
                "\tudp\t4660\t0.000123\ta\\x09b\\x0ac.ex,ample-\xc3\xa9\\xff.com\t1\tC_INTERNET\t16\tTXT\t3\tNXDOMAIN\t"
                "F\tF\tT\tT\t0\tTXT 5 a\\x2cb\\x09c,\\x2d,(empty)\t60.000000,1.500000,0.000000\tF\t0\tquery");
}

TEST(ZeekAppWriters, DnsJsonEscapesLikeZeek) {
  EXPECT_EQ(zeek_json_line(hostile_dns()),
            std::string(kJsonIds) +
                ",\"proto\":\"udp\",\"trans_id\":4660,\"rtt\":0.000123,\"query\":\"a\\tb\\nc.ex,ample-\xc3\xa9\\\\xff.com\","
                "\"qclass\":1,\"qclass_name\":\"C_INTERNET\",\"qtype\":16,\"qtype_name\":\"TXT\",\"rcode\":3,"
                "\"rcode_name\":\"NXDOMAIN\",\"AA\":false,\"TC\":false,\"RD\":true,\"RA\":true,\"Z\":0,"
                "\"answers\":[\"TXT 5 a,b\\tc\",\"-\",\"\"],\"TTLs\":[60.0,1.5,0.0],\"rejected\":false,"
                "\"opcode\":0,\"opcode_name\":\"query\"}");
}

TEST(ZeekAppWriters, DnsUnsetEmptyAndDash) {
  DnsRecord r;
  r.id = conn_ref("CdnsA1", "10.0.0.1", 53001, "10.0.0.53", 53);
  EXPECT_EQ(zeek_tsv_line(r), std::string(kIds) + "\tudp\t-\t-\t-\t-\t-\t-\t-\t-\t-\tF\tF\tF\tF\t0\t-\t-\tF\t-\t-");
  EXPECT_EQ(zeek_json_line(r), std::string(kJsonIds) +
                                   ",\"proto\":\"udp\",\"AA\":false,\"TC\":false,\"RD\":false,\"RA\":false,\"Z\":0,"
                                   "\"rejected\":false}");
  r.query = "";
  EXPECT_NE(zeek_tsv_line(r).find("\t-\t(empty)\t-\t"), std::string::npos);
  EXPECT_NE(zeek_json_line(r).find(",\"query\":\"\","), std::string::npos);
  r.query = "-";  // a query that is a dash must not read back as unset
  EXPECT_NE(zeek_tsv_line(r).find("\t-\t\\x2d\t-\t"), std::string::npos);
  // NetBIOS name service names its opcodes apart, as Zeek does.
  r.id.resp_p = 137;
  r.opcode = 5;
  EXPECT_TRUE(zeek_tsv_line(r).ends_with("\t5\tnetbios-registration"));
}

TEST(ZeekAppWriters, SslChainsAreSetTogetherOrNotAtAll) {
  SslRecord r;
  r.id = conn_ref("CdnsA1", "10.0.0.1", 53001, "10.0.0.53", 53);
  r.version = "TLSv12";
  r.cipher = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
  r.curve = "x25519";
  r.server_name = "evil\t.example\n\"x\"";
  r.next_protocol = "h2";
  r.established = true;
  r.ssl_history = "CsxknGIti";
  r.cert_chain_fps = {"aa", "bb"};
  r.ja3 = "e7d705a3286e19ea42f587b344ee6865";
  r.ja4 = "t13d1516h2_8daaf6152771_e5627efa2ab1";
  EXPECT_EQ(zeek_tsv_line(r), std::string(kIds) +
                                  "\tTLSv12\tTLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\tx25519\tevil\\x09.example\\x0a\"x\"\t"
                                  "F\t-\th2\tT\tCsxknGIti\taa,bb\t(empty)\t-\te7d705a3286e19ea42f587b344ee6865\t-\t"
                                  "t13d1516h2_8daaf6152771_e5627efa2ab1\t-\t-\t-\t-\t-");
  EXPECT_EQ(zeek_json_line(r), std::string(kJsonIds) +
                                   ",\"version\":\"TLSv12\",\"cipher\":\"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\","
                                   "\"curve\":\"x25519\",\"server_name\":\"evil\\t.example\\n\\\"x\\\"\",\"resumed\":false,"
                                   "\"next_protocol\":\"h2\",\"established\":true,\"ssl_history\":\"CsxknGIti\","
                                   "\"cert_chain_fps\":[\"aa\",\"bb\"],\"client_cert_chain_fps\":[],"
                                   "\"ja3\":\"e7d705a3286e19ea42f587b344ee6865\",\"ja4\":\"t13d1516h2_8daaf6152771_e5627efa2ab1\"}");
  r.ja3.reset();
  r.ja4.reset();
  r.cert_chain_fps.clear();  // TLS 1.3: no certificate seen, neither chain is set
  r.sni_matches_cert = false;
  EXPECT_TRUE(zeek_tsv_line(r).ends_with("\tT\tCsxknGIti\t-\t-\tF\t-\t-\t-\t-\t-\t-\t-\t-"));
  EXPECT_TRUE(zeek_json_line(r).ends_with("\"ssl_history\":\"CsxknGIti\",\"sni_matches_cert\":false}"));
  // The server certificate's description: RFC 2253 names escaped like any string, validity past 2112.
  r.subject = "CN=c2.example.net,O=Evil\\, Inc.";
  r.issuer = r.subject;
  r.not_valid_before = 1704067200;
  r.not_valid_after = 253402300799;
  r.self_signed = true;
  EXPECT_TRUE(zeek_tsv_line(r).ends_with(
      "\tCN=c2.example.net,O=Evil\\x5c, Inc.\tCN=c2.example.net,O=Evil\\x5c, Inc.\t1704067200.000000\t"
      "253402300799.000000\tT"));
  EXPECT_TRUE(zeek_json_line(r).ends_with(
      "\"subject\":\"CN=c2.example.net,O=Evil\\\\, Inc.\",\"issuer\":\"CN=c2.example.net,O=Evil\\\\, Inc.\","
      "\"not_valid_before\":1704067200.0,\"not_valid_after\":253402300799.0,\"self_signed\":true}"));
}

HttpRecord hostile_http() {
  HttpRecord r;
  r.id = conn_ref("CdnsA1", "10.0.0.1", 53001, "10.0.0.53", 53);
  r.trans_depth = 1;
  r.method = "GET";
  r.host = "example.com";
  r.uri = "/a b\t?q=1,2&x=\"y\"\\z\x01\x7f";
  r.version = "1.1";
  r.user_agent = "Mozilla/5.0 (\xc3\x9cn\xc3\xaf) \xc3";  // valid UTF-8, then a lead byte cut short
  r.response_body_len = 1234;
  r.status_code = 200;
  r.status_msg = "OK";
  r.resp_mime_types = {"text/html", "a,b"};
  return r;
}

TEST(ZeekAppWriters, HttpTsvWithUnknownFieldsUnset) {
  EXPECT_EQ(zeek_tsv_line(hostile_http()),
            std::string(kIds) +
                "\t1\tGET\texample.com\t/a b\\x09?q=1,2&x=\"y\"\\x5cz\\x01\\x7f\t-\t1.1\t"
                "Mozilla/5.0 (\xc3\x9cn\xc3\xaf) \\xc3\t-\t0\t1234\t200\tOK\t-\t-\t(empty)\t-\t-\t-\t-\t-\t-\t-\t-\t"
                "text/html,a\\x2cb");
}

TEST(ZeekAppWriters, HttpJson) {
  EXPECT_EQ(zeek_json_line(hostile_http()),
            std::string(kJsonIds) +
                ",\"trans_depth\":1,\"method\":\"GET\",\"host\":\"example.com\","
                "\"uri\":\"/a b\\t?q=1,2&x=\\\"y\\\"\\\\z\\u0001\x7f\",\"version\":\"1.1\","
                "\"user_agent\":\"Mozilla/5.0 (\xc3\x9cn\xc3\xaf) \\\\xc3\",\"request_body_len\":0,"
                "\"response_body_len\":1234,\"status_code\":200,\"status_msg\":\"OK\",\"tags\":[],"
                "\"resp_mime_types\":[\"text/html\",\"a,b\"]}");
}

// The column sets of a default Zeek run (the most common ones among Zeek's baselines); ssl.log adds the
// fingerprints and the server certificate's description at the end.
TEST(ZeekAppWriters, HeadersAreZeeksDefaultColumns) {
  const std::string ids = "ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p";
  const std::string id_types = "time\tstring\taddr\tport\taddr\tport";
  EXPECT_EQ(zeek_header_lines<DnsRecord>(),
            "#fields\t" + ids +
                "\tproto\ttrans_id\trtt\tquery\tqclass\tqclass_name\tqtype\tqtype_name\trcode\trcode_name\tAA\tTC\t"
                "RD\tRA\tZ\tanswers\tTTLs\trejected\topcode\topcode_name\n#types\t" + id_types +
                "\tenum\tcount\tinterval\tstring\tcount\tstring\tcount\tstring\tcount\tstring\tbool\tbool\tbool\t"
                "bool\tcount\tvector[string]\tvector[interval]\tbool\tcount\tstring\n");
  EXPECT_EQ(zeek_header_lines<SslRecord>(),
            "#fields\t" + ids +
                "\tversion\tcipher\tcurve\tserver_name\tresumed\tlast_alert\tnext_protocol\testablished\t"
                "ssl_history\tcert_chain_fps\tclient_cert_chain_fps\tsni_matches_cert\tja3\tja3s\tja4\tsubject\tissuer\t"
                "not_valid_before\tnot_valid_after\tself_signed\n#types\t" +
                id_types +
                "\tstring\tstring\tstring\tstring\tbool\tstring\tstring\tbool\tstring\tvector[string]\t"
                "vector[string]\tbool\tstring\tstring\tstring\tstring\tstring\ttime\ttime\tbool\n");
  EXPECT_EQ(zeek_header_lines<HttpRecord>(),
            "#fields\t" + ids +
                "\ttrans_depth\tmethod\thost\turi\treferrer\tversion\tuser_agent\torigin\trequest_body_len\t"
                "response_body_len\tstatus_code\tstatus_msg\tinfo_code\tinfo_msg\ttags\tusername\tpassword\t"
                "proxied\torig_fuids\torig_filenames\torig_mime_types\tresp_fuids\tresp_filenames\t"
                "resp_mime_types\n#types\t" + id_types +
                "\tcount\tstring\tstring\tstring\tstring\tstring\tstring\tstring\tcount\tcount\tcount\tstring\t"
                "count\tstring\tset[enum]\tstring\tstring\tset[string]\tvector[string]\tvector[string]\t"
                "vector[string]\tvector[string]\tvector[string]\tvector[string]\n");
}

TEST(ZeekAppWriters, DnsNamesAndZeeksFallbacks) {
  EXPECT_EQ(dns_qtype_name(1), "A");
  EXPECT_EQ(dns_qtype_name(28), "AAAA");
  EXPECT_EQ(dns_qtype_name(255), "*");
  EXPECT_EQ(dns_qtype_name(65521), "INTEGRITY");
  EXPECT_EQ(dns_qtype_name(54), "query-54");
  EXPECT_EQ(dns_qtype_name(65534), "query-65534");
  EXPECT_EQ(dns_qclass_name(1), "C_INTERNET");
  EXPECT_EQ(dns_qclass_name(32769), "qclass-32769");  // mDNS unicast-response bit
  EXPECT_EQ(dns_rcode_name(8), "NXRRSet");
  EXPECT_EQ(dns_rcode_name(3842), "BADSIG");
  EXPECT_EQ(dns_rcode_name(24), "rcode-24");
  EXPECT_EQ(dns_opcode_name(5), "dynamic-update");
  EXPECT_EQ(dns_opcode_name(3), "opcode-3");
  EXPECT_EQ(dns_opcode_name(0, /*netbios=*/true), "netbios-query");
  EXPECT_EQ(dns_opcode_name(1, /*netbios=*/true), "netbios-opcode-1");
}

std::string temp_path(const std::string& name) {
  return std::filesystem::temp_directory_path() / ("vigil-app-" + std::to_string(getpid()) + "-" + name);
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

TEST(ZeekAppWriters, FileHasZeeksHeaderAndAppearsOnlyOnClose) {
  std::string path = temp_path("dns.log");
  auto w = ZeekDnsWriter::open(path, ZeekLogFormat::kTsv);
  ASSERT_TRUE(w.is_ok());
  w.value()->write(hostile_dns());
  EXPECT_FALSE(std::filesystem::exists(path));
  ASSERT_TRUE(w.value()->close().is_ok());
  std::string text = read_text(path);
  std::remove(path.c_str());
  EXPECT_TRUE(text.starts_with("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n"
                               "#path\tdns\n#open\t"));
  EXPECT_NE(text.find("\n" + zeek_header_lines<DnsRecord>() + zeek_tsv_line(hostile_dns()) + "\n#close\t"),
            std::string::npos);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 10);  // 8 header lines, 1 row, #close

  std::string abandoned = temp_path("ssl.json");
  {
    auto j = ZeekSslWriter::open(abandoned, ZeekLogFormat::kJson);
    ASSERT_TRUE(j.is_ok());
    j.value()->write(SslRecord{});
  }  // never closed: no file, no temporary left behind
  EXPECT_FALSE(std::filesystem::exists(abandoned));
  EXPECT_FALSE(std::filesystem::exists(abandoned + ".tmp"));
  EXPECT_FALSE(ZeekHttpWriter::open("/nonexistent-dir/http.log", ZeekLogFormat::kTsv).is_ok());
}

struct Collected {
  std::vector<DnsRecord> dns;
  std::vector<SslRecord> ssl;
  std::vector<HttpRecord> http;
  std::vector<FtpRecord> ftp;
  LogSink sink() {
    return {[](ConnRecord&&) {}, [this](DnsRecord&& r) { dns.push_back(std::move(r)); },
            [this](SslRecord&& r) { ssl.push_back(std::move(r)); },
            [this](HttpRecord&& r) { http.push_back(std::move(r)); },
            [this](FtpRecord&& r) { ftp.push_back(std::move(r)); }};
  }
};

// What vigil's log readers read: fields their schema does not list yet come back unset or empty.
DnsRecord as_read(DnsRecord r) {
  r.opcode.reset();
  return r;
}
SslRecord as_read(SslRecord r) {
  r.cert_chain_fps.clear();
  r.client_cert_chain_fps.clear();
  r.sni_matches_cert.reset();
  return r;
}
HttpRecord as_read(HttpRecord r) {
  r.info_code.reset();
  r.info_msg.reset();
  r.username.reset();
  r.proxied.clear();
  r.orig_mime_types.clear();
  return r;
}

// Zeek writes an empty element of a set or vector as "(empty)", like an empty string; the TSV reader
// keeps such an element as the text "(empty)" (a reader gap: it could map it back to "").
void empty_elements_as_text(std::vector<std::string>& v) {
  for (auto& e : v)
    if (e.empty()) e = "(empty)";
}
DnsRecord as_read_tsv(DnsRecord r) {
  empty_elements_as_text(r.answers);
  return as_read(r);
}
SslRecord as_read_tsv(SslRecord r) { return as_read(r); }
FtpRecord as_read(FtpRecord r) { return r; }  // every ftp.log field is read
FtpRecord as_read_tsv(FtpRecord r) { return r; }
HttpRecord as_read_tsv(HttpRecord r) {
  empty_elements_as_text(r.resp_mime_types);
  return as_read(r);
}

template <typename Record>
void expect_read_back(const std::vector<Record>& written, const std::vector<Record>& read, ZeekLogFormat format) {
  ASSERT_EQ(read.size(), written.size());
  for (size_t i = 0; i < read.size(); ++i) {
    Record want = format == ZeekLogFormat::kTsv ? as_read_tsv(written[i]) : as_read(written[i]);
    // Both lines print every field of the log, so equal lines mean equal fields.
    EXPECT_EQ(zeek_tsv_line(read[i]), zeek_tsv_line(want)) << "record " << i;
    EXPECT_EQ(zeek_json_line(read[i]), zeek_json_line(want)) << "record " << i;
    EXPECT_EQ(read[i].id.ts.ns, written[i].id.ts.ns);
  }
}

void expect_round_trip(ZeekLogFormat format, bool with_invalid_utf8) {
  DnsRecord dns = hostile_dns(), bare_dns;
  bare_dns.id = conn_ref("Cbare", "2001:db8::1", 1, "2001:db8::53", 53);
  bare_dns.proto = TransportProto::kTcp;
  bare_dns.query = "";
  SslRecord ssl;
  ssl.id = conn_ref("Cssl", "10.0.0.1", 40000, "1.2.3.4", 443);
  ssl.version = "TLSv13";
  ssl.server_name = "-";
  ssl.resumed = ssl.established = true;
  ssl.last_alert = "";
  HttpRecord http = hostile_http(), bare_http;
  bare_http.id = conn_ref("Chttp", "10.0.0.1", 40001, "1.2.3.4", 80);
  bare_http.uri = "-";
  bare_http.resp_mime_types = {"", "-", ","};
  http.info_code = 100;  // written, not read back yet (see as_read)
  http.proxied = {"X-FORWARDED-FOR -> 1.2.3.4"};
  if (!with_invalid_utf8) {  // Zeek's JSON writes a stray byte as the text "\xNN": it reads back as that text
    dns.query = "a\tb\nc.ex,ample-\xc3\xa9.com";
    http.user_agent = "Mozilla/5.0 (\xc3\x9cn\xc3\xaf)";
  }
  std::string ext = format == ZeekLogFormat::kTsv ? ".log" : ".json";
  std::string dns_path = temp_path("rt-dns" + ext), ssl_path = temp_path("rt-ssl" + ext),
              http_path = temp_path("rt-http" + ext);
  auto d = ZeekDnsWriter::open(dns_path, format);
  auto s = ZeekSslWriter::open(ssl_path, format);
  auto h = ZeekHttpWriter::open(http_path, format);
  ASSERT_TRUE(d.is_ok() && s.is_ok() && h.is_ok());
  d.value()->write(dns);
  d.value()->write(bare_dns);
  s.value()->write(ssl);
  h.value()->write(http);
  h.value()->write(bare_http);
  ASSERT_TRUE(d.value()->close().is_ok() && s.value()->close().is_ok() && h.value()->close().is_ok());
  Collected c;
  ReadReport report = read_logs({dns_path, ssl_path, http_path}, std::nullopt, c.sink());
  for (const auto& p : {dns_path, ssl_path, http_path}) std::remove(p.c_str());
  EXPECT_TRUE(report.errors.empty());
  EXPECT_EQ(report.skipped_lines(), 0u);
  expect_read_back({dns, bare_dns}, c.dns, format);
  expect_read_back({ssl}, c.ssl, format);
  expect_read_back({http, bare_http}, c.http, format);
}

// ftp.log: Zeek's columns in its order, the data channel's four columns set together or not at all, and
// every field read back as written (TSV and JSON).
TEST(ZeekAppWriters, FtpHeaderAndRoundTrip) {
  const std::string ids = "ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p";
  const std::string id_types = "time\tstring\taddr\tport\taddr\tport";
  EXPECT_EQ(zeek_header_lines<FtpRecord>(),
            "#fields\t" + ids +
                "\tuser\tpassword\tcommand\targ\tmime_type\tfile_size\treply_code\treply_msg\tdata_channel.passive\t"
                "data_channel.orig_h\tdata_channel.resp_h\tdata_channel.resp_p\tfuid\n#types\t" + id_types +
                "\tstring\tstring\tstring\tstring\tstring\tcount\tcount\tstring\tbool\taddr\taddr\tport\tstring\n");
  FtpRecord pasv, stor;
  pasv.id = conn_ref("Cftp", "10.0.0.7", 49209, "203.0.113.9", 21);
  pasv.user = "husband@example.com";
  pasv.password = "<hidden>";
  pasv.command = "PASV";
  pasv.reply_code = 227;
  pasv.reply_msg = "Entering Passive Mode (203,0,113,9,173,235)";
  pasv.data_channel = FtpDataChannel{true, *IpAddr::parse("10.0.0.7"), *IpAddr::parse("203.0.113.9"), 44523};
  stor = pasv;
  stor.command = "STOR";
  stor.arg = "ftp://203.0.113.9/PW_admin\tx,y.html";  // a tab and a comma: escaped, read back
  stor.reply_msg = "File successfully transferred";
  stor.reply_code = 226;
  stor.data_channel.reset();
  EXPECT_NE(zeek_tsv_line(stor).find("\t-\t-\t-\t-\t-"), std::string::npos) << zeek_tsv_line(stor);
  for (ZeekLogFormat format : {ZeekLogFormat::kTsv, ZeekLogFormat::kJson}) {
    std::string path = temp_path(format == ZeekLogFormat::kTsv ? "rt-ftp.log" : "rt-ftp.json");
    auto w = ZeekFtpWriter::open(path, format);
    ASSERT_TRUE(w.is_ok());
    w.value()->write(pasv);
    w.value()->write(stor);
    ASSERT_TRUE(w.value()->close().is_ok());
    Collected c;
    ReadReport report = read_logs({path}, std::nullopt, c.sink());
    std::remove(path.c_str());
    EXPECT_TRUE(report.errors.empty());
    expect_read_back({pasv, stor}, c.ftp, format);
  }
}

TEST(ZeekAppWriters, RoundTripTsv) { expect_round_trip(ZeekLogFormat::kTsv, /*with_invalid_utf8=*/true); }
TEST(ZeekAppWriters, RoundTripJson) { expect_round_trip(ZeekLogFormat::kJson, /*with_invalid_utf8=*/false); }

// Zeek's own rows, read by vigil and written again, give Zeek's line back in every column vigil reads
// (or derives, like the DNS names); not compared are the fields the readers do not read yet and the file
// ids and names vigil cannot know. Only files with the default column set are used.
std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  for (std::string cell; std::getline(ss, cell, '\t');) out.push_back(cell);
  if (!line.empty() && line.back() == '\t') out.emplace_back();
  return out;
}

// `line` without its last `n` tab-separated cells.
std::string drop_cells(const std::string& line, size_t n) {
  size_t end = line.size();
  for (size_t i = 0; i < n; ++i) end = line.rfind('\t', end - 1);
  return line.substr(0, end);
}

// `vigil_only`: columns vigil appends after Zeek's default ones (ssl.log's fingerprints).
template <typename Record>
size_t check_baselines(const std::string& log_name, const std::vector<Record>& (*pick)(const Collected&),
                       const std::vector<std::string>& not_compared, size_t vigil_only = 0) {
  std::filesystem::path root = std::filesystem::path(VIGIL_SHARED_DATA) / "zeek-baselines";
  std::string vigil_header = zeek_header_lines<Record>();
  size_t fields_end = vigil_header.find('\n');
  std::string header = drop_cells(vigil_header.substr(0, fields_end), vigil_only) + "\n" +
                       drop_cells(vigil_header.substr(fields_end + 1, vigil_header.size() - fields_end - 2),
                                  vigil_only) + "\n";
  std::vector<std::string> names = split_tabs(header.substr(0, header.find('\n')));
  size_t rows = 0;
  for (const auto& entry : std::filesystem::directory_iterator(root)) {
    std::string path = entry.path() / (log_name + ".log");
    if (!std::filesystem::is_regular_file(path)) continue;
    std::string text = read_text(path);
    if (text.find("\n" + header) == std::string::npos) continue;  // extra scripts changed the columns
    const std::string mask = "XXXXXXXXXX.XXXXXX";
    for (size_t at; (at = text.find(mask)) != std::string::npos;) text.replace(at, mask.size(), "1000000000.000000");
    std::string copy = temp_path("baseline-" + log_name + ".log");
    std::ofstream(copy, std::ios::binary) << text;
    Collected c;
    ReadReport report = read_logs({copy}, std::nullopt, c.sink());
    std::remove(copy.c_str());
    EXPECT_TRUE(report.errors.empty()) << path;
    std::vector<std::string> lines;
    std::stringstream ss(text);
    for (std::string l; std::getline(ss, l);)
      if (!l.empty() && l[0] != '#') lines.push_back(l);
    const std::vector<Record>& records = pick(c);
    EXPECT_EQ(records.size(), lines.size()) << path;
    for (size_t i = 0; i < std::min(records.size(), lines.size()); ++i, ++rows) {
      std::vector<std::string> want = split_tabs(lines[i]), got = split_tabs(zeek_tsv_line(records[i]));
      got.resize(got.size() - vigil_only);
      if (got.size() != names.size() - 1 || want.size() != got.size()) {
        ADD_FAILURE() << path << " row " << i << ": " << want.size() << " columns, vigil wrote " << got.size();
        continue;
      }
      for (size_t f = 0; f < got.size(); ++f) {
        const std::string& name = names[f + 1];
        if (std::find(not_compared.begin(), not_compared.end(), name) != not_compared.end()) continue;
        EXPECT_EQ(got[f], want[f]) << path << " row " << i << " field " << name;
      }
    }
  }
  return rows;
}

TEST(ZeekAppWriters, ZeeksOwnBaselineRowsWrittenAgain) {
  std::filesystem::path root = std::filesystem::path(VIGIL_SHARED_DATA) / "zeek-baselines";
  if (!std::filesystem::is_directory(root)) GTEST_SKIP() << "../shared/data is absent: " << root;
  size_t dns = check_baselines<DnsRecord>(
      "dns", [](const Collected& c) -> const std::vector<DnsRecord>& { return c.dns; }, {"opcode", "opcode_name"});
  size_t ssl = check_baselines<SslRecord>(
      "ssl", [](const Collected& c) -> const std::vector<SslRecord>& { return c.ssl; },
      {"cert_chain_fps", "client_cert_chain_fps", "sni_matches_cert"}, /*vigil_only=*/8);
  size_t http = check_baselines<HttpRecord>(
      "http", [](const Collected& c) -> const std::vector<HttpRecord>& { return c.http; },
      {"info_code", "info_msg", "username", "proxied", "orig_mime_types",  // not read yet
       "orig_fuids", "orig_filenames", "resp_fuids", "resp_filenames"});   // from Zeek's file analysis
  EXPECT_GT(dns, 20u);
  EXPECT_GT(ssl, 20u);
  EXPECT_GT(http, 100u);
  std::printf("re-wrote %zu dns, %zu ssl, %zu http rows of Zeek's baselines\n", dns, ssl, http);
}

}  // namespace
}  // namespace vigil
