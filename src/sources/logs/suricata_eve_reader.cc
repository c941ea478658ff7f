// Suricata EVE JSON: flow, dns, tls and http events become the records Zeek's conn, dns, ssl and http logs
// give, so what comes after cannot tell which sensor saw the traffic.
//
// Lines go through simdjson's DOM parser (runtime-dispatched; Debian's on-demand build falls back to the
// generic kernel). Fields are looked up by name and read with error codes: a line that is not what
// Suricata writes is skipped with a reason, never guessed at. Where EVE and Zeek differ, the comment at
// each reader says what was chosen and why.
#include "sources/logs/suricata_eve_reader.h"

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <unordered_map>

#include "protocols/ftp_analyzer.h"
#include "sources/logs/eve_dns_pairer.h"
#include "sources/logs/json_lines.h"
#include "sources/logs/zeek_values.h"

namespace vigil {
namespace {

namespace dom = simdjson::dom;


// ---- Field access: absent or wrongly typed fields read as "not there". ----

template <typename T>
bool field(dom::object o, std::string_view key, T& out) {
  return o[key].get(out) == simdjson::SUCCESS;
}

// A count written as a JSON number, or (older Suricata, e.g. http.status) as a string of digits.
bool count_field(dom::object o, std::string_view key, uint64_t& out) {
  if (field(o, key, out)) return true;
  std::string_view text;
  if (!field(o, key, text)) return false;
  auto v = parse_zeek_count(text);
  if (v) out = *v;
  return v.has_value();
}

std::optional<std::string> string_field(dom::object o, std::string_view key) {
  std::string_view s;
  if (!field(o, key, s)) return std::nullopt;
  return std::string(s);
}

std::optional<Timestamp> time_field(dom::object o, std::string_view key) {
  std::string_view s;
  if (!field(o, key, s)) return std::nullopt;
  return parse_zeek_time(s);
}

std::optional<uint16_t> hex16(std::string_view text) {
  uint16_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v, 16);
  if (text.empty() || ec != std::errc() || p != text.data() + text.size()) return std::nullopt;
  return v;
}


// ---- The header every event shares: time, flow_id and the 5-tuple. ----

struct Header {
  Timestamp ts;
  uint64_t flow_id = 0;
  IpAddr src, dst;
  uint16_t sp = 0, dp = 0;
  TransportProto proto = TransportProto::kUnknown;
  uint8_t ip_proto = 0;
};

// Suricata's protocol names (util-proto-name); an unnamed protocol is written as its number.
bool read_proto(std::string_view name, TransportProto& proto, uint8_t& ip_proto) {
  static constexpr std::pair<std::string_view, uint8_t> kNames[] = {
      {"TCP", 6}, {"UDP", 17}, {"ICMP", 1}, {"IPv6-ICMP", 58}, {"SCTP", 132}, {"GRE", 47}, {"ESP", 50},
      {"AH", 51}, {"IGMP", 2}, {"IPIP", 4}, {"IPv6", 41}, {"PIM", 103}};
  ip_proto = 0;
  for (auto [n, number] : kNames)
    if (n == name) ip_proto = number;
  if (ip_proto == 0) {
    auto v = parse_zeek_count(name);
    if (!v || *v > 255) return false;
    ip_proto = static_cast<uint8_t>(*v);
  }
  switch (ip_proto) {
    case 6: proto = TransportProto::kTcp; break;
    case 17: proto = TransportProto::kUdp; break;
    case 1:
    case 58: proto = TransportProto::kIcmp; break;
    default: proto = TransportProto::kUnknown;
  }
  return true;
}

bool port_field(dom::object ev, std::string_view key, uint16_t& out) {
  uint64_t v = 0;
  if (!field(ev, key, v) || v > 65535) return false;
  out = static_cast<uint16_t>(v);
  return true;
}

// Ports as Zeek has them: TCP and UDP ports; for ICMP the message type and code (Zeek's orig_p/resp_p);
// 0 for other protocols, which Zeek logs as unknown_transport without ports.
const char* read_ports(dom::object ev, Header& h) {
  if (h.proto == TransportProto::kIcmp) {
    port_field(ev, "icmp_type", h.sp);
    port_field(ev, "icmp_code", h.dp);
    return nullptr;
  }
  if (h.proto != TransportProto::kTcp && h.proto != TransportProto::kUdp) return nullptr;
  if (!port_field(ev, "src_port", h.sp) || !port_field(ev, "dest_port", h.dp)) return "bad or missing src_port/dest_port";
  return nullptr;
}

// Fills `h`; on failure returns why (a skip reason).
const char* read_header(dom::object ev, Header& h) {
  if (!field(ev, "flow_id", h.flow_id)) return "no flow_id";
  auto ts = time_field(ev, "timestamp");
  if (!ts) return "bad or missing timestamp";
  h.ts = *ts;
  std::string_view text;
  std::optional<IpAddr> src, dst;
  if (field(ev, "src_ip", text)) src = IpAddr::parse(text);
  if (field(ev, "dest_ip", text)) dst = IpAddr::parse(text);
  if (!src || !dst) return "bad or missing src_ip/dest_ip";
  h.src = *src;
  h.dst = *dst;
  if (!field(ev, "proto", text) || !read_proto(text, h.proto, h.ip_proto)) return "bad or missing proto";
  return read_ports(ev, h);
}

// The uid: "S" and the decimal flow_id. Deterministic, so every event of a flow (and a re-read of the same
// file) gets the same uid; the letter keeps these apart from the "C..." uids of the capture path, and the
// digits are the flow_id an analyst can grep the EVE file for.
std::string uid_of(uint64_t flow_id) {
  char buf[24] = {'S'};
  char* end = std::to_chars(buf + 1, buf + sizeof buf, flow_id).ptr;
  return std::string(buf, end);
}

// `swap`: the event's src is the responder (DNS v3 responses), so orig/resp are the other way round.
ConnRef conn_ref(const Header& h, bool swap = false) {
  ConnRef r;
  r.ts = h.ts;
  r.uid = uid_of(h.flow_id);
  r.orig_h = swap ? h.dst : h.src;
  r.orig_p = swap ? h.dp : h.sp;
  r.resp_h = swap ? h.src : h.dst;
  r.resp_p = swap ? h.sp : h.dp;
  return r;
}

// ---- flow -> conn ----

// Suricata's app_proto names, as Zeek names the same analyzers in `service`. "failed" (detection gave up)
// and "unknown" leave service unset, as Zeek does when no analyzer confirmed.
std::string service_of(std::string_view app_proto) {
  if (app_proto.empty() || app_proto == "failed" || app_proto == "unknown") return {};
  if (app_proto == "tls") return "ssl";
  if (app_proto == "dcerpc") return "dce_rpc";
  if (app_proto == "krb5") return "krb";
  return std::string(app_proto);
}

// TCP conn_state from what Suricata keeps: the flags each side sent (tcp.tcp_flags_ts, tcp.tcp_flags_tc;
// ORed over the flow, so their order is lost) and whether each side sent packets. The checks follow
// Zeek's, in Zeek's order (responder reset, originator reset, FINs, handshake), reading "SYN seen from
// this side" for Zeek's "this endpoint left the inactive/partial state".
ConnState tcp_conn_state(uint8_t o, uint8_t r, bool r_pkts) {
  constexpr uint8_t kFin = 0x01, kSyn = 0x02, kRst = 0x04;
  bool o_syn = o & kSyn, r_syn = r & kSyn;  // the responder's SYN is its SYN-ACK
  if (r & kRst) {
    if (o_syn && !r_syn) return ConnState::kREJ;
    return o_syn ? ConnState::kRSTR : ConnState::kRSTRH;
  }
  if (o & kRst) {
    if (r_syn) return ConnState::kRSTO;
    return o_syn ? ConnState::kRSTOS0 : ConnState::kOTH;
  }
  if ((o & kFin) && (r & kFin)) return ConnState::kSF;
  if (o & kFin) return r_syn ? ConnState::kS2 : ConnState::kSH;
  if (r & kFin) return o_syn ? ConnState::kS3 : ConnState::kSHR;
  if (o_syn && !r_pkts) return ConnState::kS0;
  if (o_syn && r_syn) return ConnState::kS1;
  return ConnState::kOTH;
}

ConnState conn_state_of(dom::object ev, dom::object flow, TransportProto proto, bool o_pkts, bool r_pkts) {
  if (proto == TransportProto::kUdp)  // Zeek's UDP rule: which sides sent datagrams
    return o_pkts ? (r_pkts ? ConnState::kSF : ConnState::kS0) : (r_pkts ? ConnState::kSHR : ConnState::kOTH);
  if (proto != TransportProto::kTcp) return ConnState::kOTH;  // Zeek gives ICMP and others no state
  dom::object tcp;
  std::string_view ts_flags, tc_flags;
  std::optional<uint16_t> o, r;
  if (field(ev, "tcp", tcp) && field(tcp, "tcp_flags_ts", ts_flags) && field(tcp, "tcp_flags_tc", tc_flags)) {
    o = hex16(ts_flags);
    r = hex16(tc_flags);
  }
  if (o && r) return tcp_conn_state(static_cast<uint8_t>(*o), static_cast<uint8_t>(*r), r_pkts);
  // No per-side flags: a flow still "new" with a silent responder is an unanswered attempt.
  std::string_view state;
  if (field(flow, "state", state) && state == "new" && !r_pkts) return ConnState::kS0;
  return ConnState::kOTH;
}

// A flow event is Suricata's end-of-flow summary, the closest thing to a conn.log row. ts is flow.start
// (the event's own timestamp is when it was written); duration is flow.end - flow.start, unset when 0 as
// Zeek leaves it. Suricata's byte counts are whole packets, so they fill orig/resp_ip_bytes; it has no
// payload byte counts, so orig_bytes/resp_bytes stay unset. history stays empty: the flags' order, which
// Zeek's history records, is lost.
const char* read_flow(dom::object ev, const Header& h, ConnRecord& r) {
  dom::object flow;
  if (!field(ev, "flow", flow)) return "flow event without a flow object";
  auto start = time_field(flow, "start");
  if (!start) return "flow event with a bad or missing flow.start";
  r.ts = *start;
  r.uid = uid_of(h.flow_id);
  r.orig_h = h.src;
  r.orig_p = h.sp;
  r.resp_h = h.dst;
  r.resp_p = h.dp;
  r.proto = h.proto;
  r.ip_proto = h.ip_proto;
  if (auto end = time_field(flow, "end"); end && *end > *start) r.duration = *end - *start;
  count_field(flow, "pkts_toserver", r.orig_pkts);
  count_field(flow, "pkts_toclient", r.resp_pkts);
  count_field(flow, "bytes_toserver", r.orig_ip_bytes);
  count_field(flow, "bytes_toclient", r.resp_ip_bytes);
  std::string_view app_proto;
  if (field(ev, "app_proto", app_proto)) r.service = service_of(app_proto);
  r.conn_state = conn_state_of(ev, flow, h.proto, r.orig_pkts > 0, r.resp_pkts > 0);
  return nullptr;
}

// ---- dns ----

std::optional<uint16_t> qtype_of(std::string_view name) {
  static constexpr std::pair<std::string_view, uint16_t> kTypes[] = {
      {"A", 1},       {"NS", 2},     {"CNAME", 5},   {"SOA", 6},     {"NULL", 10},  {"PTR", 12},
      {"HINFO", 13},  {"MX", 15},    {"TXT", 16},    {"AAAA", 28},   {"SRV", 33},   {"NAPTR", 35},
      {"DS", 43},     {"RRSIG", 46}, {"NSEC", 47},   {"DNSKEY", 48}, {"TLSA", 52},  {"SVCB", 64},
      {"HTTPS", 65},  {"SPF", 99},   {"TKEY", 249},  {"TSIG", 250},  {"ANY", 255},  {"URI", 256}};
  for (auto [n, v] : kTypes)
    if (n == name) return v;
  auto v = parse_zeek_count(name);  // Suricata writes types it has no name for as their number
  if (!v || *v > 65535) return std::nullopt;
  return static_cast<uint16_t>(*v);
}

std::optional<uint16_t> rcode_of(std::string_view name) {
  static constexpr std::string_view kCodes[] = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP",  "REFUSED",
                                                "YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE"};
  for (size_t i = 0; i < std::size(kCodes); ++i)
    if (kCodes[i] == name) return static_cast<uint16_t>(i);
  auto v = parse_zeek_count(name);
  if (!v || *v > 65535) return std::nullopt;
  return static_cast<uint16_t>(*v);
}

