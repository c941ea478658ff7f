// append_seconds: Zeek's six-decimal form of times and intervals.
#include "core/timestamp.h"

#include <gtest/gtest.h>

namespace vigil {
namespace {

std::string fmt(int64_t ns) {
  std::string s;
  append_seconds(s, ns);
  return s;
}

TEST(Timestamp, PrintsSixDecimals) {
  EXPECT_EQ(fmt(0), "0.000000");
  EXPECT_EQ(fmt(1'700'000'000'123'456'000), "1700000000.123456");
  EXPECT_EQ(fmt(10'048'360'000), "10.048360");
}

TEST(Timestamp, RoundsToNearestMicrosecond) {
  EXPECT_EQ(fmt(1'499), "0.000001");
  EXPECT_EQ(fmt(1'999'999'500), "2.000000");
  EXPECT_EQ(fmt(-1'500'000), "-0.001500");
}

}  // namespace
}  // namespace vigil
