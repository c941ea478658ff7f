// FragmentReassembler: out-of-order and overlapping pieces, totals as Zeek counts them, bounded failures.
#include "sources/pcap/fragment_reassembler.h"

#include <gtest/gtest.h>

#include <vector>

namespace vigil {
namespace {

std::vector<uint8_t> g_payload = [] {
  std::vector<uint8_t> p(3000);
  for (size_t i = 0; i < p.size(); ++i) p[i] = static_cast<uint8_t>(i * 7);
  return p;
}();

IpPacket piece(uint32_t offset, uint32_t len, bool more, uint32_t id = 9) {
  IpPacket ip;
  ip.src = *IpAddr::parse("10.0.0.1");
  ip.dst = *IpAddr::parse("10.0.0.2");
  ip.proto = kProtoUdp;
  ip.fragment = true;
  ip.more_fragments = more;
  ip.fragment_offset = offset;
  ip.fragment_id = id;
  ip.transport_len = len;
  ip.total_len = 20 + len;
  ip.transport = std::span<const uint8_t>(g_payload.data() + offset, len);
  return ip;
}

TEST(FragmentReassembler, OutOfOrderAndOverlappingPiecesMakeOneDatagram) {
  FragmentReassembler r;
  IpPacket whole;
  EXPECT_FALSE(r.add({1}, piece(2000, 1000, false), whole));
  EXPECT_FALSE(r.add({2}, piece(1000, 1200, true), whole));  // overlaps the last piece by 200 bytes
  EXPECT_EQ(r.pending(), 1u);
  ASSERT_TRUE(r.add({3}, piece(0, 1000, true), whole));
  EXPECT_FALSE(whole.fragment);
  EXPECT_EQ(whole.transport_len, 3000u);
  EXPECT_EQ(whole.total_len, 3020u);  // one header plus the whole payload, as Zeek's TotalLen
  ASSERT_EQ(whole.transport.size(), 3000u);
  EXPECT_TRUE(std::equal(whole.transport.begin(), whole.transport.end(), g_payload.begin()));
  EXPECT_EQ(r.pending(), 0u);
  EXPECT_EQ(r.dropped(), 0u);
}

TEST(FragmentReassembler, IncompleteDatagramsExpireAndCount) {
  FragmentReassembler r;
  IpPacket whole;
  EXPECT_FALSE(r.add({0}, piece(0, 1000, true, 1), whole));
  EXPECT_FALSE(r.add({0}, piece(1000, 500, true, 1), whole));
  r.expire(Timestamp{Duration::seconds(301).ns});
  EXPECT_EQ(r.pending(), 0u);
  EXPECT_EQ(r.dropped(), 2u);
}

TEST(FragmentReassembler, RejectsPiecesNotFullyCapturedOrConflicting) {
  FragmentReassembler r;
  IpPacket whole;
  IpPacket cut = piece(0, 1000, true, 2);
  cut.transport = cut.transport.first(100);
  EXPECT_FALSE(r.add({0}, cut, whole));
  EXPECT_EQ(r.dropped(), 1u);
  EXPECT_FALSE(r.add({0}, piece(1000, 500, false, 3), whole));
  EXPECT_FALSE(r.add({0}, piece(1000, 800, false, 3), whole));  // a second, different end
  EXPECT_EQ(r.pending(), 0u);
  IpPacket huge = piece(0, 100, false, 4);
  huge.fragment_offset = 65500;
  EXPECT_FALSE(r.add({0}, huge, whole));
}

}  // namespace
}  // namespace vigil

namespace vigil {
namespace {

TEST(FragmentReassembler, MemoryIsBoundedUnderAFloodOfLargeOffsets) {
  FragmentReassembler r;
  IpPacket whole;
  for (uint32_t id = 0; id < 2000; ++id) {
    IpPacket p = piece(0, 100, true, id);
    p.fragment_offset = 60000;  // each would need a 60 kB buffer
    p.transport = std::span<const uint8_t>(g_payload.data(), 100);
    EXPECT_FALSE(r.add({0}, p, whole));
  }
  EXPECT_LT(r.pending(), 1200u);  // 64 MiB / 60 kB
  EXPECT_GT(r.dropped(), 800u);
}

}  // namespace
}  // namespace vigil
