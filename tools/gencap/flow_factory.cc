// Traffic-mix parameters and per-flow setup: which kinds, which peers, which ports.
#include "flow_factory.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include "frame_builder.h"
#include "payload.h"
#include "server_name.h"
#include "tls_hello.h"

namespace gencap {
namespace {

constexpr uint64_t kUs = 1'000'000;  // picoseconds per microsecond
constexpr uint64_t kMs = 1000 * kUs;
constexpr uint16_t kEphemeralLo = 32768;  // Linux ip_local_port_range
constexpr uint16_t kEphemeralHi = 60999;
// A closed tuple is not reused for this long (twice Linux's TIME_WAIT).
constexpr uint64_t kTupleQuarantine = 120'000 * kMs;
constexpr size_t kMaxRecentTuples = 1 << 18;
// Ports are handed out in order, so if this many in a row are recent the
// rest almost surely are too.
constexpr uint32_t kMaxPortProbes = 256;

// Share of new flows per kind, in parts per million. DNS is frequent but
// tiny, so TCP still carries nearly all bytes.
struct KindWeight {
  FlowKind kind;
  uint32_t per_million;
};
constexpr KindWeight kKindMix[] = {
    {FlowKind::kTcp, 580'000},        {FlowKind::kTcpSynOnly, 30'000},
    {FlowKind::kTcpRejected, 30'000}, {FlowKind::kDns, 260'000},
    {FlowKind::kNtp, 30'000},         {FlowKind::kUdpStream, 30'000},
    {FlowKind::kIcmpEcho, 40'000},
};

struct PortWeight {
  uint16_t port;  // 0 = random high port
  uint32_t per_million;
};
constexpr PortWeight kExternalTcpPorts[] = {
    {443, 620'000}, {80, 120'000}, {8080, 30'000}, {22, 40'000},
    {25, 30'000},   {53, 20'000},  {8443, 10'000}, {0, 130'000},
};
constexpr PortWeight kInternalTcpPorts[] = {
    {22, 300'000}, {443, 250'000}, {8080, 150'000}, {80, 100'000}, {8443, 50'000}, {0, 150'000},
};
// Ports a scanner or a misconfigured client tries.
constexpr uint16_t kProbePorts[] = {22, 23, 80, 443, 445, 1433, 3306, 3389, 5900, 8080, 8443};

template <typename T, size_t N>
const T& pick_weighted(Rng& rng, const T (&table)[N]) {
  uint64_t roll = rng.below(1'000'000);
  for (const T& entry : table) {
    if (roll < entry.per_million) return entry;
    roll -= entry.per_million;
  }
  return table[N - 1];
}

TcpProfile profile_for(uint16_t port) {
  switch (port) {
    case 80: case 443: case 8080: case 8443: return TcpProfile::kWeb;
    case 22: return TcpProfile::kInteractive;
    case 25: return TcpProfile::kMail;
    case 53: return TcpProfile::kDns;
    default: return TcpProfile::kGeneric;
  }
}

uint64_t tuple_key(const Flow& f) {
  uint64_t h = mix64(f.protocol | static_cast<uint64_t>(f.ipv6) << 8 |
                     static_cast<uint64_t>(f.client_port) << 16 |
                     static_cast<uint64_t>(f.server_port) << 32);
  auto absorb = [&h](const uint8_t* bytes, size_t len) {
    for (size_t i = 0; i < len; i += 8) {
      uint64_t word = 0;
      for (size_t k = 0; k < 8 && i + k < len; ++k) word |= static_cast<uint64_t>(bytes[i + k]) << (8 * k);
      h = mix64(h ^ word);
    }
  };
  if (f.ipv6) {
    absorb(f.client.ipv6.data(), 16);
    absorb(f.server.ipv6.data(), 16);
  } else {
    h = mix64(h ^ (static_cast<uint64_t>(f.client.ipv4) << 32 | f.server.ipv4));
  }
  return h;
}

}  // namespace

FlowFactory::FlowFactory(const Options& options, const AddressPlan& plan)
    : options_(options), plan_(plan), rng_(options.seed), next_port_(options.hosts, 0) {
  active_.reserve(options.concurrency * 2);
}

FlowKind FlowFactory::pick_kind() { return pick_weighted(rng_, kKindMix).kind; }

// Some hosts are much busier than others: half the flows come from a
// quadratically skewed pick, half from a uniform one.
uint32_t FlowFactory::pick_client() {
  const uint64_t u = rng_.below(1ULL << 32);
  const uint64_t skewed = rng_.chance(500'000) ? (u * u) >> 32 : u;
  return static_cast<uint32_t>((skewed * plan_.hosts()) >> 32);
}

// Server popularity is steeper still: a few services take most flows.
uint32_t FlowFactory::pick_server() {
  const uint64_t u = rng_.below(1ULL << 21);
  return static_cast<uint32_t>((((u * u) >> 21) * u >> 21) * plan_.servers() >> 21);
}

void FlowFactory::release(const Flow& flow, uint64_t now_ps) {
  active_.erase(flow.tuple_key);
  recent_[flow.tuple_key] = now_ps;
  recent_order_.emplace_back(flow.tuple_key, now_ps);
}

void FlowFactory::assign_client_port(Flow& f) {
  // Forget tuples that ended long enough ago, or the oldest ones past the cap.
  while (!recent_order_.empty() &&
         (recent_order_.front().second + kTupleQuarantine < f.start_ps ||
          recent_order_.size() > kMaxRecentTuples)) {
    const auto [key, ended] = recent_order_.front();
    recent_order_.pop_front();
    if (const auto it = recent_.find(key); it != recent_.end() && it->second == ended) {
      recent_.erase(it);
    }
  }
  uint16_t& next = next_port_[f.client_host];
  if (next == 0) {
    next = static_cast<uint16_t>(kEphemeralLo + rng_.below(kEphemeralHi - kEphemeralLo + 1));
  }
  // Take the next port in sequence, skipping ports whose tuple is live or
  // recent, as a real stack would. With a tiny host/server space every
  // port can be recent; then the first one not live is reused.
  uint16_t fallback = 0;
  for (uint32_t tries = 0; tries <= kEphemeralHi - kEphemeralLo; ++tries) {
    f.client_port = next;
    next = next == kEphemeralHi ? kEphemeralLo : static_cast<uint16_t>(next + 1);
    f.tuple_key = tuple_key(f);
    if (active_.contains(f.tuple_key)) continue;
    if (!recent_.contains(f.tuple_key)) break;
    if (fallback == 0) fallback = f.client_port;
    if (tries >= kMaxPortProbes) {
      f.client_port = fallback;
      f.tuple_key = tuple_key(f);
      break;
    }
  }
  active_.insert(f.tuple_key);
}

void FlowFactory::setup_paths(Flow& f, bool internal_peer) {
  f.rtt_ps = internal_peer ? f.rng.log_uniform(100 * kUs, 2 * kMs)
                           : f.rng.log_uniform(2 * kMs, 80 * kMs);
  // Bottleneck bandwidth between 20 Mbit/s and 1 Gbit/s (8e6 ps/byte at 1 Mbit/s).
  f.ps_per_byte = 8'000'000 / (internal_peer ? 1000 : f.rng.log_uniform(20, 1000));
  f.server_side_mac = plan_.peer_mac(f.client, f.server);
  // TTLs as seen at the capture: the client's own initial value; the
  // server's initial value less the hops it crossed.
  const bool windows_client = f.protocol == kProtoTcp && !f.tcp.timestamps;
  f.ttl[0] = windows_client ? 128 : 64;
  static constexpr uint8_t kInitialTtls[] = {64, 64, 64, 128, 255};
  const uint8_t server_initial = kInitialTtls[f.rng.below(5)];
  const uint8_t hops = internal_peer ? (f.server.segment == f.client.segment ? 0 : 1)
                                     : static_cast<uint8_t>(f.rng.range(6, 22));
  f.ttl[1] = static_cast<uint8_t>(server_initial - hops);
  if (f.ipv6) f.ttl[0] = f.ttl[1] = 64;
  f.ip_id[0] = static_cast<uint16_t>(f.rng.next());
  f.ip_id[1] = static_cast<uint16_t>(f.rng.next());
  f.flow_label[0] = static_cast<uint32_t>(1 + f.rng.below(0xfffff));
  f.flow_label[1] = static_cast<uint32_t>(1 + f.rng.below(0xfffff));
  if (options_.vlan_per_million != 0 && f.rng.chance(options_.vlan_per_million)) {
    f.vlan = AddressPlan::vlan_of(f.client);
  }
}

void FlowFactory::setup_tcp(Flow& f) {
  TcpState& t = f.tcp;
  t.profile = profile_for(f.server_port);
  // Linux/macOS stacks send timestamps (so 1448-byte segments), Windows
  // does not (1460).
  t.timestamps = f.rng.chance(750'000);
  t.mss = f.ipv6 ? 1440 : 1460;
  t.seg_payload = static_cast<uint16_t>(t.mss - (t.timestamps ? 12 : 0));
  // Random ISNs; a few start just below 2^32 so sequence numbers wrap.
  t.client_nxt = f.rng.chance(80'000) ? static_cast<uint32_t>(0 - f.rng.range(1, 2048))
                                      : static_cast<uint32_t>(f.rng.next());
  t.server_nxt = f.rng.chance(80'000) ? static_cast<uint32_t>(0 - f.rng.range(1, 300'000))
                                      : static_cast<uint32_t>(f.rng.next());
  t.syn_window[0] = t.timestamps ? static_cast<uint16_t>(t.mss * 44) : 65535;
  t.syn_window[1] = f.rng.chance(500'000) ? 65160 : 65535;
  t.wscale[0] = t.timestamps ? 7 : 8;
  t.wscale[1] = f.rng.chance(500'000) ? 7 : 9;
  // Windows stay far above what one round puts in flight (64 segments), as
  // receivers with autotuning do, and never change, so no window updates.
  for (int side = 0; side < 2; ++side) {
    t.window[side] = static_cast<uint16_t>((f.rng.range(2, 8) * 131072) >> t.wscale[side]);
    t.ts_base[side] = static_cast<uint32_t>(f.rng.next());
  }
  switch (t.profile) {
    case TcpProfile::kWeb:
      t.exchanges_left = f.rng.chance(700'000) ? 1 : static_cast<uint32_t>(f.rng.log_uniform(2, 20));
      break;
    case TcpProfile::kInteractive:
      t.exchanges_left = static_cast<uint32_t>(f.rng.log_uniform(4, 40));
      break;
    case TcpProfile::kMail: t.exchanges_left = static_cast<uint32_t>(f.rng.range(4, 8)); break;
    case TcpProfile::kDns: t.exchanges_left = 1; break;
    case TcpProfile::kGeneric:
      t.exchanges_left = static_cast<uint32_t>(f.rng.log_uniform(1, 5));
      break;
  }
  const uint64_t end_roll = f.rng.below(1'000'000);
  t.end = end_roll < 850'000 ? TcpEnd::kFin : end_roll < 950'000 ? TcpEnd::kRst : TcpEnd::kOpen;
  if (t.end == TcpEnd::kRst && f.rng.chance(400'000)) {
    t.abort_round = static_cast<uint32_t>(f.rng.range(1, 4));
  }
}

// TLS 1.3 from a browser or a command-line client; the handshake is one
// more exchange ahead of the requests.
void FlowFactory::setup_tls(Flow& f, uint32_t server, bool internal) {
  TlsState& tls = f.tls;
  tls.active = true;
  tls.client = f.rng.chance(internal ? 400'000 : 750'000) ? TlsClient::kChrome : TlsClient::kCurl;
  tls.grease = tls.client == TlsClient::kChrome;  // OpenSSL does not GREASE
  tls.alpn_h2 = tls.client == TlsClient::kChrome || f.rng.chance(500'000);
  tls.server_records = static_cast<uint8_t>(f.rng.range(1, kMaxServerRecords));
  tls.seed = f.rng.next();
  // Most connections name the server's main site, some one of the few other
  // sites it fronts; a few clients connect by address and send no SNI.
  if (!f.rng.chance(30'000)) {
    const auto site = static_cast<uint32_t>(f.rng.chance(800'000) ? 0 : f.rng.range(1, 3));
    tls.server_name = server_name(server, internal, site);
  }
  ++f.tcp.exchanges_left;
}

// A query for a random name; the response fits in `max_response` bytes
// (300 for UDP, a few KB when the answer needs TCP).
void FlowFactory::setup_dns(Flow& f, unsigned max_response) {
  DnsState& d = f.dns;
  d.txid = static_cast<uint16_t>(f.rng.next());
  d.qtype = f.rng.chance(f.ipv6 ? 500'000 : 250'000) ? 28 : 1;
  d.name_len = static_cast<uint8_t>(f.rng.range(23, 90));
  d.name_seed = static_cast<uint32_t>(f.rng.next());
  d.nxdomain = f.rng.chance(80'000);
  if (!d.nxdomain) {
    const unsigned per_answer = d.qtype == 28 ? 28 : 16;
    const unsigned room = std::min(255u, (max_response - dns_query_len(d)) / per_answer);
    d.answers = static_cast<uint8_t>(1 + f.rng.below(max_response > 300 ? room : std::min(room, 8u)));
  }
}

void FlowFactory::make(Flow& f, uint64_t start_ps) {
  // Reset the slot but keep the step vector's capacity.
  std::vector<Step> steps = std::move(f.steps);
  f = Flow{};
  f.steps = std::move(steps);
  f.steps.clear();
  f.next_step = 0;

  f.rng = Rng(rng_.next());
  f.start_ps = start_ps;
  f.kind = pick_kind();
  f.ipv6 = options_.ipv6_per_million != 0 && rng_.chance(options_.ipv6_per_million);
  f.payload_salt = static_cast<uint32_t>(f.rng.next());
  f.client_host = pick_client();
  f.client = plan_.internal_host(f.client_host);

  bool internal_peer = false;
  uint32_t server_index = 0;  // which host or external server, to name it
  auto internal_server = [&] {
    // Another internal host, never the client itself.
    uint32_t peer = static_cast<uint32_t>(f.rng.below(plan_.hosts() - 1));
    if (peer >= f.client_host) ++peer;
    internal_peer = true;
    server_index = peer;
    return plan_.internal_host(peer);
  };
  auto external_server = [&] {
    server_index = pick_server();
    return plan_.external_server(server_index);
  };

  switch (f.kind) {
    case FlowKind::kTcp:
    case FlowKind::kTcpSynOnly:
    case FlowKind::kTcpRejected: {
      f.protocol = kProtoTcp;
      const bool inside = f.rng.chance(f.kind == FlowKind::kTcp ? 150'000 : 400'000);
      f.server = inside ? internal_server() : external_server();
      if (f.kind == FlowKind::kTcp) {
        const uint16_t port = inside ? pick_weighted(f.rng, kInternalTcpPorts).port
                                     : pick_weighted(f.rng, kExternalTcpPorts).port;
        f.server_port = port != 0 ? port : static_cast<uint16_t>(f.rng.range(1024, 32767));
      } else {
        f.server_port = kProbePorts[f.rng.below(std::size(kProbePorts))];
      }
      setup_tcp(f);
      if (f.server_port == 53) setup_dns(f, 4000);  // zone data or a big answer, over TCP
      const bool tls_port = f.server_port == 443 || f.server_port == 8443;
      if (f.kind == FlowKind::kTcp && tls_port) setup_tls(f, server_index, inside);
      break;
    }
    case FlowKind::kDns: {
      f.protocol = kProtoUdp;
      f.server_port = 53;
      f.server = f.rng.chance(750'000) ? plan_.dns_resolver(static_cast<uint32_t>(f.rng.below(2)))
                                       : plan_.external_server(pick_server());
      internal_peer = f.server.segment != kExternalSegment;
      setup_dns(f, 300);
      f.answered = !f.rng.chance(60'000);
      f.packets_left = 1;
      break;
    }
    case FlowKind::kNtp:
      f.protocol = kProtoUdp;
      f.server_port = 123;
      f.server = plan_.external_server(pick_server());
      f.answered = !f.rng.chance(30'000);
      f.packets_left = 1;
      break;
    case FlowKind::kUdpStream:
      f.protocol = kProtoUdp;
      if (f.rng.chance(700'000)) {
        f.server = plan_.syslog_collector();
        f.server_port = 514;
        internal_peer = true;
      } else {
        // Telemetry or media to an outside collector on a high port.
        f.server = plan_.external_server(pick_server());
        f.server_port = static_cast<uint16_t>(f.rng.range(1024, 32767));
      }
      f.packets_left = static_cast<uint32_t>(f.rng.log_uniform(3, 40));
      break;
    case FlowKind::kIcmpEcho:
      f.protocol = f.ipv6 ? kProtoIcmpv6 : kProtoIcmp;
      f.server = f.rng.chance(300'000) ? internal_server() : plan_.external_server(pick_server());
      f.packets_left = f.rng.chance(500'000) ? 1 : static_cast<uint32_t>(f.rng.range(2, 4));
      f.answered = !f.rng.chance(80'000);
      break;
    case FlowKind::kCount:
      break;
  }
  setup_paths(f, internal_peer);
  // Ephemeral client port (or ICMP echo identifier), unique among live flows.
  assign_client_port(f);
}

}  // namespace gencap
