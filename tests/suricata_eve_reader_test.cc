// Suricata EVE JSON reader: each event type into its record with exact field values, DNS pairing in the
// v1, v2 and v3 formats, a mixed file, hostile lines, and gzip. The events are written as Suricata 5-8
// writes them (field names from its EVE format documentation and output code).
#include "sources/logs/suricata_eve_reader.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "capture_fixtures.h"
#include "sources/logs/line_reader.h"

namespace vigil {
namespace {

constexpr int64_t kT0 = 1'793'527'200;  // 2026-11-01T10:00:00Z

// A time `s` seconds and `us` microseconds after kT0.
Timestamp at(int64_t s, int64_t us = 0) { return Timestamp{(kT0 + s) * 1'000'000'000 + us * 1'000}; }
Duration ms(int64_t v) { return Duration{v * 1'000'000}; }
IpAddr ip(const char* text) { return *IpAddr::parse(text); }

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
  const DnsRecord* dns_for(const std::string& query) const {
    for (const auto& r : dns)
      if (r.query == query) return &r;
    return nullptr;
  }
};

std::string lines_of(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

ReadReport read_path(const std::string& path, Collected& c) {
  ReadReport report;
  auto opened = LineReader::open(path);
  EXPECT_TRUE(opened.is_ok());
  if (!opened.is_ok()) return report;
  read_suricata_eve(*opened.value(), path, c.sink(), report);
  return report;
}

ReadReport read_eve(const std::vector<std::string>& lines, Collected& c) {
  std::string text = lines_of(lines);
  TempFile t(Bytes8(text.begin(), text.end()));
  return read_path(t.path(), c);
}

uint64_t records(const ReadReport& r, LogKind k) { return r.records[static_cast<size_t>(k)]; }

uint64_t skipped(const ReadReport& r, const std::string& reason) {
  auto it = r.skipped.find(reason);
  return it == r.skipped.end() ? 0 : it->second.count;
}

// ---- Events as Suricata writes them. ----

// A TLS session that closed normally (SYN, FIN, PSH, ACK both ways). flow.start carries a +0100 offset.
const std::string kTcpFlow =
    R"({"timestamp":"2026-11-01T10:05:00.000412+0000","flow_id":1234567890123456,"in_iface":"eth0",)"
    R"("event_type":"flow","src_ip":"10.0.0.5","src_port":49822,"dest_ip":"93.184.216.34","dest_port":443,)"
    R"("proto":"TCP","app_proto":"tls","flow":{"pkts_toserver":12,"pkts_toclient":10,"bytes_toserver":1830,)"
    R"("bytes_toclient":7421,"start":"2026-11-01T11:00:00.123456+0100","end":"2026-11-01T10:00:02.623456+0000",)"
    R"("age":2,"state":"closed","reason":"timeout","alerted":false},"community_id":"1:LQU9qZlK+B5F3KDmev6m5PMibrg=",)"
    R"("tcp":{"tcp_flags":"1b","tcp_flags_ts":"1b","tcp_flags_tc":"1b","syn":true,"fin":true,"psh":true,"ack":true,)"
    R"("state":"closed"}})";

const std::string kUdpFlow =
    R"({"timestamp":"2026-11-01T10:01:00.000000+0000","flow_id":2001,"event_type":"flow","src_ip":"10.0.0.5",)"
    R"("src_port":53000,"dest_ip":"10.0.0.1","dest_port":53,"proto":"UDP","app_proto":"dns","flow":{)"
    R"("pkts_toserver":1,"pkts_toclient":1,"bytes_toserver":75,"bytes_toclient":139,)"
    R"("start":"2026-11-01T10:00:01.000000+0000","end":"2026-11-01T10:00:01.020000+0000","age":0,)"
    R"("state":"established","reason":"timeout","alerted":false}})";

// A TCP flow event with the given per-side flags and packet counts.
std::string tcp_flow(uint64_t flow_id, const char* ts_flags, const char* tc_flags, int pkts_toclient,
                     const char* state) {
  return R"({"timestamp":"2026-11-01T10:02:00.000000+0000","flow_id":)" + std::to_string(flow_id) +
         R"(,"event_type":"flow","src_ip":"10.0.0.7","src_port":40000,"dest_ip":"198.51.100.9","dest_port":8080,)"
         R"("proto":"TCP","flow":{"pkts_toserver":2,"pkts_toclient":)" + std::to_string(pkts_toclient) +
         R"(,"bytes_toserver":120,"bytes_toclient":)" + std::to_string(pkts_toclient * 60) +
         R"(,"start":"2026-11-01T10:00:00.000000+0000","end":"2026-11-01T10:00:01.000000+0000","age":1,"state":")" +
         state + R"(","reason":"timeout","alerted":false},"tcp":{"tcp_flags":"00","tcp_flags_ts":")" + ts_flags +
         R"(","tcp_flags_tc":")" + tc_flags + R"("}})";
}

const std::string kTlsEvent =
    R"({"timestamp":"2026-11-01T10:00:00.180000+0000","flow_id":1234567890123456,"in_iface":"eth0",)"
    R"("event_type":"tls","src_ip":"10.0.0.5","src_port":49822,"dest_ip":"93.184.216.34","dest_port":443,)"
    R"("proto":"TCP","tls":{"subject":"C=US, O=Example Inc, CN=www.example.com",)"
    R"("issuerdn":"C=US, O=DigiCert Inc, CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1",)"
    R"("serialnumber":"0C:1F:CB:18:45:18:C7:E3:86:67:41:23:6D:6B:73:F1","fingerprint":)"
    R"("31:0d:b7:af:4b:2b:c9:04:0c:83:44:70:1a:ca:08:d0:c6:93:81:e3","sni":"www.example.com",)"
    R"("version":"TLS 1.2","notbefore":"2026-01-30T00:00:00","notafter":"2027-03-01T23:59:59",)"
    R"("ja3":{"hash":"cd08e31494f9531f560d64c695473da9","string":"771,4865-4866-4867-49195,0-23-65281-10-11,29-23-24,0"},)"
    R"("ja3s":{"hash":"f4febc55ea12b31ae17cfb7e614afda8","string":"771,49199,65281-0-11-35-23"},)"
    R"("ja4":"t13d1516h2_8daaf6152771_02713d6af862"}})";

