// Fuzzes the capture reader (libpcap pcap/pcapng, gzip cookie, record offsets) on whole files: the input
// is written to one temp file per process (the same path for every input, removed at exit), every byte
// of every packet is read, and each packet goes through decode_link.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "sources/pcap/capture_file.h"
#include "sources/pcap/link_layer.h"

namespace {

const std::string& temp_path() {
  // Heap-allocated and never freed, so the atexit handler can still use it after static destructors ran.
  static const std::string* path = [] {
    const char* dir = std::getenv("TMPDIR");
    auto* p = new std::string(std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") +
                              "/vigil-fuzz-capture-" + std::to_string(getpid()));
    std::atexit([] { std::remove(temp_path().c_str()); });
    return p;
  }();
  return *path;
}

volatile unsigned g_sink;  // keeps the byte sum (and so the reads) from being optimised away

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string& path = temp_path();
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) std::abort();  // a broken fuzzing setup, not an input worth keeping quiet about
  if (size > 0 && std::fwrite(data, 1, size, f) != size) std::abort();
  std::fclose(f);
  auto opened = vigil::CaptureFile::open(path);
  if (!opened.is_ok()) return 0;
  vigil::CaptureFile& file = *opened.value();
  vigil::RawPacket pkt;
  unsigned sum = 0;
  while (file.next(pkt)) {
    for (uint8_t b : pkt.data) sum += b;  // every captured byte must be readable
    vigil::LinkResult r = vigil::decode_link(pkt.link_type, pkt.data);
    sum += static_cast<unsigned>(r.ip.size());
  }
  sum += static_cast<unsigned>(file.error().to_string().size() + file.position());
  g_sink = sum;
  return 0;
}
