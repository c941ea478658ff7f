// take_census: the packet walk behind `vigil inspect`.
#include "sources/pcap/capture_census.h"

#include <algorithm>

#include "sources/pcap/capture_file.h"
#include "sources/pcap/link_layer.h"

namespace vigil {

void take_census(const std::vector<std::string>& paths, CaptureCensus& census) {
  for (const auto& path : paths) {
    auto opened = CaptureFile::open(path);
    if (!opened.is_ok()) {
      census.errors.push_back(opened.status());
      continue;
    }
    auto file = opened.take();
    ++census.files;
    RawPacket pkt;
    while (file->next(pkt)) {
      ++census.packets;
      census.captured_bytes += pkt.data.size();
      census.wire_bytes += pkt.wire_len;
      census.first = std::min(census.first, pkt.ts);
      census.last = std::max(census.last, pkt.ts);
      ++census.link_types[pkt.link_type];
      LinkResult link = decode_link(pkt.link_type, pkt.data);
      if (link.version == IpVersion::kV4) ++census.ipv4;
      else if (link.version == IpVersion::kV6) ++census.ipv6;
      else census.skipped.add(link.skip);
    }
    if (!file->error().is_ok()) census.errors.push_back(file->error());
  }
}

}  // namespace vigil