const std::string kHttpEvent =
    R"({"timestamp":"2026-11-01T10:00:03.402911+0000","flow_id":987654321098765,"event_type":"http",)"
    R"("src_ip":"10.0.0.23","src_port":51560,"dest_ip":"198.51.100.20","dest_port":80,"proto":"TCP","tx_id":2,)"
    R"("http":{"hostname":"download.example.net","url":"\/files\/setup.exe?v=2","http_user_agent":)"
    R"x("Mozilla\/5.0 (Windows NT 10.0; Win64; x64)","http_content_type":"application\/octet-stream",)x"
    R"("http_refer":"http:\/\/www.example.net\/","http_method":"GET","protocol":"HTTP\/1.1","status":200,)"
    R"("length":482304}})";

// DNS: v1 (Suricata 4/5 "version: 1"): one event per query and one per answer record.
const std::string kDnsV1Query =
    R"({"timestamp":"2026-11-01T10:00:01.000000+0000","flow_id":555,"event_type":"dns","src_ip":"10.0.0.5",)"
    R"("src_port":53000,"dest_ip":"10.0.0.1","dest_port":53,"proto":"UDP","dns":{"type":"query","id":4660,)"
    R"("rrname":"www.example.com","rrtype":"A","tx_id":0}})";
const std::string kDnsV1AnswerCname =
    R"({"timestamp":"2026-11-01T10:00:01.020000+0000","flow_id":555,"event_type":"dns","src_ip":"10.0.0.5",)"
    R"("src_port":53000,"dest_ip":"10.0.0.1","dest_port":53,"proto":"UDP","dns":{"type":"answer","id":4660,)"
    R"("flags":"8180","qr":true,"rd":true,"ra":true,"rcode":"NOERROR","rrname":"www.example.com",)"
    R"("rrtype":"CNAME","ttl":300,"rdata":"example.com"}})";
const std::string kDnsV1AnswerA =
    R"({"timestamp":"2026-11-01T10:00:01.020000+0000","flow_id":555,"event_type":"dns","src_ip":"10.0.0.5",)"
    R"("src_port":53000,"dest_ip":"10.0.0.1","dest_port":53,"proto":"UDP","dns":{"type":"answer","id":4660,)"
    R"("flags":"8180","qr":true,"rd":true,"ra":true,"rcode":"NOERROR","rrname":"example.com","rrtype":"A",)"
    R"("ttl":60,"rdata":"93.184.216.34"}})";

// DNS v2 (Suricata 5-7): one event per query, one per response with every answer.
const std::string kDnsV2Query =
    R"({"timestamp":"2026-11-01T10:00:04.500000+0000","flow_id":777,"event_type":"dns","src_ip":"10.0.0.8",)"
    R"("src_port":41234,"dest_ip":"10.0.0.1","dest_port":53,"proto":"UDP","dns":{"type":"query","id":18523,)"
    R"("rrname":"www.suricata.io","rrtype":"A","tx_id":0,"opcode":0}})";
const std::string kDnsV2Answer =
    R"({"timestamp":"2026-11-01T10:00:04.531000+0000","flow_id":777,"event_type":"dns","src_ip":"10.0.0.8",)"
    R"("src_port":41234,"dest_ip":"10.0.0.1","dest_port":53,"proto":"UDP","dns":{"version":2,"type":"answer",)"
    R"("id":18523,"flags":"8580","qr":true,"aa":true,"rd":true,"ra":true,"opcode":0,"rrname":"www.suricata.io",)"
    R"("rrtype":"A","rcode":"NOERROR","answers":[{"rrname":"www.suricata.io","rrtype":"CNAME","ttl":3597,)"
    R"("rdata":"suricata.io"},{"rrname":"suricata.io","rrtype":"A","ttl":597,"rdata":"35.212.0.44"},)"
    R"({"rrname":"suricata.io","rrtype":"A","ttl":597,"rdata":"35.212.0.45"}],)"
    R"("authorities":[{"rrname":"suricata.io","rrtype":"NS","ttl":3600,"rdata":"ns1.suricata.io"}]}})";

// ---- flow ----

TEST(SuricataEve, TcpFlowClosedIsSF) {
  Collected c;
  ReadReport r = read_eve({kTcpFlow}, c);
  ASSERT_EQ(c.conn.size(), 1u);
  const ConnRecord& f = c.conn[0];
  EXPECT_EQ(f.ts, at(0, 123456));  // flow.start, its +0100 offset applied; not the event's timestamp
  EXPECT_EQ(f.uid, "S1234567890123456");
  EXPECT_EQ(f.orig_h, ip("10.0.0.5"));
  EXPECT_EQ(f.orig_p, 49822);
  EXPECT_EQ(f.resp_h, ip("93.184.216.34"));
  EXPECT_EQ(f.resp_p, 443);
  EXPECT_EQ(f.proto, TransportProto::kTcp);
  EXPECT_EQ(f.ip_proto, 6);
  EXPECT_EQ(f.service, "ssl");
  EXPECT_EQ(f.duration, ms(2500));
  EXPECT_FALSE(f.orig_bytes.has_value());
  EXPECT_FALSE(f.resp_bytes.has_value());
  EXPECT_EQ(f.conn_state, ConnState::kSF);
  EXPECT_EQ(f.history, "");
  EXPECT_EQ(f.orig_pkts, 12u);
  EXPECT_EQ(f.orig_ip_bytes, 1830u);
  EXPECT_EQ(f.resp_pkts, 10u);
  EXPECT_EQ(f.resp_ip_bytes, 7421u);
  EXPECT_EQ(r.lines, 1u);
  EXPECT_EQ(records(r, LogKind::kConn), 1u);
  EXPECT_EQ(r.skipped_lines(), 0u);
  EXPECT_TRUE(r.errors.empty());
}

