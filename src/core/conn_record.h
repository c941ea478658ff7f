// ConnRecord: one connection, with the fields and meaning of Zeek's conn.log.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ip_addr.h"
#include "core/timestamp.h"

namespace vigil {

enum class TransportProto : uint8_t { kTcp, kUdp, kIcmp, kUnknown };

// Zeek's conn_state values; the meaning of each is in docs/conn-log.md.
enum class ConnState : uint8_t { kS0, kS1, kSF, kREJ, kS2, kS3, kRSTO, kRSTR, kRSTOS0, kRSTRH, kSH, kSHR, kOTH };

std::string_view to_string(TransportProto p);  // "tcp", "udp", "icmp", "unknown_transport"
std::string_view to_string(ConnState s);       // "S0", "SF", ...

struct ConnRecord {
  Timestamp ts;      // first packet
  std::string uid;   // "C" + 17 base62 characters, unique within a run
  IpAddr orig_h;
  uint16_t orig_p = 0;  // for ICMP: the message type
  IpAddr resp_h;
  uint16_t resp_p = 0;  // for ICMP: the counterpart type or code, as Zeek maps it
  TransportProto proto = TransportProto::kUnknown;
  uint8_t ip_proto = 0;
  std::string service;  // empty = unset; comma-separated when several
  // Zeek leaves duration and both byte counts unset when the connection lasted 0 s.
  std::optional<Duration> duration;
  std::optional<uint64_t> orig_bytes;
  std::optional<uint64_t> resp_bytes;
  ConnState conn_state = ConnState::kOTH;
  std::optional<bool> local_orig;  // unset when no internal networks are configured
  std::optional<bool> local_resp;
  uint64_t missed_bytes = 0;
  std::string history;
  uint64_t orig_pkts = 0;
  uint64_t orig_ip_bytes = 0;
  uint64_t resp_pkts = 0;
  uint64_t resp_ip_bytes = 0;
  std::vector<std::string> tunnel_parents;  // uids of the tunnels this connection was carried in
  // Captures only (no log has it): when the client's messages started, in ns, each after at least
  // kMessageGapNs of client silence, at most kMaxClientMessages. An implant that keeps one socket open
  // (AsyncRAT, STRRAT, an HTTP keep-alive beacon) checks in with these, not with new connections.
  std::vector<int64_t> client_messages;
  static constexpr int64_t kMessageGapNs = 1'000'000'000;
  static constexpr size_t kMaxClientMessages = 4096;
};

}  // namespace vigil
