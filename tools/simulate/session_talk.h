// What an interactive session carries, message by message: an operator's reverse shell (a banner, then
// commands from the listener and the victim's output) or an admin's SSH session (banners, key exchange,
// then keystrokes echoed one by one and command output). Pauses stay under Zeek's 5-minute TCP
// inactivity timeout, which would otherwise split the session into several conn.log rows.
#pragma once

#include <vector>

#include "conn_layout.h"
#include "sim_random.h"

namespace vigil::sim {

// A shell for about `length_s` seconds: the victim (client) connected out to the operator's listener
// (server), so commands come from the server and output from the client. Pauses between commands are
// up to `max_pause_s`.
std::vector<Message> shell_talk(SimRng& rng, double length_s, double max_pause_s);

// An SSH session for about `length_s` seconds.
std::vector<Message> ssh_talk(SimRng& rng, double length_s);

}  // namespace vigil::sim
