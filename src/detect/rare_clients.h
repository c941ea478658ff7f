// The rare-client detector: client software that almost no other internal host runs, talking to a place
// almost no other host goes. Operators reuse tooling; its TLS fingerprint (JA4, or JA3 when the input has
// no JA4) or its HTTP User-Agent is rare inside one network, and so is its controller. Either alone is
// common in any network (a developer's tool; a little-known site visited with a browser), which is why a
// finding needs both, and repetition (the same client used at least kMinUses times): a rule on rarity of
// the client alone would name every host with an unusual program. Findings are low severity: a lead that
// raises a host with other findings more than it ranks a host on its own (docs/detection.md).
//
// Only what internal hosts send out counts (the client is the suspect). JA3 is only read from records
// without a JA4: since Chrome 110 shuffles its extensions, its JA3 changes per connection, which
// kMinUses already absorbs but which makes JA3 the weaker signature. Rarity needs a population: with fewer
// than kMinPopulation internal hosts (a lab capture) the detector says nothing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/flat_map.h"
#include "detect/allowlist.h"
#include "detect/channel.h"
#include "detect/record_observer.h"

namespace vigil {

enum class ClientSignature : uint8_t { kJa4, kJa3, kUserAgent };
const char* to_string(ClientSignature kind);  // "ja4", "ja3", "user-agent"

struct RareDestination {
  std::string target;  // a server name (SNI, Host) or, when none, the server's address
  size_t prevalence = 0;  // internal hosts that talk to it (any client), up to RareClientTable::kTrackedHosts
  size_t connections = 0;  // of this host with this client
};

struct RareClientFinding {
  IpAddr host;
  ClientSignature kind = ClientSignature::kUserAgent;
  std::string signature;
  size_t prevalence = 0;      // internal hosts using the signature
  size_t internal_hosts = 0;  // internal hosts seen sending TLS or HTTP out
  size_t connections = 0;     // this host's connections with it
  std::vector<RareDestination> destinations;  // rarest first; at most kMaxDestinations
  size_t other_connections = 0;   // to destinations past those
  int64_t first_ns = 0, last_ns = 0;
  double confidence = 0;
};

class RareClientTable : public RecordObserver {
 public:
  static constexpr size_t kRareHosts = 3;       // a client or destination of up to this many hosts is rare
  static constexpr size_t kTrackedHosts = kRareHosts + 1;  // counting stops here: "more than kRareHosts"
  static constexpr size_t kMinUses = 3;
  static constexpr size_t kMinPopulation = 20;
  static constexpr size_t kMaxDestinations = 8;
  // Memory bound: a JA3-only input where every browser connection has its own JA3 would otherwise grow a
  // signature per connection (and a flood of Host names a destination per request). Past this many of
  // each, new ones are not tracked: signatures counted in untracked(), destinations as "other".
  static constexpr size_t kMaxTracked = 1'000'000;
  static constexpr size_t kMaxSignatureBytes = 256;

  explicit RareClientTable(const Locality& locality) : locality_(locality) {}
  void ssl(const SslRecord& r) override;
  void http(const HttpRecord& r) override;
  std::vector<RareClientFinding> findings(double min_confidence, const Allowlist* allowlist) const;
  size_t untracked() const { return untracked_; }

 private:
  struct HostSet {  // the first kTrackedHosts distinct hosts, as indexes into hosts_
    uint32_t ids[kTrackedHosts] = {};
    uint8_t count = 0;
    void add(uint32_t id);
  };
  struct Signature {
    HostSet hosts;
    ClientSignature kind;
    uint32_t text = UINT32_MAX;  // in texts_, once some host used it kMinUses times
  };
  struct Destination {
    HostSet hosts;
    uint32_t text = 0;  // in texts_
  };
  struct Use {  // one host with one signature
    uint32_t host = 0, signature = 0;
    uint32_t connections = 0;
    uint32_t destinations[kMaxDestinations] = {};  // ids in destinations_
    uint32_t per_destination[kMaxDestinations] = {};
    uint8_t destination_count = 0;
    uint32_t other_connections = 0;  // to destinations past kMaxDestinations
    int64_t first_ns = INT64_MAX, last_ns = INT64_MIN;
  };

  void observe(const ConnRef& id, ClientSignature kind, std::string_view signature, std::string_view destination);
  uint32_t host_id(const IpAddr& host);
  uint32_t destination_id(std::string_view target, uint32_t host);
  std::vector<RareDestination> rare_destinations(const Use& use, size_t& others) const;

  static constexpr uint32_t kUntracked = UINT32_MAX;
  const Locality& locality_;
  HashKeyed<uint32_t> host_index_, signature_index_, destination_index_, use_index_;
  std::vector<IpAddr> hosts_;
  std::vector<Signature> signatures_;
  std::vector<Destination> destinations_;
  std::vector<Use> uses_;
  std::vector<std::string> texts_;
  size_t untracked_ = 0;
  std::string scratch_;  // a destination's text, per record
};

std::vector<std::string> explain(const RareClientFinding& f);

}  // namespace vigil
