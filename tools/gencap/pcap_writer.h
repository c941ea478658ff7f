// Streams classic pcap records to a file or stdout, optionally gzip-compressed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include <zlib.h>

namespace gencap {

class PcapWriter {
 public:
  // Opens `path` ("-" = stdout) and writes the global header. Throws
  // std::runtime_error on failure, as do the other members.
  PcapWriter(const std::string& path, bool gzip);
  ~PcapWriter();
  PcapWriter(const PcapWriter&) = delete;
  PcapWriter& operator=(const PcapWriter&) = delete;

  void write_packet(uint32_t ts_sec, uint32_t ts_usec, const uint8_t* frame, size_t len);

  // Flushes and closes; call it to see write errors (the destructor swallows them).
  void close();

  // Uncompressed pcap bytes so far, headers included.
  uint64_t bytes() const { return bytes_; }

 private:
  void append(const void* data, size_t len);
  void flush();

  std::FILE* file_ = nullptr;
  gzFile gz_ = nullptr;
  bool owns_file_ = false;
  std::vector<uint8_t> buffer_;
  uint64_t bytes_ = 0;
};

}  // namespace gencap
