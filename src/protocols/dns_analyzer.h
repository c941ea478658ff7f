// DnsAnalyzer: the DNS messages of one connection paired into dns.log rows, as Zeek's DNS scripts pair them.
//
// Zeek (base/protocols/dns/main.zeek) pairs a reply with the oldest unanswered query of the same
// transaction id and logs the pair when the reply arrives; a query never answered and a reply whose
// query was not seen are logged when the connection ends. Fields come from where Zeek takes them: RD, TC,
// Z, qtype, qclass and query from the query; rcode from the reply; AA and RA from a reply that carries
// answers; rtt is the time between them (unset when zero). Over TCP, messages are length-prefixed and
// several may share a segment or span several. Messages are attacker-written: a malformed one counts
// for what parsed before the error (its header at least), as with Zeek's analyzer.
#pragma once

#include <cstdint>
#include <deque>
#include <span>
#include <utility>
#include <vector>

#include "core/app_records.h"
#include "core/timestamp.h"
#include "protocols/dns_message.h"

namespace vigil {

class DnsAnalyzer {
 public:
  // Zeek gives up pairing beyond these (DNS::max_pending_msgs, max_pending_query_ids): unmatched messages
  // are logged as they are, which also bounds the memory one connection can hold.
  static constexpr size_t kMaxPendingPerId = 50;
  static constexpr size_t kMaxPendingIds = 50;

  // `proto` is the connection's transport (dns.log's proto); `netbios`: the responder port is 137, whose
  // names Zeek decodes from NetBIOS's first-level encoding.
  DnsAnalyzer(TransportProto proto, bool netbios) : proto_(proto), netbios_(netbios) {}

  // One whole DNS message (a UDP payload, or one message of a TCP stream) seen at `ts`.
  void message(Timestamp ts, std::span<const uint8_t> bytes);
  // DNS over TCP: the next bytes of one direction, each message behind a two-byte length.
  void stream_data(bool is_orig, Timestamp ts, std::span<const uint8_t> bytes);
  // Bytes of a TCP direction were lost: the framing of that direction cannot be trusted any more.
  void stream_gap(bool is_orig);
  // The connection ended: unmatched queries and replies become rows.
  void finish();

  bool confirmed() const { return confirmed_; }  // a message parsed: Zeek's service "dns"
  std::vector<DnsRecord> take_records() { return std::exchange(out_, {}); }

 private:
  struct Pending {
    uint16_t id;
    DnsRecord rec;
  };
  struct TcpFramer {
    std::vector<uint8_t> buf;  // at most one message: 2 + 65535 bytes
    bool broken = false;
  };
  DnsRecord& session_for(Timestamp ts, const DnsMessage& m, bool is_query);
  void apply_query(DnsRecord& r, const DnsMessage& m) const;
  void apply_reply(DnsRecord& r, const DnsMessage& m, Timestamp ts, bool parsed_all) const;
  static void enqueue(std::deque<Pending>& q, Pending p, std::vector<DnsRecord>& out);
  static bool take(std::deque<Pending>& q, uint16_t id, DnsRecord& rec);

  TransportProto proto_;
  bool netbios_;
  bool confirmed_ = false;
  std::deque<Pending> queries_;  // unanswered, oldest first
  std::deque<Pending> replies_;  // unrequested, oldest first
  TcpFramer framer_[2];
  std::vector<DnsRecord> out_;
};

// NetBIOS first-level decoding (RFC 1001 14.1): 32 letters 'A'..'P' -> 16 bytes, trailing spaces and NULs
// dropped. Names that are not so encoded come back unchanged.
std::string decode_netbios_name(std::string_view name);

}  // namespace vigil
