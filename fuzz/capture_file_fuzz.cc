// Fuzzes the capture readers (libpcap pcap/pcapng, gzip cookie, record offsets, and the direct classic-pcap
// reader) on whole files: the input is written to one temp file per process (the same path for every
// input, removed at exit), every byte of every packet is read, and each packet goes through decode_link.
// Differential: the file is read once through libpcap and once the fastest way; any difference in the
// packets or in where an error was found aborts, so libFuzzer keeps the input.
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

// A digest of everything a reader returned: packet times, lengths and bytes, and the error offset.
struct Digest {
  uint64_t packets = 0, hash = 1469598103934665603ull;
  bool ok = true;
  uint64_t error_offset = 0;
  bool direct = false;
  void add(uint64_t v) { hash = (hash ^ v) * 1099511628211ull; }
  bool operator==(const Digest& o) const {
    return packets == o.packets && hash == o.hash && ok == o.ok && error_offset == o.error_offset;
  }
};

Digest read_file(const std::string& path, vigil::CaptureReader reader) {
  Digest d;
  auto opened = vigil::CaptureFile::open(path, reader);
  if (!opened.is_ok()) return d;
  vigil::CaptureFile& file = *opened.value();
  d.direct = file.direct();
  vigil::RawPacket batch[8];
  while (size_t n = file.next_batch(batch)) {
    for (size_t i = 0; i < n; ++i) {
      const vigil::RawPacket& pkt = batch[i];
      ++d.packets;
      d.add(static_cast<uint64_t>(pkt.ts.ns));
      d.add(pkt.wire_len);
      d.add(pkt.data.size());
      for (uint8_t b : pkt.data) d.add(b);  // every captured byte must be readable
      vigil::LinkResult r = vigil::decode_link(pkt.link_type, pkt.data);
      g_sink = g_sink + static_cast<unsigned>(r.ip.size());
    }
  }
  d.ok = file.error().is_ok();
  d.error_offset = file.error().offset().value_or(0);
  g_sink = g_sink + static_cast<unsigned>(file.error().to_string().size() + file.position());
  return d;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string& path = temp_path();
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) std::abort();  // a broken fuzzing setup, not an input worth keeping quiet about
  if (size > 0 && std::fwrite(data, 1, size, f) != size) std::abort();
  std::fclose(f);
  Digest fastest = read_file(path, vigil::CaptureReader::kFastest);
  if (fastest.direct && !(read_file(path, vigil::CaptureReader::kLibpcapOnly) == fastest)) {
    std::fprintf(stderr, "direct reader and libpcap disagree on this input\n");
    std::abort();
  }
  return 0;
}
