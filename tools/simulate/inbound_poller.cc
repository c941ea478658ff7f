// InboundPoller: one small HTTPS request to the web shell per poll; output comes back when tasked.
#include "inbound_poller.h"

namespace vigil::sim {
namespace {
constexpr uint16_t kPeerPortLo = 32768, kPeerPortHi = 60999;
constexpr double kTaskedChance = 0.05;
}  // namespace

InboundPoller::InboundPoller(InboundPollerSetup setup)
    : s_(std::move(setup)), rng_(s_.seed),
      next_port_(static_cast<uint16_t>(kPeerPortLo + rng_.below(kPeerPortHi - kPeerPortLo + 1))) {
  next_ns_ = s_.start_ns < s_.end_ns ? s_.start_ns : kNever;
}

void InboundPoller::fire(RecordMaker& out) {
  const int64_t ts = next_ns_;
  Exchange e{static_cast<uint32_t>(rng_.uniform(300, 900)), static_cast<uint32_t>(rng_.uniform(150, 600)), 0,
             static_cast<int64_t>(rng_.uniform(5e6, 80e6))};
  if (rng_.chance(kTaskedChance)) {  // a command ran: its output comes back
    e.request += static_cast<uint32_t>(rng_.uniform(50, 400));
    e.response += static_cast<uint32_t>(rng_.uniform(1'000, 40'000));
  }
  out.tls_inbound(ts, s_.peer, next_port_, s_.server, s_.port, s_.name, std::span<const Exchange>(&e, 1), s_.truth);
  next_port_ = next_port_ == kPeerPortHi ? kPeerPortLo : static_cast<uint16_t>(next_port_ + 1);
  int64_t next = ts + to_ns(s_.period_s * rng_.uniform(1 - s_.jitter, 1 + s_.jitter));
  next_ns_ = next < s_.end_ns ? next : kNever;
}

}  // namespace vigil::sim