// Header flags: the "flags" hex word when present, and the aa/tc/rd/ra booleans Suricata adds when set.
void read_dns_flags(dom::object dns, DnsRecord& r) {
  std::string_view text;
  if (field(dns, "flags", text)) {
    if (auto f = hex16(text)) {
      r.AA = *f & 0x0400;
      r.TC = *f & 0x0200;
      r.RD = *f & 0x0100;
      r.RA = *f & 0x0080;
      r.Z = static_cast<uint8_t>((*f >> 4) & 0x7);
    }
  }
  bool b = false;
  if (field(dns, "aa", b) && b) r.AA = true;
  if (field(dns, "tc", b) && b) r.TC = true;
  if (field(dns, "rd", b) && b) r.RD = true;
  if (field(dns, "ra", b) && b) r.RA = true;
}

// One answer record's data as Zeek's answers show it: rdata, or for records Suricata writes as objects
// the name Zeek logs (SOA's mname, SRV's target). False when there is nothing to show.
bool answer_text(dom::object a, std::string_view& out) {
  if (field(a, "rdata", out)) return true;
  dom::object sub;
  if (field(a, "soa", sub) && field(sub, "mname", out)) return true;
  return field(a, "srv", sub) && field(sub, "target", out);
}

// v2/v3 "detailed" answers (with TTLs), else v2 "grouped" answers (data only, no TTLs to give).
void read_answers(dom::object dns, DnsRecord& r) {
  dom::array answers;
  if (field(dns, "answers", answers)) {
    for (dom::element e : answers) {
      dom::object a;
      std::string_view text;
      if (e.get(a) != simdjson::SUCCESS || !answer_text(a, text)) continue;
      uint64_t ttl = 0;
      field(a, "ttl", ttl);
      r.answers.emplace_back(text);
      r.TTLs.push_back(Duration::seconds(static_cast<int64_t>(std::min<uint64_t>(ttl, UINT32_MAX))));
    }
    return;
  }
  dom::object grouped;
  if (!field(dns, "grouped", grouped)) return;
  for (auto [type, values] : grouped) {
    dom::array list;
    if (values.get(list) != simdjson::SUCCESS) continue;
    for (dom::element e : list) {
      std::string_view text;
      if (e.get(text) == simdjson::SUCCESS) r.answers.emplace_back(text);
    }
  }
}


