// FlatMap and HashKeyed: inserts keep the first value, lookups find what was inserted through growth,
// and a HashKeyed slot is 16 bytes for an 8-byte value (the point of keeping the hash alone).
#include "core/flat_map.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>

namespace vigil {
namespace {

TEST(FlatMap, InsertFindAndGrow) {
  FlatMap<uint64_t, int, std::hash<uint64_t>, std::equal_to<>> m;
  for (uint64_t i = 0; i < 100000; ++i) EXPECT_TRUE(m.try_emplace(i * 7919, static_cast<int>(i)).second);
  EXPECT_EQ(m.size(), 100000u);
  auto [v, inserted] = m.try_emplace(7919 * 5, -1);
  EXPECT_FALSE(inserted);
  EXPECT_EQ(*v, 5);  // the first value stays
  for (uint64_t i = 0; i < 100000; i += 997) {
    ASSERT_NE(m.find(i * 7919), nullptr);
    EXPECT_EQ(m.find(i * 7919)->value, static_cast<int>(i));
  }
  EXPECT_EQ(m.find(uint64_t{3}), nullptr);
  m.clear();
  EXPECT_TRUE(m.empty());
  EXPECT_EQ(m.find(uint64_t{0}), nullptr);
}

TEST(FlatMap, RetainRebuildsWithoutTheOthers) {
  FlatMap<uint64_t, int, std::hash<uint64_t>, std::equal_to<>> m;
  for (uint64_t i = 0; i < 20000; ++i) m.try_emplace(i, static_cast<int>(i % 3));
  m.retain([](uint64_t, int v) { return v != 1; });
  EXPECT_EQ(m.size(), 13333u);  // 6667 of 0..19999 leave 1 mod 3
  for (uint64_t i = 0; i < 20000; ++i) EXPECT_EQ(m.find(i) != nullptr, i % 3 != 1) << i;
  EXPECT_TRUE(m.try_emplace(uint64_t{1}, 7).second);  // probing still works over the rebuilt table
  EXPECT_EQ(m.find(uint64_t{1})->value, 7);
  m.retain([](uint64_t, int) { return false; });
  EXPECT_TRUE(m.empty());
  EXPECT_EQ(m.find(uint64_t{0}), nullptr);
}

// "C<i>", a uid-like key (appended: GCC 12 warns falsely on "C" + std::to_string(i)).
uint64_t uid_hash(uint64_t i) {
  std::string s = "C";
  s += std::to_string(i);
  return std::hash<std::string>{}(s);
}

TEST(FlatMap, HashKeyedKeepsTheHashAlone) {
  HashKeyed<uint64_t> m;
  for (uint64_t i = 1; i <= 50000; ++i) m.try_emplace(uid_hash(i), i);
  EXPECT_EQ(m.size(), 50000u);
  for (uint64_t i = 1; i <= 50000; i += 123) {
    const uint64_t* v = m.find(uid_hash(i));
    ASSERT_NE(v, nullptr);
    EXPECT_EQ(*v, i);
  }
  EXPECT_EQ(m.find(std::hash<std::string>{}("nobody")), nullptr);
  auto [v, inserted] = m.try_emplace(uid_hash(7), 0);
  EXPECT_FALSE(inserted);
  *v = 70;  // a value may be changed in place (the latest DNS answer wins)
  EXPECT_EQ(*m.find(uid_hash(7)), 70u);
  EXPECT_EQ(sizeof(FlatMap<NoKey, uint64_t, SameHash, HashDecides>::Slot), 16u);
}

}  // namespace
}  // namespace vigil
