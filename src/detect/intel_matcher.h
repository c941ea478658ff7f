// The threat-intel detector: connections, DNS queries and answers, TLS SNI and HTTP Host matched
// against indicator feeds (src/intel), per internal host and indicator, with the feed named. A hit on
// an outbound connection that exchanged data is the strongest; a DNS lookup alone may have been blocked
// or sinkholed; an outside address reaching an internal server is mostly the internet's background
// scanning, so only inbound connections that exchanged data count, at medium severity.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "detect/channel.h"
#include "detect/record_observer.h"
#include "intel/indicator_set.h"

namespace vigil {

enum class IntelField : uint8_t { kConnection, kInboundConnection, kDnsQuery, kDnsAnswer, kSni, kHttpHost, kCount };
const char* to_string(IntelField f);

struct IntelFinding {
  IpAddr host;
  std::string indicator;  // as the feed listed it ("evil.example", "203.0.113.0/24")
  std::string feed, label;
  std::string matched;    // the first name or address that matched it
  std::array<uint64_t, static_cast<size_t>(IntelField::kCount)> hits{};
  uint64_t sent = 0, received = 0;  // over the matching connections
  int64_t first_ns = 0, last_ns = 0;
  double confidence = 0;  // 0.95 data exchanged outbound; 0.8 a connection without data, SNI or Host; 0.6 DNS only
  bool inbound_only = false;
};

class IntelMatcher : public RecordObserver {
 public:
  IntelMatcher(const IndicatorSet& indicators, const Locality& locality)
      : indicators_(indicators), locality_(locality) {}
  void conn(const ConnRecord& c) override;
  void dns(const DnsRecord& r) override;
  void ssl(const SslRecord& r) override;
  void http(const HttpRecord& r) override;
  std::vector<IntelFinding> findings() const;

 private:
  void hit(const IpAddr& host, const IndicatorMatch& m, std::string_view matched, IntelField field, int64_t ts_ns,
           uint64_t sent = 0, uint64_t received = 0);
  void name(const IpAddr& host, std::string_view name, IntelField field, int64_t ts_ns);

  const IndicatorSet& indicators_;
  const Locality& locality_;
  std::map<std::pair<IpAddr, std::string>, IntelFinding> hits_;  // by host and indicator
};

std::vector<std::string> explain(const IntelFinding& f);

}  // namespace vigil