// The question: the first of v3's "queries" (Zeek logs a message's first question), else the top-level
// rrname/rrtype, which v1/v2 queries and v2 answers carry. A v1 answer event's rrname/rrtype describe its
// answer record instead: its owner name stands in for the query, but its type is not the qtype.
void read_question(dom::object dns, DnsEvent kind, DnsRecord& r) {
  dom::array queries;
  dom::object q = dns;
  if (field(dns, "queries", queries)) {
    for (dom::element e : queries) {
      if (e.get(q) == simdjson::SUCCESS) break;
    }
  }
  r.query = string_field(q, "rrname");
  std::string_view type;
  if (kind != DnsEvent::kOneAnswerRecord && field(q, "rrtype", type)) r.qtype = qtype_of(type);
}

// Reads one dns event (v1, v2 or v3 format) into `r`.
const char* read_dns(dom::object ev, const Header& h, DnsRecord& r, DnsEvent& kind) {
  dom::object dns;
  std::string_view type;
  if (!field(ev, "dns", dns)) return "dns event without a dns object";
  if (!field(dns, "type", type)) return "dns event without dns.type";
  bool query = type == "query" || type == "request";
  if (!query && type != "answer" && type != "response") return "dns event of unknown dns.type";
  uint64_t version = 1, id = 0;
  field(dns, "version", version);
  r.id = conn_ref(h, type == "response");  // v3 writes responses from the responder's side
  r.proto = h.proto;
  if (field(dns, "id", id) && id <= 65535) r.trans_id = static_cast<uint16_t>(id);
  read_dns_flags(dns, r);
  if (query) {
    kind = DnsEvent::kQuery;
    read_question(dns, kind, r);
    return nullptr;
  }
  std::string_view rcode;
  if (field(dns, "rcode", rcode)) r.rcode = rcode_of(rcode);
  // v1 writes one event per answer record, except for an error reply (one event, no records).
  bool whole = version >= 2 || dns["answers"].error() == simdjson::SUCCESS ||
               dns["grouped"].error() == simdjson::SUCCESS || (r.rcode && *r.rcode != 0);
  kind = whole ? DnsEvent::kAnswer : DnsEvent::kOneAnswerRecord;
  read_question(dns, kind, r);
  if (whole) {
    read_answers(dns, r);
  } else if (std::string_view text; answer_text(dns, text)) {
    uint64_t ttl = 0;
    field(dns, "ttl", ttl);
    r.answers.emplace_back(text);
    r.TTLs.push_back(Duration::seconds(static_cast<int64_t>(std::min<uint64_t>(ttl, UINT32_MAX))));
  }
  return nullptr;
}


