// Interactive sessions: shell commands and output, SSH keystrokes and echoes.
#include "session_talk.h"

#include <algorithm>
#include <string>

namespace vigil::sim {
namespace {

constexpr double kMinPauseS = 2;
constexpr double kSshMaxPauseS = 240;  // an admin reading output; under the 300 s inactivity timeout
constexpr uint32_t kSshKeystroke = 36;  // one encrypted keystroke (chacha20-poly1305 packet)

const std::string kWindowsBanner =
    "Microsoft Windows [Version 10.0.19045.3803]\r\n(c) Microsoft Corporation. All rights reserved.\r\n\r\n"
    "C:\\Windows\\system32>";
const std::string kServerSsh = "SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.6\r\n";
const std::string kClientSsh = "SSH-2.0-OpenSSH_for_Windows_9.5\r\n";

Message message(bool from_server, uint32_t len, double think_s, std::string head = {}) {
  len = std::max<uint32_t>(len, static_cast<uint32_t>(head.size()));
  return Message{from_server, len, to_ns(think_s), std::move(head)};
}

// Command output: mostly a screenful, now and then a long listing.
uint32_t output_len(SimRng& rng) {
  return static_cast<uint32_t>(std::min(60'000.0, 40 + 400 / (1 - rng.uniform()) * rng.uniform()));
}

}  // namespace

std::vector<Message> shell_talk(SimRng& rng, double length_s, double max_pause_s) {
  std::vector<Message> out;
  out.push_back(message(false, static_cast<uint32_t>(kWindowsBanner.size()), 0, kWindowsBanner));
  for (double t = 0; t < length_s;) {
    double pause = rng.uniform(kMinPauseS, max_pause_s);
    out.push_back(message(true, 4 + static_cast<uint32_t>(rng.below(60)), pause));  // the operator's command
    double runs = rng.uniform(0.02, 1.5);
    out.push_back(message(false, output_len(rng), runs));  // its output and the next prompt
    t += pause + runs;
  }
  return out;
}

std::vector<Message> ssh_talk(SimRng& rng, double length_s) {
  std::vector<Message> out;
  // Banners, key exchange, user authentication, a channel with a pty and a shell.
  out.push_back(message(true, static_cast<uint32_t>(kServerSsh.size()), 0, kServerSsh));
  out.push_back(message(false, static_cast<uint32_t>(kClientSsh.size()), 0.001, kClientSsh));
  out.push_back(message(false, 1'392, 0));
  out.push_back(message(true, 1'080, 0));
  out.push_back(message(false, 48, 0.001));
  out.push_back(message(true, 564, 0.002));
  out.push_back(message(false, 60, 0.001));
  out.push_back(message(true, 52, 0));
  out.push_back(message(false, 388, rng.uniform(1, 8)));  // the admin types a password or the key agent signs
  out.push_back(message(true, 36, 0.05));
  out.push_back(message(false, 212, 0.001));
  out.push_back(message(true, 700, 0.01));  // the motd and the first prompt
  for (double t = 0; t < length_s;) {
    double pause = rng.uniform(kMinPauseS, kSshMaxPauseS);
    int keys = 3 + static_cast<int>(rng.below(25));
    for (int k = 0; k < keys; ++k) {
      double gap = k == 0 ? pause : rng.uniform(0.08, 0.35);
      out.push_back(message(false, kSshKeystroke, gap));
      out.push_back(message(true, kSshKeystroke, 0));  // the echo
      t += gap;
    }
    double runs = rng.uniform(0.01, 1.0);
    out.push_back(message(true, output_len(rng), runs));
    t += runs;
  }
  out.push_back(message(false, 52, rng.uniform(1, 5)));  // "exit": channel EOF and close
  out.push_back(message(true, 116, 0));
  return out;
}

}  // namespace vigil::sim
