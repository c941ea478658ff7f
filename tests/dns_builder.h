// Builders of DNS wire messages for tests: header, names, questions and answers, byte by byte.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vigil::dns_test {

using Msg = std::vector<uint8_t>;

inline void put16(Msg& m, uint16_t v) {
  m.push_back(static_cast<uint8_t>(v >> 8));
  m.push_back(static_cast<uint8_t>(v));
}
inline void put32(Msg& m, uint32_t v) {
  put16(m, static_cast<uint16_t>(v >> 16));
  put16(m, static_cast<uint16_t>(v));
}
inline void put_name(Msg& m, const std::vector<std::string>& labels) {
  for (const auto& l : labels) {
    m.push_back(static_cast<uint8_t>(l.size()));
    m.insert(m.end(), l.begin(), l.end());
  }
  m.push_back(0);
}
inline Msg header(uint16_t id, uint16_t flags, uint16_t qd, uint16_t an) {
  Msg m;
  put16(m, id);
  put16(m, flags);
  put16(m, qd);
  put16(m, an);
  put16(m, 0);
  put16(m, 0);
  return m;
}
// An answer whose owner name is a pointer to offset 12 (the question's name).
inline void put_answer(Msg& m, uint16_t type, uint32_t ttl, const Msg& rdata) {
  put16(m, 0xc00c);
  put16(m, type);
  put16(m, 1);
  put32(m, ttl);
  put16(m, static_cast<uint16_t>(rdata.size()));
  m.insert(m.end(), rdata.begin(), rdata.end());
}

}  // namespace vigil::dns_test
