// FlatMap: an open-addressing hash map (linear probing, power-of-two size, no erase of single entries) for
// tables with millions of small entries: IndicatorSet's feeds and the channel table's per-connection lookups.
// std::unordered_map spent most of their time in node allocation, rehashing and a pointer chased per probe;
// here an insert is one slot write and a lookup one cache line. Entries are never erased one by one (callers
// mark a value spent instead); `retain` rebuilds the table without some.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace vigil {

// Hash(key-or-query) must give equal values for keys Equal deems equal; Equal(stored key, query).
template <typename Key, typename Value, typename Hash, typename Equal>
class FlatMap {
 public:
  struct Slot {
    uint64_t hash = 0;  // 0: empty; stored hashes have the top bit set
    [[no_unique_address]] Key key{};
    Value value{};
  };

  template <typename Query>
  Slot* find(const Query& q) {
    return const_cast<Slot*>(std::as_const(*this).find(q));
  }
  template <typename Query>
  const Slot* find(const Query& q) const {
    if (slots_.empty()) return nullptr;
    uint64_t h = tag(Hash{}(q));
    size_t mask = slots_.size() - 1;
    for (size_t i = static_cast<size_t>(h) & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (s.hash == 0) return nullptr;
      if (s.hash == h && Equal{}(s.key, q)) return &s;
    }
  }

  // Inserts when the key is absent; returns the stored value and whether it was inserted.
  std::pair<Value*, bool> try_emplace(const Key& key, const Value& value) { return insert_as(key, key, value); }
  // The same, the slot found by `q` (a query equal to `key`): for tables whose key is its own hash (HashKeyed).
  template <typename Query>
  std::pair<Value*, bool> insert_as(const Query& q, const Key& key, const Value& value) {
    if ((size_ + 1) * 10 > slots_.size() * 7) grow();
    uint64_t h = tag(Hash{}(q));
    size_t mask = slots_.size() - 1;
    for (size_t i = static_cast<size_t>(h) & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.hash == 0) {
        s = Slot{h, key, value};
        ++size_;
        return {&s.value, true};
      }
      if (s.hash == h && Equal{}(s.key, q)) return {&s.value, false};
    }
  }
  // Starts loading the cache line a lookup or insert of `q` will probe first; a bulk load issues these a batch
  // ahead, so the misses of a table larger than the cache overlap instead of queueing.
  template <typename Query>
  void prefetch(const Query& q) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[static_cast<size_t>(tag(Hash{}(q))) & (slots_.size() - 1)]);
  }
  template <typename Query>
  bool contains(const Query& q) const {
    return find(q) != nullptr;
  }
  size_t size() const { return size_; }
  void clear() {
    slots_.clear();
    slots_.shrink_to_fit();
    size_ = 0;
  }
  bool empty() const { return size_ == 0; }
  void reserve(size_t n) {
    while (n * 10 > slots_.size() * 7) grow();
  }
  // Keeps the entries for which keep(key, value) is true, rebuilding the table. Not an erase for routine use:
  // it undoes a bulk load that failed half-way (IndicatorSet::drop_feed).
  template <typename Keep>
  void retain(Keep keep) {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.size(), Slot{});
    size_ = 0;
    size_t mask = slots_.size() - 1;
    for (Slot& s : old) {
      if (s.hash == 0 || !keep(std::as_const(s.key), std::as_const(s.value))) continue;
      size_t i = static_cast<size_t>(s.hash) & mask;
      while (slots_[i].hash != 0) i = (i + 1) & mask;
      slots_[i] = std::move(s);
      ++size_;
    }
  }

 private:
  static uint64_t tag(uint64_t h) {
    h ^= h >> 33;  // spread high bits into the low ones the mask keeps
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h | (uint64_t{1} << 63);
  }
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 16 : old.size() * 2, Slot{});
    size_t mask = slots_.size() - 1;
    for (Slot& s : old) {
      if (s.hash == 0) continue;
      size_t i = static_cast<size_t>(s.hash) & mask;
      while (slots_[i].hash != 0) i = (i + 1) & mask;
      slots_[i] = std::move(s);
    }
  }
  std::vector<Slot> slots_;
  size_t size_ = 0;
};

// A table whose key is a 64-bit hash standing for it (a uid's, a composite key's): the slot keeps the
// (mixed) hash alone, 8 bytes less than a FlatMap<uint64_t, ...>. Two keys sharing a hash share an entry;
// callers that cannot accept that compare the value with their key themselves.
struct NoKey {};
struct SameHash {
  uint64_t operator()(uint64_t h) const { return h; }
};
struct HashDecides {
  bool operator()(NoKey, uint64_t) const { return true; }
};
template <typename Value>
class HashKeyed {
 public:
  Value* find(uint64_t h) {
    auto* s = map_.find(h);
    return s ? &s->value : nullptr;
  }
  const Value* find(uint64_t h) const {
    const auto* s = map_.find(h);
    return s ? &s->value : nullptr;
  }
  std::pair<Value*, bool> try_emplace(uint64_t h, const Value& value) { return map_.insert_as(h, NoKey{}, value); }
  bool empty() const { return map_.empty(); }
  size_t size() const { return map_.size(); }
  void clear() { map_.clear(); }

 private:
  FlatMap<NoKey, Value, SameHash, HashDecides> map_;
};

}  // namespace vigil
