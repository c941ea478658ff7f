// Per-packet encoding: addressing by direction, TCP options, protocol payloads.
#include "packet_encoder.h"

#include <cstring>

#include "app_framing.h"
#include "frame_builder.h"
#include "payload.h"

namespace gencap {
namespace {

constexpr uint64_t kPsPerUs = 1'000'000;
constexpr uint64_t kPsPerMs = 1'000'000'000;
constexpr uint64_t kPsPerSec = 1'000'000'000'000;

WallTime wall_time(uint64_t ts_ps, uint64_t start_epoch) {
  return WallTime{start_epoch + ts_ps / kPsPerSec,
                  static_cast<uint32_t>(ts_ps % kPsPerSec / kPsPerUs)};
}

// TCP options in the order the common stacks send them. Returns their length.
size_t tcp_options(uint8_t* out, Flow& f, const Step& s, uint64_t ts_ps) {
  TcpState& t = f.tcp;
  const int side = s.from_server ? 1 : 0;
  if (s.flags & kTcpRst) return 0;
  uint32_t tsval = 0;
  uint32_t tsecr = 0;
  if (t.timestamps) {
    // 1 ms clock from a random per-side base, as Linux does.
    tsval = t.ts_base[side] + static_cast<uint32_t>((ts_ps - f.start_ps) / kPsPerMs);
    tsecr = (s.flags & kTcpSyn) && !s.from_server ? 0 : t.last_tsval[1 - side];
    t.last_tsval[side] = tsval;
  }
  auto put_ts = [&](uint8_t* p) {
    p[0] = 8;
    p[1] = 10;
    put_be32(p + 2, tsval);
    put_be32(p + 6, tsecr);
  };
  if (s.flags & kTcpSyn) {
    uint8_t* p = out;
    *p++ = 2;  // MSS
    *p++ = 4;
    put_be16(p, t.mss);
    p += 2;
    if (t.timestamps) {  // Linux: MSS, SACK_PERM, TS, NOP, WS
      *p++ = 4;
      *p++ = 2;
      put_ts(p);
      p += 10;
      *p++ = 1;
      *p++ = 3;
      *p++ = 3;
      *p++ = t.wscale[side];
    } else {  // Windows: MSS, NOP, WS, NOP, NOP, SACK_PERM
      *p++ = 1;
      *p++ = 3;
      *p++ = 3;
      *p++ = t.wscale[side];
      *p++ = 1;
      *p++ = 1;
      *p++ = 4;
      *p++ = 2;
    }
    return static_cast<size_t>(p - out);
  }
  if (!t.timestamps) return 0;
  out[0] = 1;
  out[1] = 1;
  put_ts(out + 2);
  return 12;
}

size_t encode_tcp(uint8_t* l4, Flow& f, const Step& s, uint64_t ts_ps) {
  const int side = s.from_server ? 1 : 0;
  uint8_t options[40];
  const size_t options_len = tcp_options(options, f, s, ts_ps);
  uint16_t window = (s.flags & kTcpSyn) ? f.tcp.syn_window[side] : f.tcp.window[side];
  if (s.flags & kTcpRst) window = 0;
  const uint16_t sport = s.from_server ? f.server_port : f.client_port;
  const uint16_t dport = s.from_server ? f.client_port : f.server_port;
  const size_t header = write_tcp_header(l4, sport, dport, s.seq, s.ack, s.flags, window,
                                         options, options_len);
  // Payload is taken from the filler at the stream offset, so the bytes of
  // the stream are consistent whichever segment carries them.
  if (s.len != 0) {
    std::memcpy(l4 + header, filler(f.payload_salt + uint64_t{s.seq}), s.len);
    apply_app_framing(l4 + header, f, s);
  }
  return header + s.len;
}

size_t encode_udp(uint8_t* l4, Flow& f, const Step& s, WallTime now) {
  const uint16_t sport = s.from_server ? f.server_port : f.client_port;
  const uint16_t dport = s.from_server ? f.client_port : f.server_port;
  const size_t header = write_udp_header(l4, sport, dport, s.len);
  uint8_t* body = l4 + header;
  switch (f.kind) {
    case FlowKind::kDns: write_dns(body, f.dns, s.from_server); break;
    case FlowKind::kNtp: write_ntp(body, s.from_server, now, f.payload_salt); break;
    default:
      if (f.server_port == 514) {
        write_syslog(body, s.len, f, s.seq, now);
      } else {
        std::memcpy(body, filler(f.payload_salt + uint64_t{s.seq} * 4099), s.len);
      }
  }
  return header + s.len;
}

size_t encode_icmp(uint8_t* l4, const Flow& f, const Step& s, uint64_t start_epoch) {
  const size_t header = write_icmp_echo_header(l4, s.flags, f.client_port,
                                               static_cast<uint16_t>(s.seq));
  // The reply echoes the request's body; both derive it from the echo
  // sequence number, and the embedded send time is the request's.
  const WallTime sent = wall_time(f.start_ps + (s.seq - 1) * kPsPerSec, start_epoch);
  write_icmp_echo_body(l4 + header, s.len, sent);
  return header + s.len;
}

}  // namespace

size_t encode_step(uint8_t* out, Flow& f, const Step& s, uint64_t ts_ps, uint64_t start_epoch) {
  const int side = s.from_server ? 1 : 0;
  L3Header l3;
  const Endpoint& src = s.from_server ? f.server : f.client;
  const Endpoint& dst = s.from_server ? f.client : f.server;
  l3.src_mac = s.from_server ? f.server_side_mac : f.client.mac;
  l3.dst_mac = s.from_server ? f.client.mac : f.server_side_mac;
  l3.vlan = f.vlan;
  l3.ipv6 = f.ipv6;
  l3.src4 = src.ipv4;
  l3.dst4 = dst.ipv4;
  l3.src6 = src.ipv6;
  l3.dst6 = dst.ipv6;
  l3.ttl = f.ttl[side];
  l3.ip_id = f.ip_id[side]++;
  l3.flow_label = f.flow_label[side];
  l3.protocol = f.protocol;

  const size_t l4 = begin_frame(out, l3);
  size_t l4_len = 0;
  size_t checksum_at = 0;
  switch (f.protocol) {
    case kProtoTcp:
      l4_len = encode_tcp(out + l4, f, s, ts_ps);
      checksum_at = kTcpChecksumAt;
      break;
    case kProtoUdp:
      l4_len = encode_udp(out + l4, f, s, wall_time(ts_ps, start_epoch));
      checksum_at = kUdpChecksumAt;
      break;
    default:
      l4_len = encode_icmp(out + l4, f, s, start_epoch);
      checksum_at = kIcmpChecksumAt;
      break;
  }
  return finish_frame(out, l3, l4, l4_len, checksum_at);
}

}  // namespace gencap