// ---- tls -> ssl ----

// Suricata's version strings (SSLVersionToString) as Zeek's ssl.log writes them; "UNDETERMINED" (no
// handshake version seen) leaves the version unset, and a string neither knows is kept as it is.
std::optional<std::string> tls_version(std::string_view v) {
  if (v.empty() || v == "UNDETERMINED") return std::nullopt;
  if (v == "TLS 1.2") return "TLSv12";
  if (v == "TLS 1.3") return "TLSv13";
  if (v == "TLS 1.1") return "TLSv11";
  if (v == "TLSv1" || v == "TLS 1.0") return "TLSv10";
  if (v == "SSLv3" || v == "SSLv2") return std::string(v);
  constexpr std::string_view kDraft = "TLS 1.3 draft-";
  if (v.starts_with(kDraft)) return "TLSv13-draft" + std::string(v.substr(kDraft.size()));
  return std::string(v);
}

// A tls event: one per session. established is true when a version is known: Suricata writes the event
// once the server's side of the handshake was parsed (certificate, resumption or a TLS 1.3 ServerHello),
// and "UNDETERMINED" marks the sessions where it was not. next_protocol is the server's ALPN choice.
const char* read_tls(dom::object ev, const Header& h, SslRecord& r) {
  dom::object tls;
  if (!field(ev, "tls", tls)) return "tls event without a tls object";
  r.id = conn_ref(h);
  std::string_view version;
  if (field(tls, "version", version)) r.version = tls_version(version);
  r.established = r.version.has_value();
  r.server_name = string_field(tls, "sni");
  r.subject = string_field(tls, "subject");
  r.issuer = string_field(tls, "issuerdn");
  field(tls, "session_resumed", r.resumed);
  dom::object fp;
  if (field(tls, "ja3", fp)) r.ja3 = string_field(fp, "hash");
  if (field(tls, "ja3s", fp)) r.ja3s = string_field(fp, "hash");
  r.ja4 = string_field(tls, "ja4");
  dom::array alpns;
  std::string_view alpn;
  if (field(tls, "server_alpns", alpns) && alpns.size() > 0 && alpns.at(0).get(alpn) == simdjson::SUCCESS)
    r.next_protocol = std::string(alpn);
  return nullptr;
}

