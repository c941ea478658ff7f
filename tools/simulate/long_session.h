// LongSession: hours-long interactive TCP sessions from one host to one server. Either a single session at
// a set time (an operator's reverse shell, to a bare address, no DNS), or one on most working days (an
// admin's SSH session to an internal server, looked up by name first).
#pragma once

#include <string>

#include "sim_channel.h"
#include "sim_random.h"

namespace vigil::sim {

enum class SessionTalk { kShell, kSsh };

struct LongSessionSetup {
  size_t host = 0;
  IpAddr server;
  uint16_t port = 4444;
  std::string service;   // conn.log's service: "" for a raw shell, "ssh"
  std::string dns_name;  // looked up before each session when set
  SessionTalk talk = SessionTalk::kShell;
  double max_pause_s = 240;  // shells: the operator's longest pause between commands
  // A single session at first_ns of length_s seconds, or (daily) one on the first working day and then
  // on each with chance day_chance, starting in working hours, length_min_s..length_max_s, ending by 18:00.
  bool daily = false;
  int64_t first_ns = 0;
  double length_s = 0;
  double day_chance = 0.7;
  double length_min_s = 0, length_max_s = 0;
  int64_t start_ns = 0, end_ns = 0;
  int truth = -1;
  uint64_t seed = 0;
};

class LongSession : public SimChannel {
 public:
  explicit LongSession(LongSessionSetup setup);
  void fire(RecordMaker& out) override;

 private:
  // The next working day's session at or after `from`, with its length in length_s_; or kNever.
  int64_t next_working_session(int64_t from);

  LongSessionSetup s_;
  SimRng rng_;
  double length_s_ = 0;
  size_t sessions_ = 0;
};

}  // namespace vigil::sim
