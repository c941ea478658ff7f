// The bytes of the small messages the simulator writes whole: DNS queries and answers, NTP packets and
// HTTP heads. Their lengths feed conn.log's byte counts, so capture and logs agree.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/ip_addr.h"

namespace vigil::sim {

// A standard query for an A record (RD set, no EDNS).
std::string dns_query(uint16_t txid, std::string_view name);
// Its answer: the question again and one A record per address, names compressed to the question.
std::string dns_response(uint16_t txid, std::string_view name, std::span<const IpAddr> answers, uint32_t ttl_s);
inline uint32_t dns_query_len(std::string_view name) { return static_cast<uint32_t>(12 + name.size() + 2 + 4); }
inline uint32_t dns_response_len(std::string_view name, size_t answers) {
  return dns_query_len(name) + static_cast<uint32_t>(16 * answers);
}

// An NTPv4 client request (mode 3) or server reply (mode 4), 48 bytes.
inline constexpr uint32_t kNtpLen = 48;
std::string ntp_packet(bool from_server, int64_t ts_ns);

std::string http_request_head(std::string_view method, std::string_view uri, std::string_view host,
                              std::string_view user_agent, uint32_t body_len);
std::string http_response_head(std::string_view content_type, uint32_t body_len);

}  // namespace vigil::sim
