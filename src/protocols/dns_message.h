// DnsMessage: one DNS message (RFC 1035) parsed from attacker-controlled bytes, with the fields Zeek's
// dns.log shows. Names are followed through compression pointers with loop and length bounds; every
// length is checked against the message before it is used; a malformed message is an error, never a
// read out of bounds. Answers are rendered as Zeek renders them in `answers` (A/AAAA as addresses,
// names for CNAME/PTR/NS/MX/SRV folded to lower case, "TXT <len> <text>" for TXT, "RRSIG <type> <signer>",
// ...; types Zeek parses but does not log, such as OPT, TKEY and HTTPS, have empty text).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vigil {

struct DnsQuestion {
  std::string name;  // labels joined by '.', bytes as they came (no case folding)
  uint16_t qtype = 0;
  uint16_t qclass = 0;
};

struct DnsAnswer {
  std::string name;
  uint16_t type = 0;
  uint16_t rclass = 0;
  uint32_t ttl = 0;
  std::string text;  // the rdata as Zeek's answers field shows it
};

struct DnsMessage {
  uint16_t id = 0;
  bool qr = false, AA = false, TC = false, RD = false, RA = false;
  uint8_t opcode = 0;
  uint8_t Z = 0;  // the three reserved bits (Zeek's Z)
  uint8_t rcode = 0;
  uint16_t qdcount = 0;  // the header's question count (questions holds those that parsed)
  std::vector<DnsQuestion> questions;
  std::vector<DnsAnswer> answers;  // the answer section only (Zeek's answers/TTLs)
};

enum class DnsParseError { kNone, kTruncated, kBadName, kTooManyRecords };
std::string_view to_string(DnsParseError e);

// Parses `msg` into `out`. Sections beyond the answers are not read. On an error `out` holds what was
// read before it (the header at least, when the message has 12 bytes).
DnsParseError parse_dns_message(std::span<const uint8_t> msg, DnsMessage& out);

// Zeek logs names folded to lower case (ASCII letters only; other bytes as they came).
std::string dns_fold_case(std::string name);

// Reads the (possibly compressed) name at `at`; `next` is set to the offset after it in the message.
// Bounds: 255 bytes of name (RFC 1035), labels of at most 63 bytes, at most 128 pointer jumps, every
// pointer must point to an earlier offset than the one it was read at (so no loops).
DnsParseError read_dns_name(std::span<const uint8_t> msg, size_t at, std::string& name, size_t& next);

}  // namespace vigil
