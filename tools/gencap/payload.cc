// Payload contents: cheap but plausible enough that dissectors parse DNS, NTP, syslog and ping.
#include "payload.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <vector>

#include "frame_builder.h"
#include "prng.h"

namespace gencap {
namespace {

constexpr size_t kFillerSize = 1 << 20;
constexpr size_t kTextSize = 1 << 16;
constexpr uint64_t kNtpEpochOffset = 2'208'988'800;  // 1900-01-01 to 1970-01-01

// Filler and text are built from a fixed seed: they are content, not part
// of the traffic model, and must be the same for every run.
struct Buffers {
  std::vector<uint8_t> random;  // kFillerSize + kMaxFrame so any window fits
  std::vector<char> text;       // lowercase words and spaces
  std::vector<char> label;      // [a-z0-9] for DNS names
  Buffers() : random(kFillerSize + kMaxFrame), text(kTextSize + kMaxFrame), label(kTextSize + 64) {
    Rng rng(0x67656e636170ULL);
    for (size_t i = 0; i < random.size(); i += 8) {
      const uint64_t word = rng.next();
      for (size_t b = 0; b < 8 && i + b < random.size(); ++b) {
        random[i + b] = static_cast<uint8_t>(word >> (8 * b));
      }
    }
    for (size_t i = 0; i < text.size();) {
      const size_t word = 2 + rng.below(9);
      for (size_t k = 0; k < word && i < text.size(); ++k) {
        text[i++] = static_cast<char>('a' + rng.below(26));
      }
      if (i < text.size()) text[i++] = ' ';
    }
    constexpr char kAlnum[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    for (auto& c : label) c = kAlnum[rng.below(26 + (rng.chance(150'000) ? 10 : 0))];
  }
};

const Buffers& buffers() {
  static const Buffers instance;
  return instance;
}

constexpr const char* kTlds[] = {"com", "net", "org", "biz"};

// Writes the question name as labels; `wire_len` counts the length bytes and
// characters but not the terminating zero. Deterministic in name_seed so the
// response repeats the query's name exactly.
size_t write_qname(uint8_t* out, const DnsState& dns) {
  const char* chars = buffers().label.data() + dns.name_seed % kTextSize;
  Rng rng(dns.name_seed);
  size_t pos = 0;
  size_t left = dns.name_len - 4u;  // the last label is a 3-letter TLD
  while (left > 0) {
    const size_t k = left - 1 <= 14 ? left - 1 : static_cast<size_t>(rng.range(3, 12));
    out[pos++] = static_cast<uint8_t>(k);
    std::memcpy(out + pos, chars, k);
    chars += k;
    pos += k;
    left -= k + 1;
  }
  out[pos++] = 3;
  std::memcpy(out + pos, kTlds[dns.name_seed % 4], 3);
  pos += 3;
  out[pos++] = 0;
  return pos;
}

void put_ntp_time(uint8_t* out, WallTime t) {
  put_be32(out, static_cast<uint32_t>(t.sec + kNtpEpochOffset));
  // usec * 2^32 / 1e6, in integers.
  put_be32(out + 4, static_cast<uint32_t>((static_cast<uint64_t>(t.usec) << 32) / 1'000'000));
}

}  // namespace

const uint8_t* filler(uint64_t offset) { return buffers().random.data() + offset % kFillerSize; }

uint16_t dns_query_len(const DnsState& dns) {
  return static_cast<uint16_t>(12 + dns.name_len + 1 + 4);
}

uint16_t dns_response_len(const DnsState& dns) {
  const unsigned rdata = dns.qtype == 28 ? 16 : 4;
  return static_cast<uint16_t>(dns_query_len(dns) + dns.answers * (12 + rdata));
}

uint16_t icmp_echo_len(const Flow& flow) {
  // Linux ping sends 56 bytes; Windows sends 32 (only over IPv4 here).
  return !flow.ipv6 && flow.payload_salt % 10 < 3 ? 32 : 56;
}

void write_dns(uint8_t* out, const DnsState& dns, bool response) {
  put_be16(out, dns.txid);
  uint16_t flags = 0x0100;  // standard query, recursion desired
  if (response) flags = dns.nxdomain ? 0x8183 : 0x8180;
  put_be16(out + 2, flags);
  put_be16(out + 4, 1);
  put_be16(out + 6, response ? dns.answers : 0);
  put_be16(out + 8, 0);
  put_be16(out + 10, 0);
  size_t pos = 12 + write_qname(out + 12, dns);
  put_be16(out + pos, dns.qtype);
  put_be16(out + pos + 2, 1);  // class IN
  pos += 4;
  if (!response) return;
  Rng rng(dns.name_seed ^ 0xa5a5a5a5ULL);
  const uint32_t ttl = static_cast<uint32_t>(rng.log_uniform(30, 86400));
  for (unsigned i = 0; i < dns.answers; ++i) {
    put_be16(out + pos, 0xc00c);  // name: pointer to the question
    put_be16(out + pos + 2, dns.qtype);
    put_be16(out + pos + 4, 1);
    put_be32(out + pos + 6, ttl);
    const uint16_t rdlen = dns.qtype == 28 ? 16 : 4;
    put_be16(out + pos + 10, rdlen);
    pos += 12;
    const uint64_t a = rng.next();
    const uint64_t b = rng.next();
    for (unsigned k = 0; k < rdlen; ++k) {
      out[pos + k] = static_cast<uint8_t>((k < 8 ? a : b) >> (8 * (k % 8)));
    }
    if (rdlen == 4 && (out[pos] == 0 || out[pos] >= 224 || out[pos] == 10 || out[pos] == 127)) {
      out[pos] = 104;  // keep answers in ordinary unicast space
    }
    if (rdlen == 16) {
      out[pos] = 0x2a;
      out[pos + 1] = 0x02;
    }
    pos += rdlen;
  }
}

void write_ntp(uint8_t* out, bool response, WallTime now, uint64_t salt) {
  std::memset(out, 0, kNtpLen);
  out[0] = response ? 0x24 : 0x23;  // LI 0, version 4, mode server(4)/client(3)
  if (response) {
    out[1] = 2;     // stratum
    out[2] = 6;     // poll
    out[3] = 0xe9;  // precision 2^-23
    put_be32(out + 4, static_cast<uint32_t>(salt & 0x3fff));         // root delay
    put_be32(out + 8, static_cast<uint32_t>((salt >> 16) & 0x3fff));  // root dispersion
    put_be32(out + 12, static_cast<uint32_t>(salt >> 32));            // reference id
    put_ntp_time(out + 16, WallTime{now.sec - 64, now.usec});         // reference
    put_ntp_time(out + 32, now);                                      // receive
  }
  put_ntp_time(out + 40, now);  // transmit
}

void write_syslog(uint8_t* out, size_t len, const Flow& flow, uint32_t index, WallTime now) {
  using namespace std::chrono;
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  static constexpr const char* kApps[] = {"sshd", "kernel", "systemd", "sudo", "cron", "nginx"};
  const sys_seconds tp{seconds{static_cast<int64_t>(now.sec)}};
  const auto day = floor<days>(tp);
  const year_month_day ymd{day};
  const hh_mm_ss hms{tp - day};
  char head[96];
  const int n = std::snprintf(
      head, sizeof head, "<%u>%s %2u %02d:%02d:%02d host-%u %s[%u]: ",
      static_cast<unsigned>(8 * 4 + (flow.payload_salt + index) % 8),  // facility auth
      kMonths[static_cast<unsigned>(ymd.month()) - 1], static_cast<unsigned>(ymd.day()),
      static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
      static_cast<int>(hms.seconds().count()), flow.client_host,
      kApps[flow.payload_salt % 6], 1000 + flow.payload_salt % 30000);
  const size_t head_len = n > 0 ? std::min(static_cast<size_t>(n), len) : 0;
  std::memcpy(out, head, head_len);
  const char* text = buffers().text.data() + (flow.payload_salt * 131ULL + index * 977ULL) % kTextSize;
  std::memcpy(out + head_len, text, len - head_len);
}

void write_icmp_echo_body(uint8_t* out, size_t len, WallTime sent) {
  if (len == 32) {
    std::memcpy(out, "abcdefghijklmnopqrstuvwabcdefghi", 32);  // Windows ping
    return;
  }
  // Linux ping: struct timeval (little-endian on x86) then 0x10, 0x11, ...
  for (int i = 0; i < 8; ++i) out[i] = static_cast<uint8_t>(sent.sec >> (8 * i));
  for (int i = 0; i < 8; ++i) out[8 + i] = static_cast<uint8_t>(static_cast<uint64_t>(sent.usec) >> (8 * i));
  for (size_t i = 16; i < len; ++i) out[i] = static_cast<uint8_t>(i);
}

}  // namespace gencap
