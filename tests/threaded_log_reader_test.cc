// read_logs_threaded: the same records in the same order as read_logs, the same report, and a sink that
// fails stops the read without hanging.
#include "sources/logs/threaded_log_reader.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "capture_fixtures.h"

namespace vigil {
namespace {

std::string logs_text(int conns, int dns_rows) {
  std::string s =
      "#separator \\x09\n#path\tdns\n"
      "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tquery\tanswers\n";
  for (int i = 0; i < dns_rows; ++i)
    s += std::to_string(1000 + i) + "\tD" + std::to_string(i) + "\t10.0.0.1\t5353\t10.0.0.53\t53\tudp\tn" +
         std::to_string(i) + ".example\t192.0.2." + std::to_string(i % 250) + "\n";
  s += "#path\tconn\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\torig_bytes\n";
  for (int i = 0; i < conns; ++i)
    s += std::to_string(2000 + i) + "\tC" + std::to_string(i) + "\t10.0.0.2\t40000\t198.51.100.7\t443\ttcp\t" +
         std::to_string(i) + "\n";
  s += "a line that is not a row\n";
  return s;
}

struct Sequence {
  std::vector<std::string> seen;  // "kind uid", in arrival order
  LogSink sink() {
    return {[this](ConnRecord&& r) { seen.push_back("conn " + r.uid); },
            [this](DnsRecord&& r) { seen.push_back("dns " + r.id.uid + " " + r.query.value_or("")); }, {}, {}, {}};
  }
};

TEST(ThreadedLogReader, SameRecordsInTheSameOrderAndTheSameReport) {
  std::string text = logs_text(20000, 7000);
  TempFile file(Bytes8(text.begin(), text.end()));
  Sequence plain, threaded;
  uint64_t last_plain = 0, last_threaded = 0;  // the progress reports' last line count
  ReadReport a = read_logs({file.path()}, std::nullopt, plain.sink(), [&](uint64_t, uint64_t, uint64_t n) { last_plain = n; });
  ReadReport b = read_logs_threaded({file.path()}, std::nullopt, threaded.sink(),
                                    [&](uint64_t, uint64_t, uint64_t n) { last_threaded = n; });
  ASSERT_EQ(plain.seen.size(), 27000u);
  EXPECT_EQ(threaded.seen, plain.seen);
  EXPECT_EQ(a.records, b.records);
  EXPECT_EQ(a.lines, b.lines);
  ASSERT_EQ(a.skipped.size(), 1u);  // the line that is not a row
  EXPECT_EQ(b.skipped.begin()->second.count, a.skipped.begin()->second.count);
  EXPECT_EQ(last_threaded, last_plain);
}

TEST(ThreadedLogReader, OnlyTheKindsTheSinkTakesArrive) {
  std::string text = logs_text(5000, 3000);
  TempFile file(Bytes8(text.begin(), text.end()));
  size_t conns = 0;
  LogSink only_conn;
  only_conn.conn = [&](ConnRecord&&) { ++conns; };
  ReadReport r = read_logs_threaded({file.path()}, std::nullopt, only_conn);
  EXPECT_EQ(conns, 5000u);
  EXPECT_EQ(r.records[static_cast<size_t>(LogKind::kDns)], 0u);  // not parsed at all
}

TEST(ThreadedLogReader, ASinkThatFailsStopsTheReadAndTheFailureReachesTheCaller) {
  std::string text = logs_text(200000, 0);
  TempFile file(Bytes8(text.begin(), text.end()));
  size_t seen = 0;
  LogSink failing;
  failing.conn = [&](ConnRecord&&) {
    if (++seen == 5000) throw std::runtime_error("disk full");
  };
  EXPECT_THROW(read_logs_threaded({file.path()}, std::nullopt, failing), std::runtime_error);
  EXPECT_EQ(seen, 5000u);
}

}  // namespace
}  // namespace vigil
