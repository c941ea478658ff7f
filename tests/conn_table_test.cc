// ConnTable: open addressing with backward-shift deletion agrees with std::map under random churn.
#include "sources/pcap/conn_table.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

namespace vigil {
namespace {

struct Item {
  int key;
  int value;
};

TEST(ConnTable, AgreesWithAMapUnderChurn) {
  ConnTable<int, Item> table;
  std::map<int, int> truth;
  std::mt19937 rng(7);
  // Few distinct hashes force long probe runs and wrap-around, where deletion bugs hide.
  auto hash = [](int k) { return static_cast<uint64_t>(k % 97) * 0x9e3779b97f4a7c15ull; };
  for (int step = 0; step < 200000; ++step) {
    int k = static_cast<int>(rng() % 5000);
    Item* found = table.find(k, hash(k));
    ASSERT_EQ(found != nullptr, truth.count(k) == 1) << "step " << step;
    if (found) {
      ASSERT_EQ(found->value, truth[k]);
      if (rng() % 2) {
        table.erase(k, hash(k));
        truth.erase(k);
      }
    } else {
      table.insert(hash(k), std::make_unique<Item>(Item{k, step}));
      truth[k] = step;
    }
    ASSERT_EQ(table.size(), truth.size());
  }
  size_t visited = 0;
  table.for_each([&](Item& it) {
    ++visited;
    EXPECT_EQ(truth.at(it.key), it.value);
  });
  EXPECT_EQ(visited, truth.size());
  table.clear();
  EXPECT_EQ(table.size(), 0u);
  EXPECT_EQ(table.find(1, hash(1)), nullptr);
}

}  // namespace
}  // namespace vigil