TEST(SuricataEve, UdpFlows) {
  const std::string one_way =
      R"({"timestamp":"2026-11-01T10:03:00.000000+0000","flow_id":2002,"event_type":"flow","src_ip":"fd00::5",)"
      R"("src_port":5353,"dest_ip":"ff02::fb","dest_port":5353,"proto":"UDP","app_proto":"failed","flow":{)"
      R"("pkts_toserver":1,"pkts_toclient":0,"bytes_toserver":120,"bytes_toclient":0,)"
      R"("start":"2026-11-01T10:00:07.250000+0000","end":"2026-11-01T10:00:07.250000+0000","age":0,)"
      R"("state":"new","reason":"timeout","alerted":false}})";
  Collected c;
  ReadReport r = read_eve({kUdpFlow, one_way}, c);
  ASSERT_EQ(c.conn.size(), 2u);
  const ConnRecord& dns = c.conn[0];
  EXPECT_EQ(dns.ts, at(1));
  EXPECT_EQ(dns.uid, "S2001");
  EXPECT_EQ(dns.orig_h, ip("10.0.0.5"));
  EXPECT_EQ(dns.orig_p, 53000);
  EXPECT_EQ(dns.resp_p, 53);
  EXPECT_EQ(dns.proto, TransportProto::kUdp);
  EXPECT_EQ(dns.ip_proto, 17);
  EXPECT_EQ(dns.service, "dns");
  EXPECT_EQ(dns.duration, ms(20));
  EXPECT_EQ(dns.conn_state, ConnState::kSF);  // both sides sent datagrams
  EXPECT_EQ(dns.orig_ip_bytes, 75u);
  EXPECT_EQ(dns.resp_ip_bytes, 139u);

  const ConnRecord& mdns = c.conn[1];
  EXPECT_EQ(mdns.orig_h, ip("fd00::5"));
  EXPECT_EQ(mdns.resp_h, ip("ff02::fb"));
  EXPECT_EQ(mdns.ts, at(7, 250000));
  EXPECT_FALSE(mdns.duration.has_value());  // 0 s: unset, as Zeek leaves it
  EXPECT_EQ(mdns.service, "");               // "failed" detection is no service
  EXPECT_EQ(mdns.conn_state, ConnState::kS0);
  EXPECT_EQ(mdns.resp_pkts, 0u);
  EXPECT_EQ(r.skipped_lines(), 0u);
}

TEST(SuricataEve, TcpConnStateFromEachSidesFlags) {
  struct Case {
    const char* ts;
    const char* tc;
    int pkts_toclient;
    const char* state;
    ConnState want;
  };
  const Case cases[] = {
      {"02", "00", 0, "new", ConnState::kS0},              // SYN, nothing back
      {"02", "14", 1, "closed", ConnState::kREJ},          // SYN answered by RST-ACK
      {"1e", "1a", 5, "closed", ConnState::kRSTO},         // established, originator reset
      {"1a", "1e", 5, "closed", ConnState::kRSTR},         // established, responder reset
      {"1a", "1a", 5, "established", ConnState::kS1},      // established, still open
      {"1b", "1a", 5, "established", ConnState::kS2},      // originator closed only
      {"1a", "1b", 5, "established", ConnState::kS3},      // responder closed only
      {"06", "00", 0, "closed", ConnState::kRSTOS0},       // SYN then RST, no SYN-ACK
      {"18", "18", 5, "established", ConnState::kOTH},     // picked up mid-stream
  };
  std::vector<std::string> lines;
  for (size_t i = 0; i < std::size(cases); ++i)
    lines.push_back(tcp_flow(100 + i, cases[i].ts, cases[i].tc, cases[i].pkts_toclient, cases[i].state));
  Collected c;
  read_eve(lines, c);
  ASSERT_EQ(c.conn.size(), std::size(cases));
  for (size_t i = 0; i < std::size(cases); ++i)
    EXPECT_EQ(to_string(c.conn[i].conn_state), to_string(cases[i].want)) << cases[i].ts << "/" << cases[i].tc;
}

TEST(SuricataEve, IcmpFlowsUseTypeAndCodeAsPorts) {
  const std::string ping =
      R"({"timestamp":"2026-11-01T10:00:09.000000+0000","flow_id":3001,"event_type":"flow","src_ip":"10.0.0.5",)"
      R"("dest_ip":"10.0.0.1","proto":"ICMP","icmp_type":8,"icmp_code":0,"response_icmp_type":0,)"
      R"("response_icmp_code":0,"flow":{"pkts_toserver":4,"pkts_toclient":4,"bytes_toserver":392,)"
      R"("bytes_toclient":392,"start":"2026-11-01T10:00:05.000000+0000","end":"2026-11-01T10:00:08.000000+0000",)"
      R"("age":3,"state":"established","reason":"timeout","alerted":false}})";
  const std::string unreachable6 =
      R"({"timestamp":"2026-11-01T10:00:09.000000+0000","flow_id":3002,"event_type":"flow","src_ip":"2001:db8::1",)"
      R"("dest_ip":"2001:db8::2","proto":"IPv6-ICMP","icmp_type":1,"icmp_code":4,"flow":{"pkts_toserver":1,)"
      R"("pkts_toclient":0,"bytes_toserver":90,"bytes_toclient":0,"start":"2026-11-01T10:00:06.000000+0000",)"
      R"("end":"2026-11-01T10:00:06.000000+0000","age":0,"state":"new","reason":"timeout","alerted":false}})";
  Collected c;
  ReadReport r = read_eve({ping, unreachable6}, c);
  ASSERT_EQ(c.conn.size(), 2u);
  EXPECT_EQ(c.conn[0].proto, TransportProto::kIcmp);
  EXPECT_EQ(c.conn[0].ip_proto, 1);
  EXPECT_EQ(c.conn[0].orig_p, 8);
  EXPECT_EQ(c.conn[0].resp_p, 0);
  EXPECT_EQ(c.conn[0].conn_state, ConnState::kOTH);  // Zeek gives ICMP no state
  EXPECT_EQ(c.conn[0].duration, ms(3000));
  EXPECT_EQ(c.conn[1].proto, TransportProto::kIcmp);
  EXPECT_EQ(c.conn[1].ip_proto, 58);
  EXPECT_EQ(c.conn[1].orig_p, 1);
  EXPECT_EQ(c.conn[1].resp_p, 4);
  EXPECT_EQ(c.conn[1].orig_h, ip("2001:db8::1"));
  EXPECT_EQ(r.skipped_lines(), 0u);
}

// ---- dns ----

