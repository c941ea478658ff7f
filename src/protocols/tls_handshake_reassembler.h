// TlsHandshakeReassembler: joins the handshake messages of one direction (RFC 5246 7.4: a 1-byte type, a
// 3-byte length, the body) across record boundaries. A message may span many records and a record may
// hold many messages. At most one incomplete message is buffered, and a message longer than the cap is
// refused (the caller treats that as a protocol violation), so memory stays bounded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace vigil {

class TlsHandshakeReassembler {
 public:
  static constexpr size_t kHeaderSize = 4;
  explicit TlsHandshakeReassembler(size_t max_body) : max_body_(max_body) {}

  enum class Result { kOk, kTooLarge, kStopped };

  // Appends the body of a handshake record. `on_message(type, body)` is called for each complete message
  // and returns false to stop (then kStopped). kTooLarge when a message announces more than the cap.
  template <typename OnMessage>
  Result feed(std::span<const uint8_t> bytes, OnMessage&& on_message);

 private:
  static size_t body_length(std::span<const uint8_t> header) {
    return static_cast<size_t>(header[1]) << 16 | static_cast<size_t>(header[2]) << 8 | header[3];
  }

  size_t max_body_;
  std::vector<uint8_t> partial_;  // an incomplete message: its header and what arrived of its body
};

template <typename OnMessage>
TlsHandshakeReassembler::Result TlsHandshakeReassembler::feed(std::span<const uint8_t> bytes, OnMessage&& on_message) {
  while (!bytes.empty()) {
    // Whole messages straight from the input while nothing is pending (the usual case: no copy).
    if (partial_.empty() && bytes.size() >= kHeaderSize) {
      size_t len = body_length(bytes);
      if (len > max_body_) return Result::kTooLarge;
      if (bytes.size() >= kHeaderSize + len) {
        if (!on_message(bytes[0], bytes.subspan(kHeaderSize, len))) return Result::kStopped;
        bytes = bytes.subspan(kHeaderSize + len);
        continue;
      }
    }
    // Otherwise gather the pending message: first its header, then its body.
    size_t want = partial_.size() < kHeaderSize ? kHeaderSize - partial_.size()
                                                : kHeaderSize + body_length(partial_) - partial_.size();
    size_t n = want < bytes.size() ? want : bytes.size();
    partial_.insert(partial_.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
    bytes = bytes.subspan(n);
    if (partial_.size() < kHeaderSize) continue;
    size_t len = body_length(partial_);
    if (len > max_body_) return Result::kTooLarge;
    if (partial_.size() < kHeaderSize + len) continue;
    std::vector<uint8_t> message = std::move(partial_);
    partial_.clear();
    if (!on_message(message[0], std::span<const uint8_t>(message).subspan(kHeaderSize))) return Result::kStopped;
  }
  return Result::kOk;
}

}  // namespace vigil
