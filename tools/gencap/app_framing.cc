// HTTP heads, TLS records and DNS-over-TCP messages, so dissectors parse these flows.
#include "app_framing.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "frame_builder.h"
#include "payload.h"
#include "prng.h"
#include "tls_framing.h"

namespace gencap {
namespace {

constexpr size_t kMaxHead = 1024;

void random_chars(Rng& rng, char* out, size_t n) {
  static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  for (size_t i = 0; i < n; ++i) out[i] = kChars[rng.below(36)];
}

// Builds a request head of exactly `len` bytes; returns false if it cannot.
bool http_request(Rng& rng, uint32_t len, char* out) {
  char host[32];
  const size_t host_name = 3 + rng.below(8);
  std::memcpy(host, "www.", 4);
  random_chars(rng, host + 4, host_name);
  std::memcpy(host + 4 + host_name, ".com", 5);
  const char* method = "GET";
  // Everything except the path and the optional cookie value.
  char fixed[256];
  const int fixed_len = std::snprintf(fixed, sizeof fixed,
                                      "%s / HTTP/1.1\r\nHost: %s\r\nUser-Agent: curl/8.4.0\r\n"
                                      "Accept: */*\r\n\r\n",
                                      method, host);
  if (fixed_len <= 0 || static_cast<uint32_t>(fixed_len) + 1 > len) return false;
  size_t room = len - static_cast<uint32_t>(fixed_len);  // path chars + cookie line
  constexpr size_t kCookieOverhead = 13;                  // "Cookie: id=" + CRLF
  size_t path = room;
  size_t cookie = 0;
  if (room > 60) {
    path = 8 + rng.below(33);
    cookie = room - path - kCookieOverhead;
  }
  const size_t method_len = std::strlen(method);
  size_t pos = 0;
  auto put = [&](const char* text, size_t n) {
    std::memcpy(out + pos, text, n);
    pos += n;
  };
  put(method, method_len);
  put(" /", 2);
  random_chars(rng, out + pos, path);
  pos += path;
  put(fixed + method_len + 2, static_cast<size_t>(fixed_len) - method_len - 2 - 2);  // up to the final CRLF
  if (room > 60) {
    put("Cookie: id=", 11);
    random_chars(rng, out + pos, cookie);
    pos += cookie;
    put("\r\n", 2);
  }
  put("\r\n", 2);
  return pos == len;
}

// Response head announcing a body that fills the rest of `len`.
size_t http_response_head(uint32_t len, char* out) {
  // The head's length depends on how many digits the body length has.
  for (uint32_t digits = 1; digits <= 10; ++digits) {
    const int head = std::snprintf(out, kMaxHead,
                                   "HTTP/1.1 200 OK\r\nServer: nginx\r\n"
                                   "Content-Type: application/octet-stream\r\n"
                                   "Content-Length: %0*u\r\n\r\n",
                                   static_cast<int>(digits), 0u);
    if (head <= 0 || static_cast<uint32_t>(head) > len) return 0;
    const uint32_t body = len - static_cast<uint32_t>(head);
    char digits_text[16];
    if (static_cast<uint32_t>(std::snprintf(digits_text, sizeof digits_text, "%u", body)) == digits) {
      return static_cast<size_t>(std::snprintf(out, kMaxHead,
                                               "HTTP/1.1 200 OK\r\nServer: nginx\r\n"
                                               "Content-Type: application/octet-stream\r\n"
                                               "Content-Length: %u\r\n\r\n",
                                               body));
    }
  }
  return 0;
}

// Copies the part of `head` (message bytes [0, head_len)) that falls in this
// segment (message bytes [off, off + len)).
void overlay(uint8_t* payload, uint32_t off, uint32_t len, const char* head, size_t head_len) {
  if (off >= head_len) return;
  const size_t n = std::min<size_t>(head_len - off, len);
  std::memcpy(payload, head + off, n);
}

}  // namespace

void apply_app_framing(uint8_t* payload, const Flow& f, const Step& s) {
  const TcpState& t = f.tcp;
  if (s.len == 0) return;
  const int side = s.from_server ? 1 : 0;
  const uint32_t off = s.seq - t.msg_start[side];  // wraps correctly past 2^32
  const uint32_t msg_len = t.msg_len[side];
  if (off >= msg_len) return;
  if (t.profile == TcpProfile::kDns) {
    // DNS over TCP: 2-byte length, then the whole message, rebuilt for each
    // segment (answers are a few KB at most).
    uint8_t message[2 + 8192];
    if (msg_len > sizeof message) return;
    put_be16(message, static_cast<uint16_t>(msg_len - 2));
    write_dns(message + 2, f.dns, s.from_server);
    overlay(payload, off, s.len, reinterpret_cast<const char*>(message), msg_len);
    return;
  }
  if (t.profile != TcpProfile::kWeb) return;
  if (f.tls.active) {
    apply_tls_framing(payload, f.tls, s.from_server, t.msg_index[side], off, s.len, msg_len);
    return;
  }
  char head[kMaxHead];
  size_t head_len = 0;
  if (s.from_server) {
    head_len = http_response_head(msg_len, head);
  } else if (msg_len <= kMaxHead && off == 0) {
    // Requests fit in one segment, so only the first segment needs the head.
    Rng rng(mix64(f.payload_salt ^ (uint64_t{t.msg_index[0]} << 32)));
    if (http_request(rng, msg_len, head)) head_len = msg_len;
  }
  overlay(payload, off, s.len, head, head_len);
}

}  // namespace gencap
