// Test fixtures: capture files built byte by byte, and a temporary file that removes itself.
#pragma once

#include <unistd.h>
#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

namespace vigil {

using Bytes8 = std::vector<uint8_t>;

inline void put32(Bytes8& b, uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
inline void put16(Bytes8& b, uint16_t v) {
  b.push_back(static_cast<uint8_t>(v));
  b.push_back(static_cast<uint8_t>(v >> 8));
}

// A classic little-endian pcap header: magic (µs or ns), version, snaplen, link type.
inline Bytes8 pcap_header(uint32_t magic = 0xa1b2c3d4, uint32_t snaplen = 65535, uint32_t link_type = 1,
                          uint16_t minor = 4) {
  Bytes8 b;
  put32(b, magic);
  put16(b, 2);
  put16(b, minor);
  put32(b, 0);
  put32(b, 0);
  put32(b, snaplen);
  put32(b, link_type);
  return b;
}

// One classic pcap record of `caplen` captured bytes (an Ethernet/IPv4 start, then a counting pattern).
inline void put_record(Bytes8& b, uint32_t sec, uint32_t frac, uint32_t caplen, uint32_t wire_len) {
  put32(b, sec);
  put32(b, frac);
  put32(b, caplen);
  put32(b, wire_len);
  for (uint32_t i = 0; i < caplen; ++i) b.push_back(static_cast<uint8_t>(i == 12 ? 0x08 : i == 14 ? 0x45 : i * 7));
}

// A classic little-endian microsecond pcap of `n` Ethernet frames of `len` bytes, one per second.
inline Bytes8 make_pcap(int n, uint32_t len = 60) {
  Bytes8 b = pcap_header();
  for (int i = 0; i < n; ++i) {
    put32(b, 1'700'000'000u + static_cast<uint32_t>(i));
    put32(b, 250'000);
    put32(b, len);
    put32(b, len + 4);
    Bytes8 frame(len, 0);
    frame[12] = 0x08;  // IPv4 ethertype
    frame[14] = 0x45;
    b.insert(b.end(), frame.begin(), frame.end());
  }
  return b;
}

// A pcapng file: section header, one Ethernet interface, `n` enhanced packet blocks.
inline Bytes8 make_pcapng(int n) {
  Bytes8 b;
  put32(b, 0x0a0d0d0a);
  put32(b, 28);
  put32(b, 0x1a2b3c4d);
  put16(b, 1);
  put16(b, 0);
  put32(b, 0xffffffff);
  put32(b, 0xffffffff);
  put32(b, 28);
  put32(b, 1);  // interface description block
  put32(b, 20);
  put16(b, 1);
  put16(b, 0);
  put32(b, 65535);
  put32(b, 20);
  for (int i = 0; i < n; ++i) {
    uint64_t us = 1'700'000'000'000'000ull + static_cast<uint64_t>(i) * 1'000'000;
    put32(b, 6);
    put32(b, 32 + 60);
    put32(b, 0);
    put32(b, static_cast<uint32_t>(us >> 32));
    put32(b, static_cast<uint32_t>(us));
    put32(b, 60);
    put32(b, 60);
    Bytes8 frame(60, 0);
    frame[12] = 0x86;
    frame[13] = 0xdd;
    frame[14] = 0x60;
    b.insert(b.end(), frame.begin(), frame.end());
    put32(b, 32 + 60);
  }
  return b;
}

class TempFile {
 public:
  explicit TempFile(const Bytes8& content, bool gzip = false) {
    char tmpl[] = "/tmp/vigil-test-XXXXXX";
    int fd = mkstemp(tmpl);
    close(fd);
    path_ = tmpl;
    if (gzip) {
      gzFile g = gzopen(path_.c_str(), "wb");
      gzwrite(g, content.data(), static_cast<unsigned>(content.size()));
      gzclose(g);
    } else {
      std::ofstream(path_, std::ios::binary).write(reinterpret_cast<const char*>(content.data()),
                                                    static_cast<std::streamsize>(content.size()));
    }
  }
  ~TempFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace vigil
