// Plans the connectionless flows: DNS and NTP exchanges, one-way UDP streams, ICMP echo.
#include "flow.h"
#include "frame_builder.h"
#include "payload.h"

namespace gencap {
namespace {

constexpr uint64_t kUs = 1'000'000;  // picoseconds per microsecond
constexpr uint64_t kMs = 1000 * kUs;
constexpr uint64_t kPingInterval = 1000 * kMs;

void push(Flow& f, uint64_t delay, bool from_server, uint16_t len, uint32_t seq,
          uint8_t flags = 0) {
  Step s;
  s.delay_ps = delay;
  s.from_server = from_server;
  s.len = len;
  s.seq = seq;
  s.flags = flags;
  f.steps.push_back(s);
}

uint64_t server_reply(Flow& f) { return f.rtt_ps + f.rng.log_uniform(20 * kUs, 2 * kMs); }

}  // namespace

bool plan_datagram(Flow& f) {
  if (f.packets_left == 0) return false;
  f.steps.clear();
  f.next_step = 0;
  switch (f.kind) {
    case FlowKind::kDns:
      push(f, 0, false, dns_query_len(f.dns), 0);
      if (f.answered) push(f, server_reply(f), true, dns_response_len(f.dns), 1);
      f.packets_left = 0;
      break;
    case FlowKind::kNtp:
      push(f, 0, false, kNtpLen, 0);
      if (f.answered) push(f, server_reply(f), true, kNtpLen, 1);
      f.packets_left = 0;
      break;
    case FlowKind::kUdpStream:
      // A few at a time so the step queue stays small for long streams.
      for (int i = 0; i < 16 && f.packets_left != 0; ++i) {
        const uint64_t gap = f.packets_sent == 0 ? 0 : f.rng.log_uniform(200 * kUs, 100 * kMs);
        push(f, gap, false, static_cast<uint16_t>(f.rng.range(60, 400)), f.packets_sent);
        ++f.packets_sent;
        --f.packets_left;
      }
      break;
    case FlowKind::kIcmpEcho: {
      // ping: one request a second, each answered unless the target is down.
      const uint8_t request = f.ipv6 ? 128 : 8;
      const uint8_t reply = f.ipv6 ? 129 : 0;
      const uint64_t reply_delay = server_reply(f);
      uint64_t gap = 0;
      if (f.packets_sent != 0) {
        gap = f.answered && reply_delay < kPingInterval ? kPingInterval - reply_delay
                                                        : kPingInterval;
      }
      const auto seq = f.packets_sent + 1;
      push(f, gap, false, icmp_echo_len(f), seq, request);
      if (f.answered) push(f, reply_delay, true, icmp_echo_len(f), seq, reply);
      ++f.packets_sent;
      --f.packets_left;
      break;
    }
    default:
      return false;
  }
  return true;
}

}  // namespace gencap