TEST(SuricataEve, DnsV1QueryAndAnswerEventsBecomeOneRecord) {
  const std::string nx_query =
      R"({"timestamp":"2026-11-01T10:00:02.000000+0000","flow_id":556,"event_type":"dns","src_ip":"10.0.0.5",)"
      R"("src_port":53001,"dest_ip":"10.0.0.1","dest_port":53,"proto":"UDP","dns":{"type":"query","id":7,)"
      R"("rrname":"nope.example.com","rrtype":"A","tx_id":0}})";
  const std::string nx_answer =
      R"({"timestamp":"2026-11-01T10:00:02.015000+0000","flow_id":556,"event_type":"dns","src_ip":"10.0.0.5",)"
      R"("src_port":53001,"dest_ip":"10.0.0.1","dest_port":53,"proto":"UDP","dns":{"type":"answer","id":7,)"
      R"("rcode":"NXDOMAIN","rrname":"nope.example.com"}})";
  const std::string lost =
      R"({"timestamp":"2026-11-01T10:00:03.000000+0000","flow_id":557,"event_type":"dns","src_ip":"10.0.0.5",)"
      R"("src_port":53002,"dest_ip":"10.0.0.1","dest_port":53,"proto":"UDP","dns":{"type":"query","id":9,)"
      R"("rrname":"lost.example.com","rrtype":"TXT","tx_id":0}})";
  Collected c;
  ReadReport r = read_eve({kDnsV1Query, kDnsV1AnswerCname, kDnsV1AnswerA, nx_query, nx_answer, lost}, c);
  ASSERT_EQ(c.dns.size(), 3u);
  EXPECT_EQ(records(r, LogKind::kDns), 3u);
  EXPECT_EQ(r.lines, 6u);
  EXPECT_EQ(r.skipped_lines(), 0u);

  const DnsRecord* www = c.dns_for("www.example.com");
  ASSERT_NE(www, nullptr);
  EXPECT_EQ(www->id.ts, at(1));  // the query's time
  EXPECT_EQ(www->id.uid, "S555");
  EXPECT_EQ(www->id.orig_h, ip("10.0.0.5"));
  EXPECT_EQ(www->id.orig_p, 53000);
  EXPECT_EQ(www->id.resp_h, ip("10.0.0.1"));
  EXPECT_EQ(www->id.resp_p, 53);
  EXPECT_EQ(www->proto, TransportProto::kUdp);
  EXPECT_EQ(www->trans_id, 4660);
  EXPECT_EQ(www->rtt, ms(20));
  EXPECT_EQ(www->qtype, 1);
  EXPECT_EQ(www->rcode, 0);
  EXPECT_TRUE(www->RD);
  EXPECT_TRUE(www->RA);
  EXPECT_FALSE(www->AA);
  EXPECT_FALSE(www->TC);
  EXPECT_EQ(www->answers, (std::vector<std::string>{"example.com", "93.184.216.34"}));
  EXPECT_EQ(www->TTLs, (std::vector<Duration>{Duration::seconds(300), Duration::seconds(60)}));

  const DnsRecord* nx = c.dns_for("nope.example.com");
  ASSERT_NE(nx, nullptr);
  EXPECT_EQ(nx->rcode, 3);
  EXPECT_EQ(nx->qtype, 1);
  EXPECT_EQ(nx->rtt, ms(15));
  EXPECT_TRUE(nx->answers.empty());

  const DnsRecord* unanswered = c.dns_for("lost.example.com");
  ASSERT_NE(unanswered, nullptr);
  EXPECT_EQ(unanswered->qtype, 16);
  EXPECT_EQ(unanswered->trans_id, 9);
  EXPECT_FALSE(unanswered->rcode.has_value());
  EXPECT_FALSE(unanswered->rtt.has_value());
  EXPECT_TRUE(unanswered->answers.empty());
}

TEST(SuricataEve, DnsV2AnswerWithSeveralAnswers) {
  // A grouped-format answer with no query logged (requests turned off): a record on its own.
  const std::string grouped =
      R"({"timestamp":"2026-11-01T10:00:05.000000+0000","flow_id":778,"event_type":"dns","src_ip":"10.0.0.9",)"
      R"("src_port":41000,"dest_ip":"10.0.0.1","dest_port":53,"proto":"UDP","dns":{"version":2,"type":"answer",)"
      R"("id":99,"flags":"8180","qr":true,"rd":true,"ra":true,"rrname":"v6.example.org","rrtype":"AAAA",)"
      R"("rcode":"NOERROR","grouped":{"CNAME":["edge.example.org"],"AAAA":["2001:db8::10","2001:db8::11"]}}})";
  Collected c;
  ReadReport r = read_eve({kDnsV2Query, kDnsV2Query, kDnsV2Answer, grouped}, c);
  ASSERT_EQ(c.dns.size(), 2u);
  EXPECT_EQ(r.lines, 4u);
  // The repeated query line merges into nothing new, and says so.
  EXPECT_EQ(skipped(r, "dns query repeating one already waiting (Zeek logs the first)"), 1u);

  const DnsRecord& d = c.dns[0];  // emitted when its answer arrived
  EXPECT_EQ(d.query, "www.suricata.io");
  EXPECT_EQ(d.id.ts, at(4, 500000));
  EXPECT_EQ(d.id.uid, "S777");
  EXPECT_EQ(d.id.orig_h, ip("10.0.0.8"));
  EXPECT_EQ(d.id.orig_p, 41234);
  EXPECT_EQ(d.trans_id, 18523);
  EXPECT_EQ(d.rtt, ms(31));
  EXPECT_EQ(d.qtype, 1);
  EXPECT_EQ(d.rcode, 0);
  EXPECT_TRUE(d.AA);  // 0x8580: QR AA RD RA
  EXPECT_TRUE(d.RD);
  EXPECT_TRUE(d.RA);
  EXPECT_FALSE(d.TC);
  EXPECT_EQ(d.answers, (std::vector<std::string>{"suricata.io", "35.212.0.44", "35.212.0.45"}));  // no authorities
  EXPECT_EQ(d.TTLs, (std::vector<Duration>{Duration::seconds(3597), Duration::seconds(597), Duration::seconds(597)}));

  const DnsRecord& g = c.dns[1];
  EXPECT_EQ(g.query, "v6.example.org");
  EXPECT_EQ(g.qtype, 28);
  EXPECT_EQ(g.id.ts, at(5));  // no query seen: the answer's time, no rtt
  EXPECT_FALSE(g.rtt.has_value());
  EXPECT_EQ(g.answers, (std::vector<std::string>{"edge.example.org", "2001:db8::10", "2001:db8::11"}));
  EXPECT_TRUE(g.TTLs.empty());  // the grouped format has none
}

