// Classic pcap output: little-endian headers, 1 MiB staging buffer, plain or gzip.
#include "pcap_writer.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <unistd.h>

namespace gencap {
namespace {

constexpr size_t kBufferSize = 1 << 20;
constexpr uint32_t kSnapLen = 65535;
constexpr uint32_t kLinkTypeEthernet = 1;

// Headers are written little-endian explicitly rather than in host order so
// the file is byte-identical whichever machine produced it.
void put_le32(uint8_t* out, uint32_t value) {
  out[0] = static_cast<uint8_t>(value);
  out[1] = static_cast<uint8_t>(value >> 8);
  out[2] = static_cast<uint8_t>(value >> 16);
  out[3] = static_cast<uint8_t>(value >> 24);
}

void put_le16(uint8_t* out, uint16_t value) {
  out[0] = static_cast<uint8_t>(value);
  out[1] = static_cast<uint8_t>(value >> 8);
}

std::runtime_error io_error(const std::string& what) {
  return std::runtime_error(what + ": " + std::strerror(errno));
}

}  // namespace

PcapWriter::PcapWriter(const std::string& path, bool gzip) {
  buffer_.reserve(kBufferSize);
  const bool to_stdout = path == "-";
  if (gzip) {
    // Level 1: payloads are random filler that barely compresses, so higher
    // levels cost a lot of time for almost no size.
    gz_ = to_stdout ? gzdopen(dup(STDOUT_FILENO), "wb1") : gzopen(path.c_str(), "wb1");
    if (gz_ == nullptr) throw io_error("cannot open " + path);
    gzbuffer(gz_, 256 * 1024);
  } else {
    file_ = to_stdout ? stdout : std::fopen(path.c_str(), "wb");
    if (file_ == nullptr) throw io_error("cannot open " + path);
    owns_file_ = !to_stdout;
  }
  uint8_t header[24];
  put_le32(header, 0xa1b2c3d4);  // microsecond timestamps
  put_le16(header + 4, 2);
  put_le16(header + 6, 4);
  put_le32(header + 8, 0);       // thiszone
  put_le32(header + 12, 0);      // sigfigs
  put_le32(header + 16, kSnapLen);
  put_le32(header + 20, kLinkTypeEthernet);
  append(header, sizeof header);
}

PcapWriter::~PcapWriter() {
  try {
    close();
  } catch (...) {
    // Destructors must not throw; callers wanting errors call close().
  }
}

void PcapWriter::write_packet(uint32_t ts_sec, uint32_t ts_usec, const uint8_t* frame,
                              size_t len) {
  const auto caplen = static_cast<uint32_t>(len < kSnapLen ? len : kSnapLen);
  uint8_t record[16];
  put_le32(record, ts_sec);
  put_le32(record + 4, ts_usec);
  put_le32(record + 8, caplen);
  put_le32(record + 12, static_cast<uint32_t>(len));
  append(record, sizeof record);
  append(frame, caplen);
}

void PcapWriter::append(const void* data, size_t len) {
  if (buffer_.size() + len > kBufferSize) flush();
  const auto* bytes = static_cast<const uint8_t*>(data);
  buffer_.insert(buffer_.end(), bytes, bytes + len);
  bytes_ += len;
}

void PcapWriter::flush() {
  if (buffer_.empty()) return;
  if (gz_ != nullptr) {
    const int written = gzwrite(gz_, buffer_.data(), static_cast<unsigned>(buffer_.size()));
    if (written <= 0 || static_cast<size_t>(written) != buffer_.size()) {
      int zerr = 0;
      throw std::runtime_error(std::string("gzip write failed: ") + gzerror(gz_, &zerr));
    }
  } else if (file_ != nullptr) {
    if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
      throw io_error("write failed");
    }
  }
  buffer_.clear();
}

void PcapWriter::close() {
  if (gz_ == nullptr && file_ == nullptr) return;
  flush();
  if (gz_ != nullptr) {
    gzFile gz = gz_;
    gz_ = nullptr;
    if (gzclose(gz) != Z_OK) throw std::runtime_error("gzip close failed");
  }
  if (file_ != nullptr) {
    std::FILE* file = file_;
    file_ = nullptr;
    const bool flushed = std::fflush(file) == 0;
    const bool closed = !owns_file_ || std::fclose(file) == 0;
    if (!flushed || !closed) throw io_error("write failed");
  }
}

}  // namespace gencap
