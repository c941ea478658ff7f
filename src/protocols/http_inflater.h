// HttpInflater: decodes a gzip or deflate Content-Encoding, because Zeek's request_body_len and
// response_body_len count the decoded body (and its MIME type is sniffed from decoded bytes).
//
// As Zeek's ZIP analyzer: zlib with gzip/zlib header detection, a retry as raw deflate when a delivery
// does not decode, and silence after the end of the stream or after an error.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>

namespace vigil {

class HttpInflater {
 public:
  using Output = std::function<void(std::span<const uint8_t>)>;

  HttpInflater();
  ~HttpInflater();
  HttpInflater(const HttpInflater&) = delete;
  HttpInflater& operator=(const HttpInflater&) = delete;

  // Decodes the next encoded bytes, handing each decoded piece to `out`.
  void feed(std::span<const uint8_t> in, const Output& out);
  // Encoded bytes were lost: the stream cannot be decoded any further.
  void stop() { failed_ = true; }

 private:
  struct Stream;
  bool restart_raw();
  std::unique_ptr<Stream> stream_;
  bool failed_ = false;  // the stream ended, or could not be decoded: nothing more comes out
};

}  // namespace vigil
