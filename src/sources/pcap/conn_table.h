// ConnTable: an open-addressing hash table from FlowKey to an owned connection.
//
// One probe usually touches one slot (hash and pointer side by side) and then the connection itself, which
// the caller needs anyway; std::unordered_map added a node and a pointer chase per lookup, the largest cost
// of the flow meter. Deletion shifts the following entries back, so there are no tombstones.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

namespace vigil {

template <typename Key, typename Conn>
class ConnTable {
 public:
  ConnTable() : slots_(kInitialSlots), mask_(kInitialSlots - 1) {}

  Conn* find(const Key& key, uint64_t hash) const {
    for (size_t i = hash & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (!s.conn) return nullptr;
      if (s.hash == hash && s.conn->key == key) return s.conn.get();
    }
  }

  // Hints for a lookup that will come soon: first the slot, then (once the slot is in cache) the connection
  // it points to. Only the home slot is considered; both are harmless if the table changes meanwhile.
  void prefetch_slot(uint64_t hash) const { __builtin_prefetch(&slots_[hash & mask_]); }
  void prefetch_conn(uint64_t hash) const {
    const Slot& s = slots_[hash & mask_];
    if (s.hash == hash && s.conn) __builtin_prefetch(s.conn.get());
  }

  Conn& insert(uint64_t hash, std::unique_ptr<Conn> conn) {
    if ((size_ + 1) * 4 > slots_.size() * 3) grow();
    Conn& ref = *conn;
    place(hash, std::move(conn));
    ++size_;
    return ref;
  }

  void erase(const Key& key, uint64_t hash) {
    size_t i = hash & mask_;
    while (!(slots_[i].hash == hash && slots_[i].conn->key == key)) i = (i + 1) & mask_;
    for (size_t j = (i + 1) & mask_; slots_[j].conn; j = (j + 1) & mask_) {
      size_t home = slots_[j].hash & mask_;
      // Move j back into the hole at i unless its home lies cyclically in (i, j].
      bool home_between = i <= j ? (home > i && home <= j) : (home > i || home <= j);
      if (!home_between) {
        slots_[i] = std::move(slots_[j]);
        i = j;
      }
    }
    slots_[i] = Slot{};
    --size_;
  }

  template <typename F>
  void for_each(F&& f) const {
    for (const Slot& s : slots_)
      if (s.conn) f(*s.conn);
  }
  size_t size() const { return size_; }
  void clear() {
    slots_.clear();
    slots_.resize(kInitialSlots);
    mask_ = kInitialSlots - 1;
    size_ = 0;
  }

 private:
  static constexpr size_t kInitialSlots = 1024;
  struct Slot {
    uint64_t hash = 0;
    std::unique_ptr<Conn> conn;
  };

  void place(uint64_t hash, std::unique_ptr<Conn> conn) {
    size_t i = hash & mask_;
    while (slots_[i].conn) i = (i + 1) & mask_;
    slots_[i] = Slot{hash, std::move(conn)};
  }

  void grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    mask_ = slots_.size() - 1;
    for (Slot& s : old)
      if (s.conn) place(s.hash, std::move(s.conn));
  }

  std::vector<Slot> slots_;
  size_t mask_;
  size_t size_ = 0;
};

}  // namespace vigil