TEST(SuricataEve, DnsV3RequestAndResponseFromTheResponderSide) {
  const std::string request =
      R"({"timestamp":"2026-11-01T10:00:06.100000+0000","flow_id":880,"event_type":"dns","src_ip":"192.168.10.23",)"
      R"("src_port":51544,"dest_ip":"192.168.10.1","dest_port":53,"proto":"UDP","dns":{"version":3,"type":"request",)"
      R"("tx_id":0,"id":4711,"flags":"100","rd":true,"opcode":0,"rcode":"NOERROR","queries":[{)"
      R"("rrname":"www.example.com","rrtype":"MX"}]}})";
  // Suricata 8 writes a response from the responder: src is the server.
  const std::string response =
      R"({"timestamp":"2026-11-01T10:00:06.142000+0000","flow_id":880,"event_type":"dns","src_ip":"192.168.10.1",)"
      R"("src_port":53,"dest_ip":"192.168.10.23","dest_port":51544,"proto":"UDP","dns":{"version":3,"type":"response",)"
      R"("tx_id":1,"id":4711,"flags":"8183","qr":true,"rd":true,"ra":true,"opcode":0,"rcode":"NXDOMAIN","queries":[{)"
      R"("rrname":"www.example.com","rrtype":"MX"}]}})";
  const std::string lone_response =
      R"({"timestamp":"2026-11-01T10:00:07.000000+0000","flow_id":881,"event_type":"dns","src_ip":"192.168.10.1",)"
      R"("src_port":53,"dest_ip":"192.168.10.24","dest_port":50000,"proto":"TCP","dns":{"version":3,"type":"response",)"
      R"("tx_id":1,"id":1,"flags":"8180","qr":true,"rd":true,"ra":true,"opcode":0,"rcode":"NOERROR","queries":[{)"
      R"("rrname":"_ldap._tcp.example.com","rrtype":"SRV"}],"answers":[{"rrname":"_ldap._tcp.example.com",)"
      R"("rrtype":"SRV","ttl":600,"srv":{"priority":0,"weight":100,"port":389,"target":"dc1.example.com"}}]}})";
  Collected c;
  ReadReport r = read_eve({request, response, lone_response}, c);
  ASSERT_EQ(c.dns.size(), 2u);
  EXPECT_EQ(r.skipped_lines(), 0u);
  const DnsRecord& d = c.dns[0];
  EXPECT_EQ(d.id.orig_h, ip("192.168.10.23"));
  EXPECT_EQ(d.id.orig_p, 51544);
  EXPECT_EQ(d.id.resp_h, ip("192.168.10.1"));
  EXPECT_EQ(d.id.resp_p, 53);
  EXPECT_EQ(d.query, "www.example.com");
  EXPECT_EQ(d.qtype, 15);
  EXPECT_EQ(d.rcode, 3);
  EXPECT_EQ(d.rtt, ms(42));
  EXPECT_TRUE(d.RD);
  EXPECT_TRUE(d.RA);

  const DnsRecord& lone = c.dns[1];
  EXPECT_EQ(lone.id.orig_h, ip("192.168.10.24"));  // turned round to the client
  EXPECT_EQ(lone.id.orig_p, 50000);
  EXPECT_EQ(lone.id.resp_p, 53);
  EXPECT_EQ(lone.proto, TransportProto::kTcp);
  EXPECT_EQ(lone.qtype, 33);
  EXPECT_EQ(lone.answers, (std::vector<std::string>{"dc1.example.com"}));
  EXPECT_EQ(lone.TTLs, (std::vector<Duration>{Duration::seconds(600)}));
}

// An unanswered query leaves once a minute of log time has passed, not only at the end of the file.
TEST(SuricataEve, DnsUnansweredQueryLeavesAfterItsWait) {
  std::string later_query = kDnsV2Query, later_answer = kDnsV2Answer;
  for (std::string* s : {&later_query, &later_answer}) s->replace(s->find("T10:00:04"), 9, "T10:02:04");
  Collected c;
  read_eve({kDnsV1Query, later_query, later_answer}, c);
  ASSERT_EQ(c.dns.size(), 2u);
  EXPECT_EQ(c.dns[0].query, "www.example.com");  // flushed by the clock before the later pair completed
  EXPECT_TRUE(c.dns[0].answers.empty());
  EXPECT_EQ(c.dns[1].query, "www.suricata.io");
  EXPECT_EQ(c.dns[1].answers.size(), 3u);
}

// Pairing holds when the file's times step back (two EVE files joined, a clock reset): a query's wait
// runs from the latest time read, so an earlier-stamped query still meets its answer.
TEST(SuricataEve, DnsPairsWhenTimeStepsBack) {
  std::string later_query = kDnsV2Query, later_answer = kDnsV2Answer;
  for (std::string* s : {&later_query, &later_answer}) s->replace(s->find("T10:00:04"), 9, "T10:30:04");
  Collected c;
  read_eve({later_query, later_answer, kDnsV1Query, kDnsV1AnswerCname, kDnsV1AnswerA}, c);
  ASSERT_EQ(c.dns.size(), 2u);
  const DnsRecord* www = c.dns_for("www.example.com");
  ASSERT_NE(www, nullptr);
  EXPECT_EQ(www->answers.size(), 2u);
  EXPECT_EQ(www->rtt, ms(20));
}

