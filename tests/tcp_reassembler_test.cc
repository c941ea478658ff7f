// TcpReassembler: order, overlaps, retransmissions, sequence wrap, bounded buffering and gaps.
#include "sources/pcap/tcp_reassembler.h"

#include <gtest/gtest.h>

#include <string>

namespace vigil {
namespace {

// Records the stream as text, gaps as "[gap N]".
struct Collector : StreamConsumer {
  std::string got;
  void data(std::span<const uint8_t> b) override { got.append(b.begin(), b.end()); }
  void gap(uint64_t len) override { got += "[gap " + std::to_string(len) + "]"; }
};

std::span<const uint8_t> bytes(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

TEST(TcpReassembler, InOrderSegmentsPassStraightThrough) {
  TcpReassembler r;
  Collector c;
  r.segment(1000, bytes("GET / "), c);
  r.segment(1006, bytes("HTTP/1.1"), c);
  EXPECT_EQ(c.got, "GET / HTTP/1.1");
  EXPECT_EQ(r.buffered(), 0u);
}

TEST(TcpReassembler, EarlySegmentsWaitForTheHole) {
  TcpReassembler r;
  Collector c;
  r.segment(100, bytes("ab"), c);
  r.segment(106, bytes("gh"), c);
  r.segment(104, bytes("ef"), c);
  EXPECT_EQ(c.got, "ab");
  EXPECT_EQ(r.buffered(), 4u);
  r.segment(102, bytes("cd"), c);
  EXPECT_EQ(c.got, "abcdefgh");
  EXPECT_EQ(r.buffered(), 0u);
}

TEST(TcpReassembler, RetransmissionsAndOverlapsAreHandedOnOnce) {
  TcpReassembler r;
  Collector c;
  r.segment(1, bytes("hello"), c);
  r.segment(1, bytes("hello"), c);    // retransmitted
  r.segment(4, bytes("LOWORLD"), c);  // overlaps: the first copy of "lo" wins
  EXPECT_EQ(c.got, "helloWORLD");
}

TEST(TcpReassembler, SequenceNumbersWrapAround) {
  TcpReassembler r;
  Collector c;
  r.segment(0xfffffffe, bytes("abcd"), c);
  r.segment(2, bytes("ef"), c);
  EXPECT_EQ(c.got, "abcdef");
}

TEST(TcpReassembler, ExpectStartsTheStreamAtTheSynSequence) {
  TcpReassembler r;
  Collector c;
  r.expect(500);
  r.segment(503, bytes("def"), c);  // the first segment was lost or comes later
  r.segment(500, bytes("abc"), c);
  EXPECT_EQ(c.got, "abcdef");
}

TEST(TcpReassembler, FinishReportsHolesAsGaps) {
  TcpReassembler r;
  Collector c;
  r.segment(10, bytes("ab"), c);
  r.segment(20, bytes("xy"), c);
  r.finish(c);
  EXPECT_EQ(c.got, "ab[gap 8]xy");
}

TEST(TcpReassembler, BufferingIsBoundedAndTheHoleBecomesAGap) {
  TcpReassembler r;
  Collector c;
  r.segment(0, bytes("a"), c);
  std::string chunk(1000, 'z');
  uint32_t seq = 11;  // bytes 1..10 never come
  for (int i = 0; i < 70; ++i, seq += 1000) r.segment(seq, bytes(chunk), c);
  EXPECT_LE(r.buffered(), TcpReassembler::kMaxBuffered);
  ASSERT_GE(c.got.size(), 12u);
  EXPECT_EQ(c.got.substr(0, 10), "a[gap 10]z");
  EXPECT_EQ(c.got.size(), 9 + 70 * 1000u);  // every byte that came was handed on, one gap
}

TEST(TcpReassembler, BogusFarAheadAndBeforeStartSegmentsAreDropped) {
  TcpReassembler r;
  Collector c;
  r.segment(1000, bytes("ok"), c);
  r.segment(1000 + (1u << 25), bytes("far"), c);
  r.segment(900, bytes("old"), c);
  EXPECT_EQ(r.buffered(), 0u);
  r.finish(c);
  EXPECT_EQ(c.got, "ok");
}

}  // namespace
}  // namespace vigil
