// FlowMeter: the connection table, connection creation and orientation, expiry and emission.
#include "sources/pcap/flow_meter.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "core/hash_mix.h"
#include "sources/pcap/flow_conn.h"

namespace vigil {
namespace {

constexpr uint64_t kSweepEveryPackets = 16384;
constexpr Duration kSweepEvery = Duration::seconds(1);
// Payload segments of a TCP connection looked at for a protocol recognised by content (see app_packet).
constexpr uint8_t kAppProbeSegments = 16;

uint64_t mix64(uint64_t x) { return splitmix64_finalise(x + 0x9e3779b97f4a7c15ull); }  // a splitmix64 step

// Writes v in base 62, least significant digit first, as Zeek writes uids; returns the end.
char* put_base62(char* out, uint64_t v) {
  static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  do {
    *out++ = kDigits[v % 62];
    v /= 62;
  } while (v != 0);
  return out;
}

// Built in a buffer and copied once: a uid (up to 18 characters) is past the short-string size, and
// appending digit by digit reallocated it for every record.
std::string make_uid(uint64_t seed, uint64_t n) {
  char buf[1 + 6 + 11];  // "C", 32 bits (6 digits), 64 bits (11 digits)
  char* end = buf;
  *end++ = 'C';
  end = put_base62(end, mix64(seed ^ mix64(n)) >> 32);
  end = put_base62(end, mix64(seed + 0x5bd1e995 * (n + 1)));
  return std::string(buf, end);
}

// ICMP request/reply pairs form one connection; other ICMP messages are one-way (Zeek's counterparts).
int icmp_counterpart(bool v6, uint8_t type) {
  static constexpr std::array<std::pair<uint8_t, uint8_t>, 5> kV4 = {{{8, 0}, {13, 14}, {15, 16}, {10, 9}, {17, 18}}};
  static constexpr std::array<std::pair<uint8_t, uint8_t>, 6> kV6 = {
      {{128, 129}, {133, 134}, {135, 136}, {130, 131}, {139, 140}, {144, 145}}};
  auto look = [type](const auto& table) {
    for (auto [a, b] : table) {
      if (type == a) return int{b};
      if (type == b) return int{a};
    }
    return -1;
  };
  return v6 ? look(kV6) : look(kV4);
}

bool is_limited_broadcast(const IpAddr& a) { return a.is_v4() && a.v4_host_order() == 0xffffffffu; }

TransportProto transport_of(uint8_t proto) {
  switch (proto) {
    case kProtoTcp: return TransportProto::kTcp;
    case kProtoUdp: return TransportProto::kUdp;
    case kProtoIcmp:
    case kProtoIcmp6: return TransportProto::kIcmp;
    default: return TransportProto::kUnknown;
  }
}

}  // namespace

size_t FlowKeyHash::operator()(const FlowKey& k) const {
  uint64_t w[4];
  std::memcpy(w, k.a.bytes().data(), 16);
  std::memcpy(w + 2, k.b.bytes().data(), 16);
  uint64_t h = mix64(w[0] ^ mix64(w[1] ^ mix64(w[2] ^ mix64(w[3]))));
  return mix64(h ^ (uint64_t{k.pa} << 24 | uint64_t{k.pb} << 8 | k.proto));
}

bool likely_server_port(uint8_t proto, uint16_t port) {
  static constexpr uint16_t kTcp[] = {21,  22,  25,  53,   79,   80,   81,   88,   135,  139,  143,  389,  443,
                                      445, 502, 563, 585,  587,  614,  631,  636,  989,  990,  992,  993,  995,
                                      1080, 1883, 2811, 3128, 3268, 3389, 5222, 5223, 5269, 5432, 6666, 6667,
                                      6668, 6669, 8000, 8080, 8888, 20000};
  static constexpr uint16_t kUdp[] = {53,  67,   88,   123,  137,  161,  162,  389,  443,  514,
                                      1812, 2123, 2152, 3544, 4789, 5060, 5072, 5353, 5355, 6081, 20000};
  if (proto == kProtoTcp) return std::find(std::begin(kTcp), std::end(kTcp), port) != std::end(kTcp);
  if (proto == kProtoUdp) return std::find(std::begin(kUdp), std::end(kUdp), port) != std::end(kUdp);
  return false;
}

NetSet zeek_private_address_space() {
  NetSet s;
  for (auto c : {"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
                 "192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
                 "203.0.113.0/24", "240.0.0.0/4", "255.255.255.255/32", "::/128", "::1/128", "64:ff9b:1::/48",
                 "100::/64", "2001::/23", "2001:2::/48", "2001:db8::/32", "fc00::/7", "fe80::/10", "224.0.0.0/4"})
    (void)s.add(c);
  return s;
}

FlowMeter::FlowMeter(FlowMeterOptions options, Sink sink) : options_(std::move(options)), sink_(std::move(sink)) {}
FlowMeter::~FlowMeter() = default;

void FlowMeter::set_app_sink(AppSink sink) {
  app_sink_ = std::move(sink);
  app_on_ = true;
}

FlowLookup FlowMeter::lookup(const IpPacket& ip, const TransportInfo& t) {
  FlowKey key{ip.src, ip.dst, t.sport, t.dport, ip.proto};
  bool normalise = true;
  TransportProto tp = transport_of(ip.proto);
  if (tp == TransportProto::kIcmp) {
    int counterpart = icmp_counterpart(ip.v6, static_cast<uint8_t>(t.sport));
    normalise = counterpart >= 0;
    key.pb = normalise ? static_cast<uint16_t>(counterpart) : t.dport;
  } else if (tp == TransportProto::kUnknown) {
    key.pa = key.pb = 0;
  }
  if (normalise && std::tie(key.b, key.pb) < std::tie(key.a, key.pa)) {
    std::swap(key.a, key.b);
    std::swap(key.pa, key.pb);
  }
  return {key, FlowKeyHash{}(key)};
}

std::string FlowMeter::uid_of(uint64_t n) const { return make_uid(options_.uid_seed, n); }

std::string FlowMeter::ip_tunnel_uid(const IpAddr& a, const IpAddr& b) const {
  FlowKey k{std::min(a, b), std::max(a, b), 0, 0, 0};
  return make_uid(~options_.uid_seed, FlowKeyHash{}(k));  // a different seed: never equal to a conn's uid
}

uint64_t FlowMeter::process(Timestamp ts, const IpPacket& ip, const TransportInfo& t, const FlowLookup& l,
                            std::string_view tunnel_parent) {
  if (++packets_since_sweep_ >= kSweepEveryPackets && ts >= last_sweep_ + kSweepEvery) sweep(ts);

  TransportProto tp = transport_of(ip.proto);
  bool is_orig = false;
  Conn& c = find_or_create(ts, ip, t, l, is_orig);
  bool fully_captured = ip.transport.size() >= ip.transport_len;
  bool checksum_ok = options_.ignore_checksums || !fully_captured || tp == TransportProto::kUnknown ||
                     transport_checksum_ok(ip);
  bool counted = true;
  switch (tp) {
    case TransportProto::kTcp: counted = tcp_packet(c, ts, ip, t, checksum_ok, is_orig); break;
    case TransportProto::kUdp: counted = udp_packet(c, ts, t, checksum_ok, is_orig); break;
    case TransportProto::kIcmp: counted = icmp_packet(c, ts, ip, checksum_ok, is_orig); break;
    case TransportProto::kUnknown: c.last = ts; break;
  }
  if (counted) {
    int side = is_orig ? 0 : 1;
    ++c.pkts[side];
    c.ip_bytes[side] += ip.total_len;
    if (c.app_mode != Conn::AppMode::kNone && !t.payload.empty()) app_packet(c, ts, ip, t, is_orig);
    if (is_orig && t.payload_len > 0 && tp != TransportProto::kUnknown) note_client_message(c, ts);
  }
  c.expires = c.deadline();
  if (!tunnel_parent.empty() &&
      std::find(c.tunnel_parents.begin(), c.tunnel_parents.end(), tunnel_parent) == c.tunnel_parents.end())
    c.tunnel_parents.emplace_back(tunnel_parent);
  return c.uid_number;
}

FlowMeter::Conn& FlowMeter::find_or_create(Timestamp ts, const IpPacket& ip, const TransportInfo& t,
                                           const FlowLookup& l, bool& is_orig) {
  const FlowKey& key = l.key;
  uint64_t hash = l.hash;
  if (Conn* found = conns_.find(key, hash)) {
    Conn& c = *found;
    bool expired = ts >= c.expires;
    bool reuse = !expired && c.proto == TransportProto::kTcp && tcp_is_reuse(c, t);
    if (!expired && !reuse) {
      is_orig = ip.src == c.orig_h && (c.proto == TransportProto::kUnknown || t.sport == c.orig_p);
      return c;
    }
    emit(c);
    conns_.erase(key, hash);
  }
  auto c = std::make_unique<Conn>();
  c->key = key;
  c->key_hash = hash;
  c->orig_h = ip.src;
  c->resp_h = ip.dst;
  c->ip_proto = ip.proto;
  c->proto = transport_of(ip.proto);
  c->orig_p = c->proto == TransportProto::kUnknown ? 0 : t.sport;
  c->resp_p = c->proto == TransportProto::kUnknown ? 0 : key.a == ip.src && key.pa == t.sport ? key.pb : key.pa;
  if (c->proto == TransportProto::kIcmp) c->resp_p = key.a == ip.src && key.pa == t.sport ? key.pb : key.pa;
  c->start = c->last = ts;
  c->uid_number = next_uid_++;
  is_orig = true;
  if (!is_limited_broadcast(ip.dst)) {
    bool flip = false;
    bool syn = t.flags & tcp_flag::kSyn, ack = t.flags & tcp_flag::kAck;
    if (c->proto == TransportProto::kTcp && (!syn || ack) && likely_server_port(kProtoTcp, t.sport))
      flip = likely_server_port(kProtoTcp, t.dport) ? (!syn && t.sport < t.dport) : true;
    if (c->proto == TransportProto::kUdp)
      flip = likely_server_port(kProtoUdp, t.sport) && !likely_server_port(kProtoUdp, t.dport);
    if (flip) {
      c->flip();
      is_orig = false;
    }
  }
  if (app_on_) app_attach(*c);  // after the orientation: DNS is chosen by the responder's port
  if (!expected_.empty() && expected_data(*c, ts)) c->app_service = "ftp-data";
  return conns_.insert(hash, std::move(c));
}

// The originator's payload after a silence of its own starts a message: a single-socket implant's check-in.
void FlowMeter::note_client_message(Conn& c, Timestamp ts) {
  std::vector<int64_t>& m = c.client_messages;
  bool starts = m.empty() || ts.ns - c.last_client_payload.ns >= ConnRecord::kMessageGapNs;
  if (starts && m.size() < ConnRecord::kMaxClientMessages) m.push_back(ts.ns);
  c.last_client_payload = ts;
}

void FlowMeter::emit(Conn& c) {
  ConnRecord r;
  r.ts = c.start;
  r.uid = make_uid(options_.uid_seed, c.uid_number);
  r.tunnel_parents = std::move(c.tunnel_parents);
  if (c.client_messages.size() > 1) r.client_messages = std::move(c.client_messages);  // one says nothing of rhythm
  r.orig_h = c.orig_h;
  r.orig_p = c.orig_p;
  r.resp_h = c.resp_h;
  r.resp_p = c.resp_p;
  r.proto = c.proto;
  r.ip_proto = c.ip_proto;
  Duration d = c.last - c.start;
  if (d.ns > 0) {
    r.duration = d;
    if (c.proto == TransportProto::kTcp) {
      r.orig_bytes = c.ep[0].size(c.ep[1]);
      r.resp_bytes = c.ep[1].size(c.ep[0]);
    } else {
      r.orig_bytes = static_cast<uint64_t>(std::max<int64_t>(c.size[0], 0));
      r.resp_bytes = static_cast<uint64_t>(std::max<int64_t>(c.size[1], 0));
    }
  }
  r.conn_state = conn_state_of(c);
  if (c.app) app_release(c);
  r.service = c.app_service;
  if (!options_.local_nets.empty()) {
    r.local_orig = options_.local_nets.contains(c.orig_h);
    r.local_resp = options_.local_nets.contains(c.resp_h);
  }
  r.missed_bytes = c.missed_bytes;
  r.history = c.history;
  r.orig_pkts = c.pkts[0];
  r.orig_ip_bytes = c.ip_bytes[0];
  r.resp_pkts = c.pkts[1];
  r.resp_ip_bytes = c.ip_bytes[1];
  ++emitted_;
  sink_(std::move(r));
}

// DNS is attached by port when the connection is created (before a flip, which re-attaches below);
// TCP connections wait for their first payload.
void FlowMeter::app_attach(Conn& c) const {
  c.app = AppSession::by_port(c.proto, c.resp_p, c.orig_h, c.resp_h);
  if (c.app) c.app_mode = Conn::AppMode::kActive;
  else c.app_mode = c.proto == TransportProto::kTcp ? Conn::AppMode::kUndecided : Conn::AppMode::kNone;
}

void FlowMeter::app_packet(Conn& c, Timestamp ts, const IpPacket& ip, const TransportInfo& t, bool is_orig) {
  (void)ip;
  if (c.proto == TransportProto::kUdp) {
    c.app->udp_payload(ts, t.payload);
  } else if (c.proto == TransportProto::kTcp) {
    if (t.flags & tcp_flag::kRst) return;  // a RST's payload is not stream data
    if (c.app_mode == Conn::AppMode::kUndecided) {
      // HTTP opens the conversation from the originator, in a connection whose SYN was seen (Zeek's HTTP
      // analyzer ignores partial connections). TLS may also begin after a plaintext upgrade (STARTTLS
      // after an SMTP/IMAP/POP3/FTP/XMPP banner, MySQL, RDP), so the originator's segments among the first
      // kAppProbeSegments are looked at for a ClientHello; then the connection is let go.
      bool saw_syn = c.history_seen('S', true) || c.history_seen('S', false);
      bool may_be_http = c.app_probes == 0 && saw_syn;
      if (is_orig) c.app = AppSession::by_content(t.payload, may_be_http);
      if (!c.app) {
        if (++c.app_probes >= kAppProbeSegments) c.app_mode = Conn::AppMode::kNone;
        return;
      }
      c.app_mode = Conn::AppMode::kActive;
    }
    uint32_t seq = t.seq + ((t.flags & tcp_flag::kSyn) ? 1 : 0);
    c.app->tcp_payload(is_orig, ts, seq, t.payload);
    expect_data(c, ts);
  }
  app_drain(c);
  // An analyzer with nothing more to learn (TLS after its handshake) is let go at once: the rest of a long
  // session then costs no memory and no more work per packet.
  if (c.app->done()) app_release(c);
}

constexpr int64_t kExpectedDataNs = 300'000'000'000;  // Zeek's ftp_data_expected &read_expire=5mins
constexpr size_t kMaxExpected = 1024;  // a hostile session announcing endlessly

void FlowMeter::expect_data(Conn& c, Timestamp ts) {
  for (const FtpDataChannel& d : c.app->take_announced()) {
    std::erase_if(expected_, [&](const Expected& e) { return e.until.ns < ts.ns; });
    if (expected_.size() >= kMaxExpected) expected_.erase(expected_.begin());
    expected_.push_back({d.resp_h, d.resp_p, Timestamp{ts.ns + kExpectedDataNs}});
  }
}

bool FlowMeter::expected_data(const Conn& c, Timestamp ts) {
  for (auto it = expected_.begin(); it != expected_.end(); ++it) {
    if (it->resp_h == c.resp_h && it->resp_p == c.resp_p && it->until.ns >= ts.ns) {
      expected_.erase(it);
      return true;
    }
  }
  return false;
}

void FlowMeter::app_release(Conn& c) {
  c.app->finish();
  app_drain(c);
  if (std::string_view found = c.app->service(); !found.empty()) c.app_service = found;  // else ftp-data stays
  c.app.reset();
  c.app_mode = Conn::AppMode::kNone;
}

void FlowMeter::app_drain(Conn& c) {
  AppRecords recs;
  c.app->take(recs);
  if (recs.dns.empty() && recs.ssl.empty() && recs.http.empty() && recs.ftp.empty()) return;
  const std::string uid = make_uid(options_.uid_seed, c.uid_number);
  auto stamp = [&](ConnRef& id) {
    id.uid = uid;
    id.orig_h = c.orig_h;
    id.orig_p = c.orig_p;
    id.resp_h = c.resp_h;
    id.resp_p = c.resp_p;
  };
  for (DnsRecord& r : recs.dns) {
    stamp(r.id);
    if (app_sink_.dns) app_sink_.dns(std::move(r));
  }
  for (SslRecord& r : recs.ssl) {
    stamp(r.id);
    if (app_sink_.ssl) app_sink_.ssl(std::move(r));
  }
  for (HttpRecord& r : recs.http) {
    stamp(r.id);
    if (app_sink_.http) app_sink_.http(std::move(r));
  }
  for (FtpRecord& r : recs.ftp) {
    stamp(r.id);
    if (app_sink_.ftp) app_sink_.ftp(std::move(r));
  }
}

void FlowMeter::sweep(Timestamp now) {
  last_sweep_ = now;
  packets_since_sweep_ = 0;
  std::vector<std::pair<Timestamp, Conn*>> expired;
  conns_.for_each([&](Conn& c) {
    if (now >= c.expires) expired.emplace_back(c.expires, &c);
  });
  // Emit in the order the connections ended, so output does not depend on the hash table's layout.
  std::sort(expired.begin(), expired.end(), [](const auto& x, const auto& y) {
    return x.first != y.first ? x.first < y.first : x.second->uid_number < y.second->uid_number;
  });
  for (auto& [deadline, conn] : expired) {
    FlowKey key = conn->key;
    uint64_t hash = conn->key_hash;
    emit(*conn);
    conns_.erase(key, hash);
  }
}

void FlowMeter::finish() {
  std::vector<Conn*> open;
  conns_.for_each([&](Conn& c) { open.push_back(&c); });
  std::sort(open.begin(), open.end(), [](const Conn* x, const Conn* y) { return x->uid_number < y->uid_number; });
  for (Conn* c : open) emit(*c);
  conns_.clear();
}

}  // namespace vigil
