// RecordMaker: Zeek-shaped records for each simulated connection.
#include "record_maker.h"

#include <algorithm>

#include "tls_framing.h"
#include "tls_shape.h"
#include "wire_messages.h"

namespace vigil::sim {
namespace {

constexpr uint16_t kEphemeralLo = 49152;  // Windows' dynamic port range
constexpr uint16_t kEphemeralHi = 65535;
constexpr int64_t kResolverRttNs = 1'500'000;
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
  ConnRecord r;
  r.ts = Timestamp{ts - ts % 1000};  // microseconds, as a capture holds them
  r.uid = next_uid();
  r.orig_h = world_.host(host);
  uint16_t& next = next_port_[host];
  if (next < kEphemeralLo) next = static_cast<uint16_t>(kEphemeralLo + host * 7919 % 10000);
  r.orig_p = next;
  next = next == kEphemeralHi ? kEphemeralLo : static_cast<uint16_t>(next + 1);
  r.resp_h = server;
  r.resp_p = port;
  r.proto = proto;
  r.ip_proto = proto == TransportProto::kTcp ? 6 : 17;
  return r;
}

void RecordMaker::finish(ConnRecord&& r, const ConnLayout& layout, int truth) {
  fill_counts(r, packets_of(layout, r.proto), r.proto);
  if (truth >= 0) {
    TruthChannel& t = truth_[static_cast<size_t>(truth)];
    if (t.check_ins++ == 0) t.first_ns = r.ts.ns;
    t.last_ns = r.ts.ns;
  }
  if (hook_) hook_(r, layout);
  if (sink_.conn) sink_.conn(std::move(r));
}

std::pair<uint32_t, uint32_t> RecordMaker::handshake_lengths(const std::string& name, bool browser) {
  auto it = handshakes_.find(name);
  if (it != handshakes_.end()) return it->second;
  gencap::TlsState tls = tls_state_for(name, browser);
  auto lengths = std::make_pair(gencap::tls_client_hello_len(tls), gencap::tls_server_flight_len(tls));
  handshakes_.emplace(name, lengths);
  return lengths;
}

void RecordMaker::dns(int64_t ts, size_t host, const std::string& name, std::span<const IpAddr> answers,
                      uint32_t ttl_s) {
  ConnRecord r = start(ts, host, world_.resolver(), 53, TransportProto::kUdp);
  r.service = "dns";
  auto txid = static_cast<uint16_t>(gencap::mix64(uid_counter_ ^ seed_));
  ConnLayout layout;
  layout.app = AppKind::kDns;
  layout.rtt_ns = kResolverRttNs;
  Message q{false, dns_query_len(name), 0, {}};
  Message a{true, dns_response_len(name, answers.size()), 0, {}};
  if (hook_) {
    q.head = dns_query(txid, name);
    a.head = dns_response(txid, name, answers, ttl_s);
  }
  layout.messages = {std::move(q), std::move(a)};
  if (sink_.dns) {
    DnsRecord d;
    d.id = ref_of(r);
    d.proto = TransportProto::kUdp;
    d.trans_id = txid;
    d.rtt = Duration{kResolverRttNs};
    d.query = name;
    d.qclass = 1;
    d.qtype = 1;
    d.rcode = 0;
    d.RD = d.RA = true;
    for (const IpAddr& ip : answers) {
      d.answers.push_back(ip.to_string());
      d.TTLs.push_back(Duration::seconds(ttl_s));
    }
    sink_.dns(std::move(d));
  }
  finish(std::move(r), layout, -1);
}

void RecordMaker::tls(int64_t ts, size_t host, const IpAddr& server, uint16_t port, const std::string& name,
                      bool browser, std::span<const Exchange> exchanges, int truth) {
  ConnRecord r = start(ts, host, server, port, TransportProto::kTcp);
  r.service = "ssl";
  auto [hello, flight] = handshake_lengths(name, browser);
  ConnLayout layout;
  layout.app = AppKind::kTls;
  layout.rtt_ns = world_.rtt_ns(server);
  layout.sni = name;
  layout.browser = browser;
  layout.messages.push_back(Message{false, hello, 0, {}});
  layout.messages.push_back(Message{true, flight, 1'000'000, {}});
  for (const Exchange& e : exchanges) {
    layout.messages.push_back(Message{false, std::max<uint32_t>(e.request, 22), e.client_think_ns, {}});
    layout.messages.push_back(Message{true, std::max<uint32_t>(e.response, 22), e.server_think_ns, {}});
  }
  if (sink_.ssl) {
    SslRecord s;
    s.id = ref_of(r);
    s.version = "TLSv13";
    s.cipher = "TLS_AES_128_GCM_SHA256";
    s.curve = "x25519";
    s.server_name = name;
    s.established = true;
    if (browser) s.next_protocol = "h2";
    sink_.ssl(std::move(s));
  }
  finish(std::move(r), layout, truth);
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
  if (sink_.http) {
    HttpRecord h;
    h.id = ref_of(r);
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
    sink_.http(std::move(h));
  }
  finish(std::move(r), layout, truth);
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
  finish(std::move(r), layout, truth);
}

}  // namespace vigil::sim
