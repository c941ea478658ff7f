// TlsRecordFramer: splits one direction of a TLS stream into records (RFC 5246 6.2.1: a 5-byte header,
// then `length` bytes), whatever the segment boundaries, holding at most one record body.
//
// The header is interpreted by the caller (TLS and SSLv2 headers differ, and whether a record is worth
// keeping depends on the connection's state); it answers with the body length and whether to keep the
// body. A kept body (at most 65535 bytes) is handed over whole once complete; a skipped one (ciphertext)
// is only counted. Either way the record is reported only once all its bytes arrived, as Zeek reports a
// record only when its parser has the whole of it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace vigil {

class TlsRecordFramer {
 public:
  static constexpr size_t kHeaderSize = 5;
  using Header = std::array<uint8_t, kHeaderSize>;

  struct Framing {
    size_t body_length = 0;
    bool keep_body = true;
  };

  class Handler {
   public:
    virtual ~Handler() = default;
    // The header of the next record: its framing, or nullopt to stop (the stream is not TLS).
    virtual std::optional<Framing> record_header(const Header& head) = 0;
    // The record is complete; `body` is empty when it was not kept. False stops the framer.
    virtual bool record(const Header& head, std::span<const uint8_t> body) = 0;
  };

  // Consumes `bytes`; stops early (and for good) when the handler says so.
  void feed(std::span<const uint8_t> bytes, Handler& handler);
  bool stopped() const { return stopped_; }

 private:
  bool finish_record(Handler& handler);

  Header head_{};
  size_t head_have_ = 0;
  bool in_body_ = false;
  Framing framing_;
  size_t body_have_ = 0;
  std::vector<uint8_t> body_;
  bool stopped_ = false;
};

}  // namespace vigil
