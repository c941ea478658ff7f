// Fuzzes decode_link: the first byte picks a link type, the rest is the frame.
#include <cstdlib>

#include "sources/pcap/link_layer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static constexpr int kLinks[] = {0, 1, 9, 12, 14, 50, 51, 101, 105, 108, 113, 127, 228, 229, 239, 276, 147};
  if (size < 1) return 0;
  int link = kLinks[data[0] % (sizeof kLinks / sizeof kLinks[0])];
  vigil::Bytes frame(data + 1, size - 1);
  vigil::LinkResult r = vigil::decode_link(link, frame);
  if (r.version != vigil::IpVersion::kNone &&
      (r.ip.data() < frame.data() || r.ip.data() + r.ip.size() > frame.data() + frame.size()))
    std::abort();
  return 0;
}
