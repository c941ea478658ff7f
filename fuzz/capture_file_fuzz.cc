// Fuzzes the capture reader (libpcap + gzip cookie + offsets) on whole files, and decodes every packet.
#include <unistd.h>

#include <cstdio>
#include <string>

#include "sources/pcap/capture_file.h"
#include "sources/pcap/link_layer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = "/tmp/vigil-fuzz-capture-" + std::to_string(getpid());
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return 0;
  std::fwrite(data, 1, size, f);
  std::fclose(f);
  auto opened = vigil::CaptureFile::open(path);
  if (!opened.is_ok()) return 0;
  vigil::RawPacket pkt;
  unsigned sum = 0;
  while (opened.value()->next(pkt)) {
    for (uint8_t b : pkt.data) sum += b;  // every captured byte must be readable
    sum += static_cast<unsigned>(vigil::decode_link(pkt.link_type, pkt.data).ip.size());
  }
  (void)opened.value()->error().to_string();
  return static_cast<int>(sum & 0);
}
