// The direct classic-pcap reader against libpcap: the same packets (time, lengths, every byte), the same
// error offsets, on hand-built edge cases and on every classic pcap in ../shared/data when it is present.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "capture_fixtures.h"
#include "sources/pcap/capture_file.h"

namespace vigil {
namespace {

struct ReadResult {
  std::vector<Timestamp> ts;
  std::vector<uint32_t> wire_len;
  std::vector<std::vector<uint8_t>> data;
  bool ok = true;
  std::optional<uint64_t> error_offset;
  bool direct = false;
};

// Reads the whole file in batches of `batch` packets (copying each batch before asking for the next).
ReadResult read_with(const std::string& path, CaptureReader reader, size_t batch = 16) {
  ReadResult r;
  auto opened = CaptureFile::open(path, reader);
  if (!opened.is_ok()) {
    r.ok = false;
    return r;
  }
  CaptureFile& f = *opened.value();
  r.direct = f.direct();
  std::vector<RawPacket> pkts(batch);
  while (size_t n = f.next_batch(pkts)) {
    for (size_t i = 0; i < n; ++i) {
      r.ts.push_back(pkts[i].ts);
      r.wire_len.push_back(pkts[i].wire_len);
      r.data.emplace_back(pkts[i].data.begin(), pkts[i].data.end());
    }
  }
  r.ok = f.error().is_ok();
  r.error_offset = f.error().offset();
  return r;
}

void expect_same(const std::string& path, bool expect_direct = true) {
  ReadResult lib = read_with(path, CaptureReader::kLibpcapOnly);
  ReadResult direct = read_with(path, CaptureReader::kFastest);
  EXPECT_EQ(direct.direct, expect_direct) << path;
  EXPECT_FALSE(lib.direct);
  ASSERT_EQ(direct.ts.size(), lib.ts.size()) << path;
  for (size_t i = 0; i < lib.ts.size(); ++i) {
    ASSERT_EQ(direct.ts[i], lib.ts[i]) << path << " packet " << i;
    ASSERT_EQ(direct.wire_len[i], lib.wire_len[i]) << path << " packet " << i;
    ASSERT_EQ(direct.data[i], lib.data[i]) << path << " packet " << i;
  }
  EXPECT_EQ(direct.ok, lib.ok) << path;
  EXPECT_EQ(direct.error_offset, lib.error_offset) << path;
}

TEST(CaptureReaderEquivalence, PlainMicrosecondAndNanosecondFiles) {
  for (uint32_t magic : {0xa1b2c3d4u, 0xa1b23c4du}) {
    Bytes8 b = pcap_header(magic);
    for (uint32_t i = 0; i < 50; ++i) put_record(b, 1'700'000'000 + i, 999'999 - i, 40 + i * 13, 60 + i * 13);
    TempFile t(b);
    expect_same(t.path());
    EXPECT_EQ(read_with(t.path(), CaptureReader::kFastest).ts.size(), 50u);
  }
}

TEST(CaptureReaderEquivalence, TimeFieldsAreSigned32BitAsInLibpcap) {
  for (uint32_t magic : {0xa1b2c3d4u, 0xa1b23c4du}) {
    Bytes8 b = pcap_header(magic);
    put_record(b, 0x80000001u, 0xfffffff0u, 40, 40);  // both fields negative when read as int32
    put_record(b, 5, 0x7fffffffu, 40, 40);
    TempFile t(b);
    expect_same(t.path());
  }
}

TEST(CaptureReaderEquivalence, EmptyCapture) {
  TempFile t(pcap_header());
  expect_same(t.path());
}

TEST(CaptureReaderEquivalence, RecordsLongerThanTheSnapshotAreCutToIt) {
  Bytes8 b = pcap_header(0xa1b2c3d4, /*snaplen=*/100);
  put_record(b, 1, 0, 60, 60);
  put_record(b, 2, 0, 300, 300);  // longer than the file's snapshot length
  put_record(b, 3, 0, 80, 80);
  TempFile t(b);
  expect_same(t.path());
  EXPECT_EQ(read_with(t.path(), CaptureReader::kFastest).data.at(1).size(), 100u);
}

TEST(CaptureReaderEquivalence, SnapshotZeroMeansTheMaximum) {
  Bytes8 b = pcap_header(0xa1b2c3d4, /*snaplen=*/0);
  put_record(b, 1, 0, 70'000, 70'000);
  TempFile t(b);
  expect_same(t.path());
}

TEST(CaptureReaderEquivalence, RecordLongerThanLibpcapsMaximumIsAnError) {
  Bytes8 b = pcap_header(0xa1b2c3d4, 0);
  put_record(b, 1, 0, 60, 60);
  put_record(b, 2, 0, 262'145, 262'145);
  TempFile t(b);
  expect_same(t.path());
  EXPECT_EQ(read_with(t.path(), CaptureReader::kFastest).error_offset, std::optional<uint64_t>(24 + 16 + 60));
}

TEST(CaptureReaderEquivalence, TruncationInHeaderOrDataAtEveryLength) {
  Bytes8 full = pcap_header();
  for (uint32_t i = 0; i < 3; ++i) put_record(full, 10 + i, 0, 50, 50);
  for (size_t cut = 24; cut < full.size(); ++cut) {
    TempFile t(Bytes8(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(cut)));
    expect_same(t.path());
  }
}

TEST(CaptureReaderEquivalence, BatchesAcrossBlockRefillsKeepEveryPacketIntact) {
  // About 12 MB of records of varied sizes: many block refills, records straddling each boundary.
  Bytes8 b = pcap_header(0xa1b2c3d4, 0);
  for (uint32_t i = 0; i < 9000; ++i) put_record(b, 100 + i, i, 64 + (i * 577) % 2600, 2700);
  TempFile t(b);
  expect_same(t.path());
  for (size_t batch : {1u, 7u, 64u}) EXPECT_EQ(read_with(t.path(), CaptureReader::kFastest, batch).ts.size(), 9000u);
}

TEST(CaptureReaderEquivalence, OtherFormatsStayWithLibpcap) {
  TempFile old_version(pcap_header(0xa1b2c3d4, 65535, 1, /*minor=*/3));
  EXPECT_FALSE(read_with(old_version.path(), CaptureReader::kFastest).direct);
  TempFile gz(make_pcap(3), /*gzip=*/true);
  EXPECT_FALSE(read_with(gz.path(), CaptureReader::kFastest).direct);
  TempFile ng(make_pcapng(3));
  EXPECT_FALSE(read_with(ng.path(), CaptureReader::kFastest).direct);
}

TEST(CaptureReaderEquivalence, EveryClassicPcapInSharedData) {
  std::filesystem::path root(VIGIL_SHARED_DATA);
  if (!std::filesystem::is_directory(root)) GTEST_SKIP() << "../shared/data is absent: " << root;
  size_t files = 0, direct = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || entry.file_size() > (256u << 20)) continue;
    auto opened = CaptureFile::open(entry.path().string());
    if (!opened.is_ok()) continue;
    bool is_direct = opened.value()->direct();
    direct += is_direct;
    ++files;
    expect_same(entry.path().string(), is_direct);
  }
  EXPECT_GT(direct, 0u);
  std::printf("compared %zu capture files, %zu of them through the direct reader\n", files, direct);
}

}  // namespace
}  // namespace vigil
