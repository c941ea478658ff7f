// The traffic mix: draws each new flow's kind, endpoints, ports and path properties.
#pragma once

#include <cstdint>
#include <deque>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "address_plan.h"
#include "flow.h"
#include "options.h"
#include "prng.h"

namespace gencap {

class FlowFactory {
 public:
  FlowFactory(const Options& options, const AddressPlan& plan);

  // Turns `flow` (a reused slot) into a fresh flow whose first packet is due
  // at `start_ps`.
  void make(Flow& flow, uint64_t start_ps);

  // Called when a flow ends at `now_ps`; its 5-tuple stays reserved for a
  // while, like a TCP TIME_WAIT, before it may be used again.
  void release(const Flow& flow, uint64_t now_ps);

 private:
  FlowKind pick_kind();
  uint32_t pick_client();
  uint32_t pick_server();
  void setup_tcp(Flow& f);
  void setup_paths(Flow& f, bool internal_peer);
  void setup_dns(Flow& f, unsigned max_response);
  void setup_tls(Flow& f, uint32_t server, bool internal);
  void assign_client_port(Flow& f);

  const Options& options_;
  const AddressPlan& plan_;
  Rng rng_;
  // Next ephemeral port per client host. Ports are handed out in sequence
  // like an OS does, so a host reuses a port only after cycling through all
  // 28232 of them; `active_` additionally rules out tuples still in use.
  std::vector<uint16_t> next_port_;
  std::unordered_set<uint64_t> active_;
  // Tuples of recently ended flows (key -> end time), oldest first in
  // recent_order_; capped so memory stays bounded at any rate.
  std::unordered_map<uint64_t, uint64_t> recent_;
  std::deque<std::pair<uint64_t, uint64_t>> recent_order_;
};

}  // namespace gencap
