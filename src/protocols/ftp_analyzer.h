// FtpAnalyzer: the control connection of an FTP session, as Zeek's FTP analyzer and ftp.log see it
// (base/protocols/ftp/main.zeek): the client's commands paired with the server's replies, oldest
// unanswered command first; the user, and the password hidden unless the user is a guest id; the
// working directory, so that a file command's argument becomes the URL ftp://server/path; and the data
// connections PASV, EPSV, PORT and EPRT announce. Rows are kept for Zeek's logged commands (APPE, DELE,
// RETR, STOR, STOU, ACCT, PORT, PASV, EPRT, EPSV), each when its final (non-1xx) reply arrives or the
// connection ends. Stealers send what they take this way (AgentTesla's STOR of a credentials file).
//
// Input is attacker-written: lines are bounded (HttpLineReader), as are the user, password, argument and
// reply fields (Zeek's limits) and the commands waiting for a reply (Zeek's max_pending_commands). A gap
// ends the analysis of that direction: what follows cannot be lined up. A server line that is no reply
// (a violation, in Zeek's words) ends the analysis and withdraws the `ftp` service, as Zeek's DPD does.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/app_records.h"
#include "core/timestamp.h"
#include "protocols/http_line_reader.h"

namespace vigil {

// "h1,h2,h3,h4,p1,p2" (PORT's argument; a 227 reply's numbers): the address and port, if valid.
std::optional<std::pair<IpAddr, uint16_t>> parse_ftp_host_port(std::string_view text);
// EPRT's "|1|192.0.2.7|6275|" or "|2|2001:db8::1|6275|".
std::optional<std::pair<IpAddr, uint16_t>> parse_ftp_eprt(std::string_view arg);
// A 229 reply's "(|||6446|)": the port (the address is the control connection's server).
std::optional<uint16_t> parse_ftp_epsv(std::string_view reply);
// Zeek's rules, shared with the Suricata EVE reader: FTP::logged_commands (the commands ftp.log has rows
// for), the commands whose argument names a file, FTP::guest_ids (whose password is logged, any case).
bool ftp_logged_command(std::string_view command);
bool ftp_file_command(std::string_view command);
bool ftp_guest_user(std::string_view user);
// Zeek's build_path_compressed: `path` relative to `cwd`, with "." and ".." resolved.
std::string ftp_path(std::string_view cwd, std::string_view path);

class FtpAnalyzer {
 public:
  static constexpr size_t kMaxPending = 20;
  static constexpr size_t kMaxUser = 128, kMaxPassword = 128, kMaxArg = 4096, kMaxReply = 4096;
  static constexpr size_t kMaxCommand = 100;           // Zeek's FTP::max_command_length
  static constexpr uint64_t kViolationWindow = 10 * 1024;  // DPD::ignore_violations_after

  // `server`: the control connection's responder (file URLs, EPSV's address, PORT's connecting side).
  FtpAnalyzer(const IpAddr& client, const IpAddr& server) : client_(client), server_(server) {}
  FtpAnalyzer(const FtpAnalyzer&) = delete;
  FtpAnalyzer& operator=(const FtpAnalyzer&) = delete;

  void deliver(bool is_orig, Timestamp ts, std::span<const uint8_t> bytes);
  void gap(bool is_orig);
  void finish();  // the commands still waiting become rows with whatever reply they got
  std::vector<FtpRecord> take_records() { return std::exchange(records_, {}); }
  bool confirmed() const { return confirmed_; }
  // AUTH TLS (or SSL) was accepted (234): what follows is a TLS handshake (RFC 4217), no longer FTP.
  bool starts_tls() const { return starts_tls_; }
  // The data connections announced since the last call (PORT and EPRT when sent, PASV and EPSV when answered).
  std::vector<FtpDataChannel> take_announced() { return std::exchange(announced_, {}); }

 private:
  struct Pending {
    Timestamp ts;
    std::string command, arg;
    std::optional<uint16_t> reply_code;
    std::string reply_msg;
  };
  class Side;  // one direction's line consumer
  void command_line(std::string_view line);
  void reply_line(std::string_view line);
  void final_reply(Pending& p);
  void log(Pending& p);
  void violation();

  IpAddr client_, server_;
  Timestamp now_;
  HttpLineReader lines_[2];
  bool lost_[2] = {false, false};
  bool in_multiline_ = false;  // inside a "123-" reply until "123 "
  uint16_t multiline_code_ = 0;
  bool confirmed_ = false;
  bool starts_tls_ = false;
  uint64_t delivered_ = 0;
  std::deque<Pending> pending_;
  std::string user_ = "<unknown>";
  std::optional<std::string> password_;
  std::string cwd_ = ".";
  std::optional<FtpDataChannel> channel_;  // announced by the command being answered
  std::vector<FtpRecord> records_;
  std::vector<FtpDataChannel> announced_;
};

}  // namespace vigil
