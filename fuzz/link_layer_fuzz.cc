// Fuzzes decode_link: the first byte picks a link type (the 16 supported ones plus one unsupported),
// the rest is the frame. Aborts if a returned IP span does not lie inside the frame.
#include <cstdint>
#include <cstdlib>

#include "sources/pcap/link_layer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static constexpr int kLinks[] = {0, 1, 9, 12, 14, 50, 51, 101, 105, 108, 113, 127, 228, 229, 239, 276,
                                   147 /* LINKTYPE_USER0: unsupported */};
  if (size < 1) return 0;
  int link = kLinks[data[0] % (sizeof kLinks / sizeof kLinks[0])];
  vigil::Bytes frame(data + 1, size - 1);
  vigil::LinkResult r = vigil::decode_link(link, frame);
  if (!r.ip.empty()) {
    auto lo = reinterpret_cast<uintptr_t>(frame.data());
    auto hi = lo + frame.size();
    auto ip = reinterpret_cast<uintptr_t>(r.ip.data());
    if (ip < lo || ip > hi || r.ip.size() > hi - ip) std::abort();  // IP span escapes the input
  }
  if (r.version != vigil::IpVersion::kNone && r.skip != vigil::SkipReason::kNone) std::abort();
  if (link == 147 && r.version != vigil::IpVersion::kNone) std::abort();
  return 0;
}
