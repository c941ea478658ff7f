// The bytes of the small messages the simulator writes whole: DNS queries and answers, NTP packets and
// HTTP heads. Their lengths feed conn.log's byte counts, so capture and logs agree.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/ip_addr.h"

namespace vigil::sim {

inline constexpr uint16_t kDnsA = 1, kDnsCname = 5, kDnsNull = 10, kDnsTxt = 16;

// A standard query (RD set, no EDNS), for an A record unless `qtype` says otherwise.
std::string dns_query(uint16_t txid, std::string_view name, uint16_t qtype = kDnsA);
// Its answer: the question again and one A record per address, names compressed to the question.
std::string dns_response(uint16_t txid, std::string_view name, std::span<const IpAddr> answers, uint32_t ttl_s);
// An answer of any type: one record per rdata (already in wire form, see dns_rdata_*), or none with an
// rcode such as NXDOMAIN (3).
std::string dns_response(uint16_t txid, std::string_view name, uint16_t qtype, uint16_t rcode,
                         std::span<const std::string> rdatas, uint32_t ttl_s);
inline uint32_t dns_query_len(std::string_view name) { return static_cast<uint32_t>(12 + name.size() + 2 + 4); }
inline uint32_t dns_response_len(std::string_view name, size_t answers) {
  return dns_query_len(name) + static_cast<uint32_t>(16 * answers);
}
// Each answer record: the compressed owner name (2), type, class, TTL, rdata length (10), the rdata.
uint32_t dns_response_len(std::string_view name, std::span<const std::string> rdatas);

// Wire rdata: an address (A); a name, uncompressed (CNAME); text as character-strings of at most 255
// bytes (TXT); NULL records carry their bytes as they are.
std::string dns_rdata_a(const IpAddr& a);
std::string dns_rdata_name(std::string_view name);
std::string dns_rdata_txt(std::string_view text);

// An NTPv4 client request (mode 3) or server reply (mode 4), 48 bytes.
inline constexpr uint32_t kNtpLen = 48;
std::string ntp_packet(bool from_server, int64_t ts_ns);

std::string http_request_head(std::string_view method, std::string_view uri, std::string_view host,
                              std::string_view user_agent, uint32_t body_len);
std::string http_response_head(std::string_view content_type, uint32_t body_len);

}  // namespace vigil::sim