// ---- http ----

// An http event: one per transaction. trans_depth is tx_id + 1 (Zeek counts from 1; 0 when the event has
// no tx_id). version drops "HTTP/". response_body_len is "length", the response body size; Suricata logs
// no request body size, so request_body_len stays 0. resp_mime_types holds the response's Content-Type
// (Zeek's come from sniffing the body, the nearest EVE has).
const char* read_http(dom::object ev, const Header& h, HttpRecord& r) {
  dom::object http;
  if (!field(ev, "http", http)) return "http event without an http object";
  r.id = conn_ref(h);
  uint64_t v = 0;
  if (field(ev, "tx_id", v) && v < UINT32_MAX) r.trans_depth = static_cast<uint32_t>(v + 1);
  r.method = string_field(http, "http_method");
  r.host = string_field(http, "hostname");
  r.uri = string_field(http, "url");
  r.user_agent = string_field(http, "http_user_agent");
  r.referrer = string_field(http, "http_refer");
  r.origin = string_field(http, "origin");  // only with the custom header list
  std::string_view text;
  if (field(http, "protocol", text)) {
    if (text.starts_with("HTTP/")) text.remove_prefix(5);
    r.version = std::string(text);
  }
  if (count_field(http, "status", v) && v <= 65535) r.status_code = static_cast<uint16_t>(v);
  count_field(http, "length", r.response_body_len);
  if (field(http, "http_content_type", text)) r.resp_mime_types.emplace_back(text);
  return nullptr;
}

