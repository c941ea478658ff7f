// DnsTunnel: an iodine/dnscat2-like client on one host moving data out through the site resolver: each
// query names a fresh subdomain of the attacker's zone whose labels carry base32-encoded payload, asked
// as NULL, TXT or CNAME so that the answer can carry data back. It runs one session of a few hours a
// day; while it runs, the names carry `bytes_per_s` bytes of payload a second on average.
#pragma once

#include <string>

#include "sim_channel.h"
#include "sim_random.h"

namespace vigil::sim {

struct DnsTunnelSetup {
  size_t host = 0;
  std::string zone;  // queries are <payload labels>.<sequence>.<zone>
  double bytes_per_s = 10;
  double session_min_s = 7200, session_max_s = 14400;  // one session a day, at a random time of it
  int64_t start_ns = 0, end_ns = 0;
  int truth = -1;
  uint64_t seed = 0;
};

// Payload bytes one query carries: small enough for one or two labels, as the tools send.
inline constexpr size_t kTunnelMinPayload = 12, kTunnelMaxPayload = 40;

class DnsTunnel : public SimChannel {
 public:
  explicit DnsTunnel(DnsTunnelSetup setup);
  void fire(RecordMaker& out) override;

 private:
  // The first query of the next day's session at or after `day_ns`'s day, or kNever.
  int64_t next_session(int64_t day_ns);

  DnsTunnelSetup s_;
  SimRng rng_;
  int64_t session_end_ = 0;
  uint32_t sequence_ = 0;
};

}  // namespace vigil::sim
