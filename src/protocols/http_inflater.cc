// HttpInflater: zlib's streaming inflate with Zeek's header detection and raw-deflate fallback.
#include "protocols/http_inflater.h"

#include <zlib.h>

#include <array>

namespace vigil {

struct HttpInflater::Stream {
  z_stream z{};
  bool open = false;
  ~Stream() {
    if (open) inflateEnd(&z);
  }
};

namespace {
constexpr int kGzipOrZlib = MAX_WBITS + 32;  // zlib detects either header
constexpr int kRawDeflate = -MAX_WBITS;
constexpr size_t kOutputChunk = 4096;
}  // namespace

HttpInflater::HttpInflater() : stream_(std::make_unique<Stream>()) {
  stream_->open = inflateInit2(&stream_->z, kGzipOrZlib) == Z_OK;
  failed_ = !stream_->open;
}

HttpInflater::~HttpInflater() = default;

bool HttpInflater::restart_raw() {
  inflateEnd(&stream_->z);
  stream_->z = z_stream{};
  stream_->open = inflateInit2(&stream_->z, kRawDeflate) == Z_OK;
  return stream_->open;
}

// Zeek's ZIP_Analyzer::DeliverStream, step for step: decoded output comes in 4 KiB pieces; when the input
// is used up the call returns, even with decoded bytes still inside zlib (they come with the next input,
// or never: Zeek does not flush at the end of a body, and so neither does this).
void HttpInflater::feed(std::span<const uint8_t> in, const Output& out) {
  if (failed_ || in.empty()) return;
  std::array<uint8_t, kOutputChunk> buf;
  z_stream& z = stream_->z;
  auto set_input = [&] {
    z.next_in = const_cast<Bytef*>(in.data());  // zlib's API is not const-correct; it does not write input
    z.avail_in = static_cast<uInt>(in.size());
  };
  set_input();
  bool allow_restart = true;
  for (;;) {
    z.next_out = buf.data();
    z.avail_out = static_cast<uInt>(buf.size());
    int status = inflate(&z, Z_SYNC_FLUSH);
    if (status == Z_OK || status == Z_STREAM_END) {
      allow_restart = false;
      size_t have = buf.size() - z.avail_out;
      if (have > 0) out(std::span<const uint8_t>(buf.data(), have));
      if (status == Z_STREAM_END) {
        failed_ = true;  // what follows the end of the stream is not decoded
        return;
      }
      if (z.avail_in == 0) return;
    } else if (allow_restart && status == Z_DATA_ERROR) {  // servers that send deflate without its header
      allow_restart = false;
      if (!restart_raw()) {
        failed_ = true;
        return;
      }
      set_input();
    } else {
      failed_ = true;
      return;
    }
  }
}

}  // namespace vigil