// ---- ftp ----

// What an ftp flow's earlier events said, for the rows of later ones: Zeek's ftp.log repeats the session's
// user on every row and shows whether a password was sent.
struct FtpSession {
  std::string user = "<unknown>";
  std::optional<std::string> password;
};

// An ftp event: one per command (Suricata's output-json-ftp). As Zeek, rows only for FTP::logged_commands;
// USER and PASS feed the session. command_data is the argument as sent (Suricata tracks no working
// directory), so a file command's URL is ftp://server/argument. The reply is the last completion code and
// line; dynamic_port is the data connection a PASV/EPSV reply or a PORT/EPRT command announced ("mode"
// active: the server connects back to the client).
const char* read_ftp(dom::object ev, const Header& h, FtpSession& session, std::optional<FtpRecord>& out) {
  dom::object ftp;
  if (!field(ev, "ftp", ftp)) return "ftp event without an ftp object";
  std::string_view command, data;
  if (!field(ftp, "command", command)) return nullptr;  // an unknown command: nothing Zeek would log either
  field(ftp, "command_data", data);
  if (command == "USER") session.user = std::string(data.substr(0, 128));
  if (command == "PASS") session.password = std::string(data.substr(0, 128));
  if (!ftp_logged_command(command)) return nullptr;
  FtpRecord& r = out.emplace();
  r.id = conn_ref(h);
  r.user = session.user;
  if (session.password) r.password = ftp_guest_user(session.user) ? *session.password : "<hidden>";
  r.command = std::string(command);
  if (ftp_file_command(command))
    r.arg = "ftp://" + h.dst.to_string() + (data.starts_with('/') ? "" : "/") + std::string(data);
  else if (!data.empty())
    r.arg = std::string(data);
  dom::array codes, replies;
  std::string_view text;
  if (field(ftp, "completion_code", codes) && codes.size() > 0 && codes.at(codes.size() - 1).get(text) == simdjson::SUCCESS)
    if (auto code = parse_zeek_count(text); code && *code <= 999) r.reply_code = static_cast<uint16_t>(*code);
  if (field(ftp, "reply", replies) && replies.size() > 0 && replies.at(replies.size() - 1).get(text) == simdjson::SUCCESS)
    r.reply_msg = std::string(text);
  uint16_t port = 0;
  if (port_field(ftp, "dynamic_port", port) && port != 0) {
    std::string_view mode;
    bool active = field(ftp, "mode", mode) && mode == "active";
    r.data_channel = active ? FtpDataChannel{false, h.dst, h.src, port} : FtpDataChannel{true, h.src, h.dst, port};
  }
  return nullptr;
}

// ---- The reader: one line at a time. ----

LogKind kind_of_event(std::string_view type) {
  if (type == "flow") return LogKind::kConn;
  if (type == "dns") return LogKind::kDns;
  if (type == "tls") return LogKind::kSsl;
  if (type == "ftp") return LogKind::kFtp;
  return LogKind::kHttp;
}

