// RecordMaker: Zeek-shaped records for each simulated connection.
#include "record_maker.h"

#include <algorithm>

#include "protocols/tls_fingerprint.h"
#include "protocols/tls_hello.h"
#include "protocols/tls_names.h"
#include "tls_framing.h"
#include "tls_hello.h"
#include "tls_shape.h"
#include "wire_messages.h"

namespace vigil::sim {
namespace {

constexpr uint16_t kEphemeralLo = 49152;  // Windows' dynamic port range
constexpr uint16_t kEphemeralHi = 65535;
constexpr int64_t kResolverRttNs = 1'500'000;
constexpr int64_t kLanRttNs = 400'000;
constexpr char kBase62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

void append_base62(std::string& out, uint64_t v, int digits) {
  for (int i = 0; i < digits; ++i) {
    out.push_back(kBase62[v % 62]);
    v /= 62;
  }
}

ConnRef ref_of(const ConnRecord& r) {
  return ConnRef{r.ts, r.uid, r.orig_h, r.orig_p, r.resp_h, r.resp_p};
}

// Zeek logs a TLS or HTTP row at the time of the client's first message, not of the SYN.
Timestamp first_message_time(const ConnRecord& r, const std::vector<Packet>& packets) {
  for (const Packet& p : packets)
    if (p.msg == 0) return Timestamp{r.ts.ns + p.at_ns};
  return r.ts;
}

constexpr size_t kRecordAndHandshakeHeaders = 5 + 4;

// The handshake body of a record holding one handshake message.
std::span<const uint8_t> handshake_body(const uint8_t* record, size_t len) {
  if (len < kRecordAndHandshakeHeaders) return {};
  size_t body = (size_t{record[6]} << 16) | (size_t{record[7]} << 8) | record[8];
  return {record + kRecordAndHandshakeHeaders, std::min(body, len - kRecordAndHandshakeHeaders)};
}

// The answer records' wire rdata: one per address for A, else one record carrying the lookup's data.
std::vector<std::string> rdatas_of(const DnsLookup& l) {
  std::vector<std::string> out;
  if (l.rcode != 0) return out;
  switch (l.qtype) {
    case kDnsA:
      for (const IpAddr& a : l.addresses) out.push_back(dns_rdata_a(a));
      break;
    case kDnsCname: out.push_back(dns_rdata_name(l.data)); break;
    case kDnsTxt: out.push_back(dns_rdata_txt(l.data)); break;
    default: out.push_back(l.data); break;  // NULL and the like: the bytes themselves
  }
  return out;
}

// dns.log's answers as Zeek writes them (and vigil's DNS analyzer reads them back from the capture):
// addresses, names, each TXT character-string as "TXT <length> <text>", unparsed types as
// "<unknown type=N>".
std::vector<std::string> rendered_answers(const DnsLookup& l) {
  std::vector<std::string> out;
  if (l.rcode != 0) return out;
  switch (l.qtype) {
    case kDnsA:
      for (const IpAddr& a : l.addresses) out.push_back(a.to_string());
      break;
    case kDnsCname: out.push_back(l.data); break;
    case kDnsTxt: {
      std::string text;
      for (size_t at = 0; at < l.data.size() || text.empty(); at += 255) {
        std::string_view piece = std::string_view(l.data).substr(std::min(at, l.data.size()), 255);
        if (!text.empty()) text += ' ';
        text += "TXT " + std::to_string(piece.size()) + " " + std::string(piece);
      }
      out.push_back(std::move(text));
      break;
    }
    default: out.push_back("<unknown type=" + std::to_string(l.qtype) + ">"); break;
  }
  return out;
}

}  // namespace

RecordMaker::RecordMaker(const SimSink& sink, const World& world, std::vector<TruthChannel>& truth,
                         uint64_t seed, LayoutHook hook)
    : sink_(sink), world_(world), truth_(truth), seed_(seed), hook_(std::move(hook)),
      next_port_(world.hosts(), 0) {}

// "C" + 17 base62 characters like Zeek's. The first 11 digits encode a bijective mix of the counter, so
// uids never collide within a run; the last 6 come from the seed and only make runs look different.
std::string RecordMaker::next_uid() {
  uint64_t n = uid_counter_++;
  uint64_t unique = gencap::mix64(n ^ seed_ * 0x9e3779b97f4a7c15ULL);  // splitmix64's finaliser is a bijection
  std::string uid = "C";
  uid.reserve(18);
  append_base62(uid, unique, 11);
  append_base62(uid, gencap::mix64(seed_ + n), 6);
  return uid;
}

ConnRecord RecordMaker::start(int64_t ts, size_t host, const IpAddr& server, uint16_t port, TransportProto proto) {
  uint16_t& next = next_port_[host];
  if (next < kEphemeralLo) next = static_cast<uint16_t>(kEphemeralLo + host * 7919 % 10000);
  const uint16_t client_port = next;
  next = next == kEphemeralHi ? kEphemeralLo : static_cast<uint16_t>(next + 1);
  return start_from(ts, world_.host(host), client_port, server, port, proto);
}

ConnRecord RecordMaker::start_from(int64_t ts, const IpAddr& client, uint16_t client_port, const IpAddr& server,
                                   uint16_t port, TransportProto proto) {
  ConnRecord r;
  r.ts = Timestamp{ts - ts % 1000};  // microseconds, as a capture holds them
  r.uid = next_uid();
  r.orig_h = client;
  r.orig_p = client_port;
  r.resp_h = server;
  r.resp_p = port;
  r.proto = proto;
  r.ip_proto = proto == TransportProto::kTcp ? 6 : 17;
  return r;
}

std::vector<Packet> RecordMaker::lay_out(const ConnRecord& r, ConnLayout& layout) const {
  if (capture_end_ns_ > 0) layout.cut_ns = std::max<int64_t>(0, capture_end_ns_ - r.ts.ns);
  return packets_of(layout, r.proto);
}

// The round trip is the outside end's; inside the site it is a LAN's.
int64_t RecordMaker::rtt_of(const ConnRecord& r) const {
  const bool orig_in = world_.is_internal(r.orig_h), resp_in = world_.is_internal(r.resp_h);
  if (orig_in && resp_in) return kLanRttNs;
  return world_.rtt_ns(resp_in ? r.orig_h : r.resp_h);
}

void RecordMaker::count_check_in(const ConnRecord& r, int truth) {
  if (truth < 0) return;
  TruthChannel& t = truth_[static_cast<size_t>(truth)];
  if (t.check_ins++ == 0) t.first_ns = r.ts.ns;
  t.last_ns = r.ts.ns;
}

void RecordMaker::finish(ConnRecord&& r, const ConnLayout& layout, const std::vector<Packet>& packets, int truth) {
  fill_counts(r, packets, r.proto);
  count_check_in(r, truth);
  if (hook_) hook_(r, layout);
  if (sink_.conn) sink_.conn(std::move(r));
}

const TlsFacts& RecordMaker::tls_facts(const std::string& name, bool browser) {
  auto& known = handshakes_[browser ? 1 : 0];
  auto it = known.find(name);
  if (it != known.end()) return it->second;
  gencap::TlsState tls = tls_state_for(name, browser);
  TlsFacts f;
  f.hello_len = gencap::tls_client_hello_len(tls);
  f.flight_len = gencap::tls_server_flight_len(tls);
  uint8_t hello_bytes[gencap::kMaxClientHello];
  size_t hello_len = gencap::write_client_hello(tls, hello_bytes);
  const gencap::TlsServerFlight flight = gencap::server_flight(tls);
  ClientHello ch;
  ServerHello sh;
  if (parse_client_hello(handshake_body(hello_bytes, hello_len), ch) &&
      parse_server_hello(handshake_body(flight.hello, flight.hello_len), sh)) {
    f.version = tls_version_name(sh.selected_version.value_or(sh.version));
    f.cipher = tls_cipher_name(sh.cipher);
    if (sh.key_share_group) f.curve = tls_curve_name(*sh.key_share_group);
    if (!sh.alpn.empty()) f.next_protocol = sh.alpn.front();
    f.ja3 = ja3(ch);
    f.ja3s = ja3s(sh);
    f.ja4 = ja4(ch);
  }
  return known.emplace(name, std::move(f)).first->second;
}

void RecordMaker::dns(int64_t ts, size_t host, const std::string& name, std::span<const IpAddr> answers,
                      uint32_t ttl_s) {
  DnsLookup lookup;
  lookup.query = name;
  lookup.addresses.assign(answers.begin(), answers.end());
  lookup.ttl_s = ttl_s;
  dns_lookup(ts, host, lookup, -1);
}

void RecordMaker::dns_lookup(int64_t ts, size_t host, const DnsLookup& l, int truth) {
  ConnRecord r = start(ts, host, world_.resolver(), 53, TransportProto::kUdp);
  r.service = "dns";
  auto txid = static_cast<uint16_t>(gencap::mix64(uid_counter_ ^ seed_));
  const std::vector<std::string> rdatas = rdatas_of(l);
  ConnLayout layout;
  layout.app = AppKind::kDns;
  layout.rtt_ns = kResolverRttNs;
  Message q{false, dns_query_len(l.query), 0, {}};
  Message a{true, dns_response_len(l.query, rdatas), 0, {}};
  if (hook_) {
    q.head = dns_query(txid, l.query, l.qtype);
    a.head = dns_response(txid, l.query, l.qtype, l.rcode, rdatas, l.ttl_s);
  }
  layout.messages = {std::move(q), std::move(a)};
  const std::vector<Packet> packets = lay_out(r, layout);
  if (sink_.dns) {
    DnsRecord d;
    d.id = ref_of(r);
    d.proto = TransportProto::kUdp;
    d.trans_id = txid;
    d.rtt = Duration{kResolverRttNs};
    d.query = l.query;
    d.qclass = 1;
    d.qtype = l.qtype;
    d.rcode = l.rcode;
    d.RD = d.RA = true;
    d.opcode = 0;
    d.answers = rendered_answers(l);
    d.TTLs.assign(d.answers.size(), Duration::seconds(l.ttl_s));
    sink_.dns(std::move(d));
  }
  finish(std::move(r), layout, packets, truth);
}

void RecordMaker::tls(int64_t ts, size_t host, const IpAddr& server, uint16_t port, const std::string& name,
                      bool browser, std::span<const Exchange> exchanges, int truth) {
  tls_on(start(ts, host, server, port, TransportProto::kTcp), name, browser, exchanges, truth);
}

void RecordMaker::tls_on(ConnRecord&& r, const std::string& name, bool browser, std::span<const Exchange> exchanges,
                         int truth) {
  r.service = "ssl";
  ConnLayout layout = tls_layout(r, name, browser, exchanges);
  const std::vector<Packet> packets = lay_out(r, layout);
  ssl_row(r, name, packets, tls_facts(name, browser));
  finish(std::move(r), layout, packets, truth);
}

ConnLayout RecordMaker::tls_layout(const ConnRecord& r, const std::string& name, bool browser,
                                   std::span<const Exchange> exchanges) {
  const TlsFacts& facts = tls_facts(name, browser);
  ConnLayout layout;
  layout.app = AppKind::kTls;
  layout.rtt_ns = rtt_of(r);
  layout.sni = name;
  layout.browser = browser;
  layout.messages.push_back(Message{false, facts.hello_len, 0, {}});
  layout.messages.push_back(Message{true, facts.flight_len, 1'000'000, {}});
  for (const Exchange& e : exchanges) {
    layout.messages.push_back(Message{false, std::max<uint32_t>(e.request, 22), e.client_think_ns, {}});
    layout.messages.push_back(Message{true, std::max<uint32_t>(e.response, 22), e.server_think_ns, {}});
  }
  return layout;
}

void RecordMaker::ssl_row(const ConnRecord& r, const std::string& name, const std::vector<Packet>& packets,
                          const TlsFacts& facts) {
  if (!sink_.ssl) return;
  SslRecord s;
  s.id = ref_of(r);
  s.id.ts = first_message_time(r, packets);
  auto text = [](const std::string& v) { return v.empty() ? std::nullopt : std::optional<std::string>(v); };
  s.version = text(facts.version);
  s.cipher = text(facts.cipher);
  s.curve = text(facts.curve);
  s.server_name = name;
  s.next_protocol = text(facts.next_protocol);
  s.established = true;
  s.ssl_history = "CsiI";  // client hello, server hello, then encrypted traffic both ways
  s.ja3 = text(facts.ja3);
  s.ja3s = text(facts.ja3s);
  s.ja4 = text(facts.ja4);
  sink_.ssl(std::move(s));
}

void RecordMaker::http(int64_t ts, size_t host, const IpAddr& server, uint16_t port, const std::string& host_name,
                       const HttpRequest& req, int truth) {
  ConnRecord r = start(ts, host, server, port, TransportProto::kTcp);
  r.service = "http";
  ConnLayout layout;
  layout.app = AppKind::kHttp;
  layout.rtt_ns = world_.rtt_ns(server);
  std::string request = http_request_head(req.method, req.uri, host_name, req.user_agent, req.request_body);
  std::string response = http_response_head(req.content_type, req.response_body);
  auto request_len = static_cast<uint32_t>(request.size()) + req.request_body;
  auto response_len = static_cast<uint32_t>(response.size()) + req.response_body;
  layout.messages.push_back(Message{false, request_len, 0, std::move(request)});
  layout.messages.push_back(Message{true, response_len, req.server_think_ns, std::move(response)});
  const std::vector<Packet> packets = lay_out(r, layout);
  if (sink_.http) {
    HttpRecord h;
    h.id = ref_of(r);
    h.id.ts = first_message_time(r, packets);
    h.trans_depth = 1;
    h.method = req.method;
    h.host = host_name;
    h.uri = req.uri;
    h.version = "1.1";
    h.user_agent = req.user_agent;
    h.request_body_len = req.request_body;
    h.response_body_len = req.response_body;
    h.status_code = 200;
    h.status_msg = "OK";
    // The capture's bodies are filler text, which is what content sniffing reports.
    if (req.response_body > 0) h.resp_mime_types = {"text/plain"};
    if (req.request_body > 0) h.orig_mime_types = {"text/plain"};
    sink_.http(std::move(h));
  }
  finish(std::move(r), layout, packets, truth);
}

void RecordMaker::ntp(int64_t ts, size_t host, const IpAddr& server, int truth) {
  ConnRecord r = start(ts, host, server, 123, TransportProto::kUdp);
  r.orig_p = 123;  // ntpd and w32time send from port 123
  r.service = "ntp";
  ConnLayout layout;
  layout.app = AppKind::kNtp;
  layout.rtt_ns = world_.rtt_ns(server);
  Message q{false, kNtpLen, 0, {}};
  Message a{true, kNtpLen, 0, {}};
  if (hook_) {
    q.head = ntp_packet(false, ts);
    a.head = ntp_packet(true, ts + layout.rtt_ns);
  }
  layout.messages = {std::move(q), std::move(a)};
  const std::vector<Packet> packets = lay_out(r, layout);
  finish(std::move(r), layout, packets, truth);
}

}  // namespace vigil::sim
