// HttpLineReader: one direction of an HTTP stream cut into lines and raw byte runs, as Zeek's ContentLine
// analyzer cuts it for its HTTP analyzer.
//
// Lines end at CRLF, at a bare LF and at a bare CR (Zeek accepts all three); a CR that ends one segment and
// the LF that opens the next count as one terminator. While the message being read asks for "plain"
// delivery (a body of known length, a chunk), that many bytes are handed on raw instead. Inside the parts
// of a multipart body only CRLF ends a line. A line is kept up to kMaxLineBytes (the rest is counted but
// dropped), so a peer that never ends its line costs bounded memory.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace vigil {

class HttpLineReader {
 public:
  static constexpr size_t kMaxLineBytes = 16 * 1024;

  struct Line {
    std::span<const uint8_t> bytes;  // the kept part, at most kMaxLineBytes
    uint64_t length = 0;             // the whole line's length, terminator excluded
  };

  // Receives what the reader cuts; `stopped()` ends the reading of the current delivery early.
  class Consumer {
   public:
    virtual void line(const Line& line) = 0;
    virtual void plain(std::span<const uint8_t> bytes) = 0;
    virtual bool stopped() const = 0;

   protected:
    ~Consumer() = default;
  };

  void feed(std::span<const uint8_t> bytes, Consumer& consumer);
  // The peer closed: a partial line is ended as Zeek ends it (by feeding a LF).
  void end_of_stream(Consumer& consumer);

  // The next `n` bytes are handed on raw (0 cancels).
  void set_plain(int64_t n) { plain_ = n; }
  int64_t plain_remaining() const { return plain_; }
  // Only CRLF ends a line (inside multipart parts), or CR, LF and CRLF all do (the default).
  void set_crlf_only(bool on) { crlf_only_ = on; }
  // After `n` more bytes a partial line is ended as if a CRLF followed (a multipart body whose last line
  // lacks its CRLF); -1 turns it off.
  void set_delivery_size(int64_t n);

 private:
  size_t step(std::span<const uint8_t> bytes, Consumer& consumer);
  size_t scan_line(std::span<const uint8_t> bytes, Consumer& consumer);
  void count_delivered(size_t n, Consumer& consumer);
  void append(uint8_t c);
  void append_run(std::span<const uint8_t> run);  // bytes without CR or LF
  void drop_last();
  void emit(Consumer& consumer);

  std::vector<uint8_t> line_;  // the kept part of the current line
  uint64_t length_ = 0;        // the current line's full length
  uint8_t last_char_ = 0;
  bool crlf_only_ = false;
  int64_t plain_ = 0;
  int64_t delivery_ = -1;
  bool delivery_fresh_ = false;  // set during the current step: its bytes do not count against it
};

}  // namespace vigil