class EveReader {
 public:
  EveReader(const std::string& path, const LogSink& sink, ReadReport& report)
      : path_(path), sink_(sink), report_(report), dns_(sink, report) {}

  void read(dom::object ev, uint64_t n) {
    std::string_view type;
    if (!field(ev, "event_type", type)) return skip("no event_type", n);
    bool known = type == "flow" || type == "dns" || type == "tls" || type == "http" || type == "ftp";
    if (!known) return report_.skip(not_read_reason(type), path_, n);
    if (!wants(sink_, kind_of_event(type))) return;  // records this caller does not want now
    Header h;
    if (const char* why = read_header(ev, h)) return skip(why, n);
    if (const char* why = dispatch(type, ev, h)) skip(why, n);
  }

  void finish() { dns_.finish(); }

 private:
  const char* dispatch(std::string_view type, dom::object ev, const Header& h) {
    if (type == "flow") {
      ConnRecord r;
      if (const char* why = read_flow(ev, h, r)) return why;
      return deliver(sink_.conn, LogKind::kConn, std::move(r));
    }
    if (type == "dns") {
      DnsRecord r;
      DnsEvent kind = DnsEvent::kQuery;
      if (const char* why = read_dns(ev, h, r, kind)) return why;
      if (!dns_.add(h.flow_id, std::move(r), kind)) return "dns query repeating one already waiting (Zeek logs the first)";
      return nullptr;
    }
    if (type == "tls") {
      SslRecord r;
      if (const char* why = read_tls(ev, h, r)) return why;
      return deliver(sink_.ssl, LogKind::kSsl, std::move(r));
    }
    if (type == "ftp") {
      if (ftp_sessions_.size() >= kMaxFtpSessions && !ftp_sessions_.contains(h.flow_id)) ftp_sessions_.clear();
      std::optional<FtpRecord> r;
      if (const char* why = read_ftp(ev, h, ftp_sessions_[h.flow_id], r)) return why;
      return r ? deliver(sink_.ftp, LogKind::kFtp, std::move(*r)) : nullptr;
    }
    HttpRecord r;
    if (const char* why = read_http(ev, h, r)) return why;
    return deliver(sink_.http, LogKind::kHttp, std::move(r));
  }
  // Per ftp flow: the user and whether a password was sent. Bounded: a flood of flows starts it afresh
  // (their later rows then say "<unknown>", the least wrong).
  static constexpr size_t kMaxFtpSessions = 65536;
  std::unordered_map<uint64_t, FtpSession> ftp_sessions_;

  template <typename Record>
  const char* deliver(const std::function<void(Record&&)>& to, LogKind kind, Record&& r) {
    ++report_.records[static_cast<size_t>(kind)];
    if (to) to(std::move(r));
    return nullptr;
  }

  void skip(const char* why, uint64_t n) { report_.skip(why, path_, n); }

  // "event_type 'alert' (not read)", built once per type. A hostile file could hold endless made-up
  // types: names that are not plausible, or past the first kMaxTypes, share one reason.
  const std::string& not_read_reason(std::string_view type) {
    static constexpr size_t kMaxTypes = 64;
    auto it = reasons_.find(type);
    if (it != reasons_.end()) return it->second;
    bool plausible = !type.empty() && type.size() <= 32 && reasons_.size() < kMaxTypes &&
                     type.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") == std::string_view::npos;
    if (!plausible) return other_reason_;
    return reasons_.emplace(std::string(type), "event_type '" + std::string(type) + "' (not read)").first->second;
  }

  const std::string& path_;
  const LogSink& sink_;
  ReadReport& report_;
  DnsPairer dns_;
  std::map<std::string, std::string, std::less<>> reasons_;
  const std::string other_reason_ = "event_type of another kind (not read)";
};

}  // namespace

void read_suricata_eve(LineReader& lines, const std::string& path, const LogSink& sink, ReadReport& report) {
  EveReader reader(path, sink, report);
  for_each_json_object(lines, path, report, [&](dom::object ev, uint64_t n) { reader.read(ev, n); });
  reader.finish();
}

}  // namespace vigil
