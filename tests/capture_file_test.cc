// CaptureFile: pcap, pcapng and gzip reading; clear errors naming file and offset; nothing lost before them.
#include "sources/pcap/capture_file.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "sources/pcap/capture_census.h"
#include "capture_fixtures.h"

namespace vigil {
namespace {

std::vector<RawPacket> read_all(CaptureFile& f) {
  std::vector<RawPacket> out;
  RawPacket p;
  while (f.next(p)) out.push_back(p);
  return out;
}

TEST(CaptureFile, ReadsClassicPcap) {
  TempFile t(make_pcap(5));
  auto f = CaptureFile::open(t.path());
  ASSERT_TRUE(f.is_ok()) << f.status().to_string();
  auto pkts = read_all(*f.value());
  ASSERT_EQ(pkts.size(), 5u);
  EXPECT_TRUE(f.value()->error().is_ok());
  EXPECT_EQ(pkts[0].ts.ns, 1'700'000'000'250'000'000);
  EXPECT_EQ(pkts[4].ts.ns, 1'700'000'004'250'000'000);
  EXPECT_EQ(pkts[0].wire_len, 64u);
  EXPECT_EQ(f.value()->link_type(), 1);
  EXPECT_FALSE(f.value()->compressed());
}

TEST(CaptureFile, ReadsGzipByContent) {
  TempFile t(make_pcap(7), /*gzip=*/true);
  auto f = CaptureFile::open(t.path());
  ASSERT_TRUE(f.is_ok()) << f.status().to_string();
  EXPECT_TRUE(f.value()->compressed());
  EXPECT_EQ(read_all(*f.value()).size(), 7u);
  EXPECT_TRUE(f.value()->error().is_ok());
}

TEST(CaptureFile, ReadsPcapng) {
  TempFile t(make_pcapng(3));
  auto f = CaptureFile::open(t.path());
  ASSERT_TRUE(f.is_ok()) << f.status().to_string();
  auto pkts = read_all(*f.value());
  ASSERT_EQ(pkts.size(), 3u);
  EXPECT_EQ(pkts[2].ts.ns, 1'700'000'002'000'000'000);
}

TEST(CaptureFile, TruncatedRecordNamesFileAndOffsetAndKeepsEarlierPackets) {
  Bytes8 b = make_pcap(4);
  b.resize(b.size() - 10);  // the fourth record loses its last bytes
  TempFile t(b);
  auto f = CaptureFile::open(t.path());
  ASSERT_TRUE(f.is_ok());
  EXPECT_EQ(read_all(*f.value()).size(), 3u);
  const Status& e = f.value()->error();
  ASSERT_FALSE(e.is_ok());
  EXPECT_EQ(e.code(), ErrorCode::kCorruption);
  EXPECT_EQ(e.file(), t.path());
  ASSERT_TRUE(e.offset());
  EXPECT_EQ(*e.offset(), 24u + 3 * (16 + 60));  // where the fourth record starts
  EXPECT_NE(e.to_string().find(t.path() + ": at byte offset 252: "), std::string::npos) << e.to_string();
}

TEST(CaptureFile, TruncatedGzipStreamIsAnErrorAfterTheGoodPackets) {
  Bytes8 raw = make_pcap(200, 600);
  TempFile whole(raw, true);
  std::ifstream in(whole.path(), std::ios::binary);
  Bytes8 gz((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  gz.resize(gz.size() / 2);
  TempFile t(gz);
  auto f = CaptureFile::open(t.path());
  ASSERT_TRUE(f.is_ok()) << f.status().to_string();
  size_t n = read_all(*f.value()).size();
  EXPECT_GT(n, 0u);
  EXPECT_LT(n, 200u);
  EXPECT_FALSE(f.value()->error().is_ok());
}

TEST(CaptureFile, AbsurdTimestampsAreClampedNotOverflowed) {
  Bytes8 b = make_pcapng(1);
  for (size_t i = 60; i < 64; ++i) b[i] = 0xff;  // the packet's 64-bit µs timestamp, high half: year ~584,000
  TempFile t(b);
  auto f = CaptureFile::open(t.path());
  ASSERT_TRUE(f.is_ok());
  auto pkts = read_all(*f.value());  // signed overflow here would stop the UBSan build
  ASSERT_EQ(pkts.size(), 1u);
  EXPECT_EQ(pkts[0].ts.ns, Timestamp::kMaxSeconds * 1'000'000'000);
}

TEST(CaptureFile, RejectsWhatIsNotACapture) {
  TempFile text(Bytes8{'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd'});
  auto f = CaptureFile::open(text.path());
  ASSERT_FALSE(f.is_ok());
  EXPECT_EQ(f.status().code(), ErrorCode::kUnsupported);
  EXPECT_EQ(f.status().file(), text.path());

  TempFile tiny(Bytes8{0xd4, 0xc3});
  EXPECT_EQ(CaptureFile::open(tiny.path()).status().code(), ErrorCode::kCorruption);

  EXPECT_EQ(CaptureFile::open("/nonexistent/x.pcap").status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(CaptureFile::open("/tmp").status().code(), ErrorCode::kInvalidArgument);
}

TEST(CaptureFile, CorruptHeaderLengthIsReported) {
  Bytes8 b = make_pcap(2);
  // Second record's captured length set to 4 GB.
  size_t at = 24 + 16 + 60 + 8;
  b[at] = b[at + 1] = b[at + 2] = b[at + 3] = 0xff;
  TempFile t(b);
  auto f = CaptureFile::open(t.path());
  ASSERT_TRUE(f.is_ok());
  EXPECT_EQ(read_all(*f.value()).size(), 1u);
  EXPECT_EQ(f.value()->error().offset(), std::optional<uint64_t>(24 + 16 + 60));
}

TEST(CaptureCensus, CountsAcrossFilesAndKeepsGoingAfterABadOne) {
  TempFile a(make_pcap(3));
  TempFile b(make_pcapng(2));
  Bytes8 cut = make_pcap(3);
  cut.resize(cut.size() - 1);
  TempFile c(cut);
  CaptureCensus census;
  take_census({a.path(), "/nonexistent.pcap", b.path(), c.path()}, census);
  EXPECT_EQ(census.files, 3u);
  EXPECT_EQ(census.packets, 3u + 2u + 2u);
  EXPECT_EQ(census.ipv4, 5u);
  EXPECT_EQ(census.ipv6, 2u);
  EXPECT_EQ(census.errors.size(), 2u);
  EXPECT_EQ(census.first.ns, 1'700'000'000'000'000'000);
}

}  // namespace
}  // namespace vigil