// The pending table is bounded: past 100,000 waiting queries the oldest leaves unanswered.
TEST(SuricataEve, DnsPendingTableIsBounded) {
  std::string text;
  auto query = [](int i) {
    return R"({"timestamp":"2026-11-01T10:00:01.000000+0000","flow_id":)" + std::to_string(1000 + i) +
           R"(,"event_type":"dns","src_ip":"10.0.0.5","src_port":53000,"dest_ip":"10.0.0.1","dest_port":53,)"
           R"("proto":"UDP","dns":{"type":"query","id":1,"rrname":"q)" + std::to_string(i) + R"(.example","rrtype":"A"}})";
  };
  for (int i = 0; i <= 100'000; ++i) text += query(i) + "\n";
  text += R"({"timestamp":"2026-11-01T10:00:01.010000+0000","flow_id":1000,"event_type":"dns","src_ip":"10.0.0.5",)"
          R"("src_port":53000,"dest_ip":"10.0.0.1","dest_port":53,"proto":"UDP","dns":{"version":2,"type":"answer",)"
          R"("id":1,"rrname":"q0.example","rrtype":"A","rcode":"NOERROR","answers":[{"rrname":"q0.example",)"
          R"("rrtype":"A","ttl":5,"rdata":"192.0.2.1"}]}})"
          "\n";
  TempFile t(Bytes8(text.begin(), text.end()));
  Collected c;
  ReadReport r = read_path(t.path(), c);
  ASSERT_EQ(c.dns.size(), 100'002u);
  EXPECT_EQ(c.dns[0].query, "q0.example");  // pushed out by the 100,001st
  EXPECT_TRUE(c.dns[0].answers.empty());
  EXPECT_EQ(c.dns[1].query, "q0.example");  // its answer then stands alone
  EXPECT_EQ(c.dns[1].answers, (std::vector<std::string>{"192.0.2.1"}));
  EXPECT_EQ(records(r, LogKind::kDns), 100'002u);
}

// ---- tls, http ----

TEST(SuricataEve, TlsWithSniAndJa3) {
  const std::string tls13 =
      R"({"timestamp":"2026-11-01T10:00:10.000000+0000","flow_id":4001,"event_type":"tls","src_ip":"10.0.0.6",)"
      R"("src_port":50001,"dest_ip":"203.0.113.7","dest_port":443,"proto":"TCP","tls":{"sni":"api.example.net",)"
      R"("version":"TLS 1.3","client_alpns":["h2","http\/1.1"],"server_alpns":["h2"]}})";
  const std::string old =
      R"({"timestamp":"2026-11-01T10:00:11.000000+0000","flow_id":4002,"event_type":"tls","src_ip":"10.0.0.6",)"
      R"("src_port":50002,"dest_ip":"203.0.113.8","dest_port":443,"proto":"TCP","tls":{"version":"TLSv1",)"
      R"("session_resumed":true}})";
  const std::string undetermined =
      R"({"timestamp":"2026-11-01T10:00:12.000000+0000","flow_id":4003,"event_type":"tls","src_ip":"10.0.0.6",)"
      R"("src_port":50003,"dest_ip":"203.0.113.9","dest_port":8443,"proto":"TCP","tls":{"version":"UNDETERMINED",)"
      R"("sni":"odd.example"}})";
  Collected c;
  ReadReport r = read_eve({kTlsEvent, tls13, old, undetermined}, c);
  ASSERT_EQ(c.ssl.size(), 4u);
  EXPECT_EQ(records(r, LogKind::kSsl), 4u);
  const SslRecord& s = c.ssl[0];
  EXPECT_EQ(s.id.ts, at(0, 180000));
  EXPECT_EQ(s.id.uid, "S1234567890123456");
  EXPECT_EQ(s.id.orig_h, ip("10.0.0.5"));
  EXPECT_EQ(s.id.resp_p, 443);
  EXPECT_EQ(s.version, "TLSv12");
  EXPECT_EQ(s.server_name, "www.example.com");
  EXPECT_EQ(s.subject, "C=US, O=Example Inc, CN=www.example.com");
  EXPECT_EQ(s.issuer, "C=US, O=DigiCert Inc, CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1");
  EXPECT_EQ(s.ja3, "cd08e31494f9531f560d64c695473da9");
  EXPECT_EQ(s.ja3s, "f4febc55ea12b31ae17cfb7e614afda8");
  EXPECT_EQ(s.ja4, "t13d1516h2_8daaf6152771_02713d6af862");
  EXPECT_TRUE(s.established);
  EXPECT_FALSE(s.resumed);
  EXPECT_FALSE(s.next_protocol.has_value());

  EXPECT_EQ(c.ssl[1].version, "TLSv13");
  EXPECT_EQ(c.ssl[1].next_protocol, "h2");
  EXPECT_FALSE(c.ssl[1].subject.has_value());
  EXPECT_FALSE(c.ssl[1].ja3.has_value());
  EXPECT_EQ(c.ssl[2].version, "TLSv10");
  EXPECT_TRUE(c.ssl[2].resumed);
  EXPECT_FALSE(c.ssl[3].version.has_value());
  EXPECT_FALSE(c.ssl[3].established);
  EXPECT_EQ(c.ssl[3].server_name, "odd.example");
}

TEST(SuricataEve, Http) {
  // Older Suricata wrote status as a string; this one has no tx_id and no content type.
  const std::string minimal =
      R"({"timestamp":"2026-11-01T10:00:13.000000+0000","flow_id":5001,"event_type":"http","src_ip":"10.0.0.23",)"
      R"("src_port":51561,"dest_ip":"198.51.100.20","dest_port":8080,"proto":"TCP","http":{"hostname":"198.51.100.20",)"
      R"("url":"\/beacon","http_user_agent":"curl\/8.5.0","http_method":"POST","protocol":"HTTP\/1.0","status":"404"}})";
  Collected c;
  ReadReport r = read_eve({kHttpEvent, minimal}, c);
  ASSERT_EQ(c.http.size(), 2u);
  EXPECT_EQ(records(r, LogKind::kHttp), 2u);
  const HttpRecord& h = c.http[0];
  EXPECT_EQ(h.id.ts, at(3, 402911));
  EXPECT_EQ(h.id.uid, "S987654321098765");
  EXPECT_EQ(h.id.orig_h, ip("10.0.0.23"));
  EXPECT_EQ(h.id.orig_p, 51560);
  EXPECT_EQ(h.id.resp_h, ip("198.51.100.20"));
  EXPECT_EQ(h.id.resp_p, 80);
  EXPECT_EQ(h.trans_depth, 3u);
  EXPECT_EQ(h.method, "GET");
  EXPECT_EQ(h.host, "download.example.net");
  EXPECT_EQ(h.uri, "/files/setup.exe?v=2");
  EXPECT_EQ(h.referrer, "http://www.example.net/");
  EXPECT_EQ(h.version, "1.1");
  EXPECT_EQ(h.user_agent, "Mozilla/5.0 (Windows NT 10.0; Win64; x64)");
  EXPECT_EQ(h.status_code, 200);
  EXPECT_EQ(h.response_body_len, 482304u);
  EXPECT_EQ(h.request_body_len, 0u);
  EXPECT_EQ(h.resp_mime_types, (std::vector<std::string>{"application/octet-stream"}));

  const HttpRecord& m = c.http[1];
  EXPECT_EQ(m.trans_depth, 0u);
  EXPECT_EQ(m.method, "POST");
  EXPECT_EQ(m.version, "1.0");
  EXPECT_EQ(m.status_code, 404);
  EXPECT_FALSE(m.referrer.has_value());
  EXPECT_TRUE(m.resp_mime_types.empty());
}

// ---- whole files ----

const std::string kAlert =
    R"({"timestamp":"2026-11-01T10:00:03.402911+0000","flow_id":987654321098765,"event_type":"alert",)"
    R"("src_ip":"10.0.0.23","src_port":51560,"dest_ip":"198.51.100.20","dest_port":80,"proto":"TCP","tx_id":2,)"
    R"("alert":{"action":"allowed","gid":1,"signature_id":2018358,"rev":10,"signature":)"
    R"("ET HUNTING GENERIC SUSPICIOUS POST to Dotted Quad with Fake Browser 1","category":)"
    R"("Potentially Bad Traffic","severity":2},"app_proto":"http"})";
const std::string kStats =
    R"({"timestamp":"2026-11-01T10:00:08.000000+0000","event_type":"stats","stats":{"uptime":8,)"
    R"("capture":{"kernel_packets":1021,"kernel_drops":0},"decoder":{"pkts":1021,"bytes":803221}}})";
const std::string kFileinfo =
    R"({"timestamp":"2026-11-01T10:00:03.402911+0000","flow_id":987654321098765,"event_type":"fileinfo",)"
    R"("src_ip":"198.51.100.20","src_port":80,"dest_ip":"10.0.0.23","dest_port":51560,"proto":"TCP",)"
    R"("http":{"hostname":"download.example.net","url":"\/files\/setup.exe?v=2"},"app_proto":"http",)"
    R"("fileinfo":{"filename":"\/files\/setup.exe","gaps":false,"state":"CLOSED","stored":false,"size":482304,)"
    R"("tx_id":2}})";
const std::string kAnomaly =
    R"({"timestamp":"2026-11-01T10:00:05.612110+0000","flow_id":201217772575257,"event_type":"anomaly",)"
    R"("src_ip":"10.0.0.5","src_port":49323,"dest_ip":"69.195.71.174","dest_port":443,"proto":"TCP",)"
    R"("app_proto":"tls","anomaly":{"type":"applayer","event":"INVALID_RECORD_TYPE","layer":"proto_parser"}})";
const std::string kHttpFlow =
    R"({"timestamp":"2026-11-01T10:01:10.000000+0000","flow_id":987654321098765,"event_type":"flow",)"
    R"("src_ip":"10.0.0.23","src_port":51560,"dest_ip":"198.51.100.20","dest_port":80,"proto":"TCP",)"
    R"("app_proto":"http","flow":{"pkts_toserver":120,"pkts_toclient":360,"bytes_toserver":7200,)"
    R"("bytes_toclient":501000,"start":"2026-11-01T10:00:03.300000+0000","end":"2026-11-01T10:00:04.100000+0000",)"
    R"("age":1,"state":"closed","reason":"timeout","alerted":true},"tcp":{"tcp_flags":"1b","tcp_flags_ts":"1b",)"
    R"("tcp_flags_tc":"1b","syn":true,"fin":true,"psh":true,"ack":true,"state":"closed"}})";

const std::vector<std::string> kMixed = {kStats,       kTlsEvent, kDnsV2Query, kAlert,   kHttpEvent, kFileinfo,
                                         kDnsV2Answer, kAnomaly,  kTcpFlow,    kUdpFlow, kHttpFlow};

void expect_mixed(const ReadReport& r, const Collected& c, const std::string& path) {
  EXPECT_EQ(r.lines, 11u);
  EXPECT_EQ(records(r, LogKind::kConn), 3u);
  EXPECT_EQ(records(r, LogKind::kDns), 1u);
  EXPECT_EQ(records(r, LogKind::kSsl), 1u);
  EXPECT_EQ(records(r, LogKind::kHttp), 1u);
  ASSERT_EQ(c.conn.size(), 3u);
  ASSERT_EQ(c.dns.size(), 1u);
  ASSERT_EQ(c.ssl.size(), 1u);
  ASSERT_EQ(c.http.size(), 1u);
  EXPECT_EQ(r.skipped_lines(), 4u);
  ASSERT_EQ(skipped(r, "event_type 'alert' (not read)"), 1u);
  EXPECT_EQ(r.skipped.at("event_type 'alert' (not read)").examples, std::vector<std::string>{path + ":4"});
  EXPECT_EQ(r.skipped.at("event_type 'stats' (not read)").examples, std::vector<std::string>{path + ":1"});
  EXPECT_EQ(skipped(r, "event_type 'fileinfo' (not read)"), 1u);
  EXPECT_EQ(skipped(r, "event_type 'anomaly' (not read)"), 1u);
  // Events of one flow share a uid: the http transaction names its connection.
  EXPECT_EQ(c.http[0].id.uid, c.conn[2].uid);
  EXPECT_EQ(c.conn[2].service, "http");
  EXPECT_EQ(c.ssl[0].id.uid, c.conn[0].uid);
  EXPECT_EQ(c.dns[0].answers.size(), 3u);
  EXPECT_TRUE(r.errors.empty());
}

TEST(SuricataEve, MixedFileReadsEveryKindAndSkipsTheRest) {
  std::string text = lines_of(kMixed);
  TempFile t(Bytes8(text.begin(), text.end()));
  Collected c;
  ReadReport r = read_path(t.path(), c);
  expect_mixed(r, c, t.path());
}

TEST(SuricataEve, GzipFile) {
  std::string text = lines_of(kMixed);
  TempFile t(Bytes8(text.begin(), text.end()), /*gzip=*/true);
  auto opened = LineReader::open(t.path());
  ASSERT_TRUE(opened.is_ok());
  EXPECT_TRUE(opened.value()->compressed());
  Collected c;
  ReadReport r;
  read_suricata_eve(*opened.value(), t.path(), c.sink(), r);
  expect_mixed(r, c, t.path());
  EXPECT_EQ(c.conn[0].ts, at(0, 123456));
}

TEST(SuricataEve, GarbageLinesAreSkippedWithTheirLineNumbers) {
  std::string ten_mb = R"({"timestamp":"2026-11-01T10:00:00.000000+0000","event_type":"http","junk":")";
  ten_mb.append(10u << 20, 'A');  // never closed
  std::string bad_time = kUdpFlow, bad_addr = kUdpFlow, no_flow_id = kUdpFlow, made_up = kStats;
  bad_time.replace(bad_time.find("2026-11-01T10:01:00"), 19, "yesterday at noon  ");
  bad_addr.replace(bad_addr.find("10.0.0.1"), 8, "10.0.0.x");
  no_flow_id.replace(no_flow_id.find("\"flow_id\""), 9, "\"flow_id_\"");
  made_up.replace(made_up.find("stats"), 5, "St@ts");
  const std::vector<std::string> lines = {
      kTcpFlow,                                                  // 1
      "this is not JSON at all",                                 // 2
      R"([{"event_type":"flow"}])",                              // 3: JSON, not an object
      R"({"timestamp":"2026-11-01T10:00:00.000000+0000","flow_id":1,"event_type":"fl)",  // 4: cut off
      std::string("\x00\x01\xff\xfe{\x7f", 6),                  // 5: binary
      R"({"event_type":"flow","note":")" "\xc3\x28" R"("})",     // 6: not UTF-8
      ten_mb,                                                    // 7
      std::string(5000, '[') + std::string(5000, ']'),           // 8: nested past any sane depth
      "",                                                        // 9: empty, not a data line
      no_flow_id,                                                // 10
      bad_time,                                                  // 11
      bad_addr,                                                  // 12
      R"({"flow_id":5,"src_ip":"10.0.0.1"})",                    // 13
      R"({"timestamp":"2026-11-01T10:00:00.000000+0000","flow_id":7,"event_type":"flow","src_ip":"10.0.0.1",)"
      R"("src_port":1,"dest_ip":"10.0.0.2","dest_port":2,"proto":"TCP"})",  // 14: no flow object
      made_up,                                                   // 15
      kUdpFlow,                                                  // 16
  };
  std::string text = lines_of(lines);
  TempFile t(Bytes8(text.begin(), text.end()));
  Collected c;
  ReadReport r = read_path(t.path(), c);
  const std::string& p = t.path();
  ASSERT_EQ(c.conn.size(), 2u);  // lines 1 and 16
  EXPECT_EQ(c.conn[1].uid, "S2001");
  EXPECT_EQ(r.lines, 15u);
  EXPECT_EQ(r.skipped_lines(), 13u);
  ASSERT_EQ(skipped(r, "malformed JSON"), 6u);  // lines 2, 4, 5, 6, 7, 8
  EXPECT_EQ(r.skipped.at("malformed JSON").examples, (std::vector<std::string>{p + ":2", p + ":4", p + ":5"}));
  ASSERT_EQ(skipped(r, "not a JSON object"), 1u);
  EXPECT_EQ(r.skipped.at("not a JSON object").examples, std::vector<std::string>{p + ":3"});
  ASSERT_EQ(skipped(r, "no flow_id"), 1u);
  EXPECT_EQ(r.skipped.at("no flow_id").examples, std::vector<std::string>{p + ":10"});
  ASSERT_EQ(skipped(r, "bad or missing timestamp"), 1u);
  EXPECT_EQ(r.skipped.at("bad or missing timestamp").examples, std::vector<std::string>{p + ":11"});
  ASSERT_EQ(skipped(r, "bad or missing src_ip/dest_ip"), 1u);
  EXPECT_EQ(r.skipped.at("bad or missing src_ip/dest_ip").examples, std::vector<std::string>{p + ":12"});
  ASSERT_EQ(skipped(r, "no event_type"), 1u);
  EXPECT_EQ(r.skipped.at("no event_type").examples, std::vector<std::string>{p + ":13"});
  ASSERT_EQ(skipped(r, "flow event without a flow object"), 1u);
  EXPECT_EQ(r.skipped.at("flow event without a flow object").examples, std::vector<std::string>{p + ":14"});
  ASSERT_EQ(skipped(r, "event_type of another kind (not read)"), 1u);
  EXPECT_EQ(r.skipped.at("event_type of another kind (not read)").examples, std::vector<std::string>{p + ":15"});
  EXPECT_TRUE(r.errors.empty());
}

// A file cut off inside its gzip stream: what came before is read, and the error names the file.
TEST(SuricataEve, TruncatedGzipIsAnErrorAfterItsRecords) {
  std::string text;
  for (int i = 0; i < 20'000; ++i) {
    std::string line = kUdpFlow;
    line.replace(line.find("2001"), 4, std::to_string(100'000 + i * 7919));  // distinct, less compressible
    text += line + "\n";
  }
  TempFile whole(Bytes8(text.begin(), text.end()), /*gzip=*/true);
  std::ifstream in(whole.path(), std::ios::binary);
  Bytes8 bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  bytes.resize(bytes.size() / 2);
  TempFile cut(bytes);
  Collected c;
  ReadReport r = read_path(cut.path(), c);
  EXPECT_GT(c.conn.size(), 0u);
  EXPECT_LT(c.conn.size(), 20'000u);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].file(), cut.path());
}

// Suricata's ftp events (output-json-ftp): USER and PASS feed the session, the logged commands become
// ftp.log rows with the user, a hidden password, the file URL, the last reply and the data channel.
TEST(SuricataEve, FtpEventsBecomeZeeksRows) {
  auto ev = [](const std::string& ftp) {
    return R"({"timestamp":"2026-11-01T10:00:05.000000+0000","flow_id":7001,"event_type":"ftp","src_ip":"10.0.0.7",)"
           R"("src_port":49209,"dest_ip":"203.0.113.9","dest_port":21,"proto":"TCP","ftp":)" + ftp + "}";
  };
  Collected c;
  ReadReport report = read_eve(
      {ev(R"({"command":"USER","command_data":"husband@example.com","completion_code":["331"],"reply":["OK"]})"),
       ev(R"({"command":"PASS","command_data":"secret","completion_code":["230"],"reply":["OK"]})"),
       ev(R"j({"command":"PASV","completion_code":["227"],"reply":["Entering Passive Mode (203,0,113,9,173,235)"],)j"
          R"("dynamic_port":44523,"reply_received":"yes"})"),
       ev(R"({"command":"STOR","command_data":"PW_admin.html","completion_code":["150","226"],)"
          R"("reply":["Accepted data connection","File successfully transferred"],"reply_received":"yes"})"),
       ev(R"({"command":"PORT","command_data":"10,0,0,7,200,10","completion_code":["200"],"reply":["ok"],)"
          R"("dynamic_port":51210,"mode":"active","reply_received":"yes"})"),
       ev(R"({"command_data":"x"})")},  // an unknown command: no row
      c);
  EXPECT_TRUE(report.errors.empty());
  EXPECT_EQ(records(report, LogKind::kFtp), 3u);
  ASSERT_EQ(c.ftp.size(), 3u);
  EXPECT_EQ(c.ftp[0].command, "PASV");
  EXPECT_EQ(c.ftp[0].user, "husband@example.com");
  EXPECT_EQ(c.ftp[0].password, "<hidden>");
  EXPECT_EQ(c.ftp[0].id.uid, "S7001");
  ASSERT_TRUE(c.ftp[0].data_channel);
  EXPECT_TRUE(c.ftp[0].data_channel->passive);
  EXPECT_EQ(c.ftp[0].data_channel->resp_h, ip("203.0.113.9"));
  EXPECT_EQ(c.ftp[0].data_channel->resp_p, 44523);
  EXPECT_EQ(c.ftp[1].command, "STOR");
  EXPECT_EQ(c.ftp[1].arg, "ftp://203.0.113.9/PW_admin.html");
  EXPECT_EQ(c.ftp[1].reply_code, 226);
  EXPECT_EQ(c.ftp[1].reply_msg, "File successfully transferred");
  EXPECT_FALSE(c.ftp[1].data_channel);
  ASSERT_TRUE(c.ftp[2].data_channel);
  EXPECT_FALSE(c.ftp[2].data_channel->passive);  // the server connects back to the client's port
  EXPECT_EQ(c.ftp[2].data_channel->orig_h, ip("203.0.113.9"));
  EXPECT_EQ(c.ftp[2].data_channel->resp_h, ip("10.0.0.7"));
  EXPECT_EQ(c.ftp[2].data_channel->resp_p, 51210);
}

}  // namespace
}  // namespace vigil
