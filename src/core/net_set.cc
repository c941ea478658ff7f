// NetSet parsing and lookup.
#include "core/net_set.h"

#include <charconv>
#include <string>

namespace vigil {
namespace {

IpAddr mask(const IpAddr& a, int bits) {
  auto b = a.bytes();
  for (int i = 0; i < 16; ++i) {
    int keep = std::min(8, std::max(0, bits - 8 * i));
    b[i] = static_cast<uint8_t>(b[i] & (keep == 0 ? 0 : (0xff << (8 - keep)) & 0xff));
  }
  return IpAddr::v6_bytes(b);
}

}  // namespace

Status NetSet::add(std::string_view cidr) {
  auto slash = cidr.find('/');
  auto addr = IpAddr::parse(cidr.substr(0, slash));
  if (!addr) return Status::invalid_argument("not an address or CIDR: '" + std::string(cidr) + "'");
  int max_bits = addr->is_v4() ? 32 : 128;
  int bits = max_bits;
  if (slash != std::string_view::npos) {
    auto len = cidr.substr(slash + 1);
    auto [p, ec] = std::from_chars(len.data(), len.data() + len.size(), bits);
    if (ec != std::errc() || p != len.data() + len.size() || bits < 0 || bits > max_bits)
      return Status::invalid_argument("bad prefix length in '" + std::string(cidr) + "'");
  }
  if (addr->is_v4()) bits += 96;
  IpAddr all_ones = IpAddr::v6_bytes(std::array<uint8_t, 16>{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                                             0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff});
  IpAddr m = mask(all_ones, bits), net = mask(*addr, bits);
  prefixes_.push_back({net.hi(), net.lo(), m.hi(), m.lo()});
  return Status::ok();
}

bool NetSet::contains(const IpAddr& a) const {
  uint64_t hi = a.hi(), lo = a.lo();
  for (const auto& p : prefixes_)
    if ((hi & p.mask_hi) == p.net_hi && (lo & p.mask_lo) == p.net_lo) return true;
  return false;
}

NetSet NetSet::private_networks() {
  NetSet s;
  for (auto c : {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "127.0.0.0/8", "fc00::/7",
                 "fe80::/10", "::1/128"})
    (void)s.add(c);
  return s;
}

}  // namespace vigil
