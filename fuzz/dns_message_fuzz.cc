// Fuzzes the DNS message parser (names with compression, every record type's rendering) on raw bytes.
#include "protocols/dns_message.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  vigil::DnsMessage m;
  (void)vigil::parse_dns_message(std::span<const uint8_t>(data, size), m);
  size_t sum = 0;
  for (const auto& q : m.questions) sum += q.name.size();
  for (const auto& a : m.answers) sum += a.name.size() + a.text.size();
  return sum == static_cast<size_t>(-1);
}
