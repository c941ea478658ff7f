// DNS, NTP and HTTP message bytes.
#include "wire_messages.h"

#include <algorithm>
#include <vector>

namespace vigil::sim {
namespace {

void be16(std::string& out, uint32_t v) {
  out.push_back(static_cast<char>((v >> 8) & 0xff));
  out.push_back(static_cast<char>(v & 0xff));
}

void be32(std::string& out, uint32_t v) {
  be16(out, v >> 16);
  be16(out, v & 0xffff);
}

void labels(std::string& out, std::string_view name) {
  size_t start = 0;
  while (start <= name.size()) {
    size_t dot = name.find('.', start);
    if (dot == std::string_view::npos) dot = name.size();
    out.push_back(static_cast<char>(dot - start));
    out.append(name.substr(start, dot - start));
    start = dot + 1;
  }
  out.push_back('\0');
}

void question(std::string& out, std::string_view name, uint16_t qtype) {
  labels(out, name);
  be16(out, qtype);
  be16(out, 1);  // IN
}

std::string dns_message(uint16_t txid, std::string_view name, uint16_t qtype, uint16_t flags, size_t answers) {
  std::string out;
  be16(out, txid);
  be16(out, flags);
  be16(out, 1);
  be16(out, static_cast<uint32_t>(answers));
  be16(out, 0);
  be16(out, 0);
  question(out, name, qtype);
  return out;
}

constexpr uint32_t kAnswerFixedLen = 2 + 2 + 2 + 4 + 2;  // compressed name, type, class, TTL, rdata length

}  // namespace

std::string dns_query(uint16_t txid, std::string_view name, uint16_t qtype) {
  return dns_message(txid, name, qtype, 0x0100, 0);
}

std::string dns_response(uint16_t txid, std::string_view name, std::span<const IpAddr> answers, uint32_t ttl_s) {
  std::vector<std::string> rdatas;
  for (const IpAddr& a : answers) rdatas.push_back(dns_rdata_a(a));
  return dns_response(txid, name, kDnsA, 0, rdatas, ttl_s);
}

std::string dns_response(uint16_t txid, std::string_view name, uint16_t qtype, uint16_t rcode,
                         std::span<const std::string> rdatas, uint32_t ttl_s) {
  std::string out = dns_message(txid, name, qtype, static_cast<uint16_t>(0x8180 | (rcode & 0xf)), rdatas.size());
  for (const std::string& rdata : rdatas) {
    be16(out, 0xc00c);  // the name at offset 12, the question's
    be16(out, qtype);
    be16(out, 1);
    be32(out, ttl_s);
    be16(out, static_cast<uint32_t>(rdata.size()));
    out += rdata;
  }
  return out;
}

uint32_t dns_response_len(std::string_view name, std::span<const std::string> rdatas) {
  uint32_t len = dns_query_len(name);
  for (const std::string& rdata : rdatas) len += kAnswerFixedLen + static_cast<uint32_t>(rdata.size());
  return len;
}

std::string dns_rdata_a(const IpAddr& a) {
  std::string out;
  be32(out, a.v4_host_order());
  return out;
}

std::string dns_rdata_name(std::string_view name) {
  std::string out;
  labels(out, name);
  return out;
}

std::string dns_rdata_txt(std::string_view text) {
  std::string out;
  for (size_t at = 0; at < text.size() || out.empty(); at += 255) {
    std::string_view piece = text.substr(std::min(at, text.size()), 255);
    out.push_back(static_cast<char>(piece.size()));
    out.append(piece);
  }
  return out;
}

std::string ntp_packet(bool from_server, int64_t ts_ns) {
  std::string out(kNtpLen, '\0');
  out[0] = static_cast<char>(from_server ? 0x24 : 0x23);  // LI 0, version 4, mode 4 or 3
  out[1] = static_cast<char>(from_server ? 2 : 0);        // stratum
  out[2] = 6;                                             // poll exponent
  out[3] = static_cast<char>(0xe9);                       // precision
  // Transmit timestamp: seconds since 1900 at bytes 40..43.
  auto secs = static_cast<uint32_t>(ts_ns / 1'000'000'000 + 2'208'988'800LL);
  std::string t;
  be32(t, secs);
  out.replace(40, 4, t);
  return out;
}

std::string http_request_head(std::string_view method, std::string_view uri, std::string_view host,
                              std::string_view user_agent, uint32_t body_len) {
  std::string out;
  out.append(method).append(" ").append(uri).append(" HTTP/1.1\r\nHost: ").append(host);
  out.append("\r\nUser-Agent: ").append(user_agent).append("\r\nAccept: */*\r\n");
  if (body_len > 0) out.append("Content-Length: ").append(std::to_string(body_len)).append("\r\n");
  out.append("\r\n");
  return out;
}

std::string http_response_head(std::string_view content_type, uint32_t body_len) {
  std::string out = "HTTP/1.1 200 OK\r\nContent-Type: ";
  out.append(content_type).append("\r\nContent-Length: ").append(std::to_string(body_len)).append("\r\n\r\n");
  return out;
}

}  // namespace vigil::sim
