// The wrong-port detector: a protocol where the port says another one should be — TLS on 53, cleartext
// HTTP on 443, DNS on a high port, SSH on 80 or 443. Tunnels and implants pick ports that firewalls
// leave open. The protocol is what the connection's content showed (conn.log's service: vigil's own
// analyzers for captures, Zeek's for logs); a connection whose service is unknown says nothing.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "detect/allowlist.h"
#include "detect/channel.h"
#include "detect/record_observer.h"

namespace vigil {

struct PortMismatchFinding {
  IpAddr host, peer;
  uint16_t port = 0;
  TransportProto proto = TransportProto::kUnknown;
  Direction direction = Direction::kOutbound;
  std::string service;         // what the content was
  std::string expected;        // what the port is for
  double confidence = 0;       // how odd the pair is (docs/detection.md)
  size_t connections = 0;
  uint64_t sent = 0, received = 0;
  int64_t first_ns = 0, last_ns = 0;
};

// The services a well-known port carries, and how odd another protocol there is; nullptr when the port
// is not one vigil judges or the service fits.
struct PortRule {
  const char* expected;
  double confidence;
};
const PortRule* port_rule(uint16_t port, TransportProto proto, std::string_view service);

class PortMismatchTable : public RecordObserver {
 public:
  explicit PortMismatchTable(const Locality& locality) : locality_(locality) {}
  void conn(const ConnRecord& c) override;
  std::vector<PortMismatchFinding> findings(double min_confidence, const Allowlist* allowlist) const;

 private:
  struct Key {
    IpAddr host, peer;
    uint16_t port;
    TransportProto proto;
    std::string service;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& k) const;
  };
  const Locality& locality_;
  std::unordered_map<Key, PortMismatchFinding, KeyHash> seen_;
};

std::vector<std::string> explain(const PortMismatchFinding& f);

}  // namespace vigil
