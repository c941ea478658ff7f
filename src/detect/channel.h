// Channels: what the beacon detector scores. A channel is one internal host talking to one external
// destination, named two ways: by address (external address, port, protocol) and by server name (TLS SNI
// or HTTP Host). The name channel is what finds a beacon spread over many CDN addresses: twenty addresses
// behind one name are one rhythm. Each channel keeps, per connection, its start, sizes and duration;
// summaries merge, so days can be combined.
//
// Not yet: names from the DNS answer that resolved an address (docs/design/beacon-detection.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/conn_record.h"
#include "core/ip_addr.h"
#include "core/net_set.h"

namespace vigil {

struct ChannelKey {
  IpAddr internal;
  IpAddr external;  // the destination address; left at :: for a name channel
  uint16_t port = 0;
  TransportProto proto = TransportProto::kUnknown;
  std::string name;  // the server name, lower case; empty for an address channel
  bool is_name() const { return !name.empty(); }
  friend bool operator==(const ChannelKey&, const ChannelKey&) = default;
};

struct ChannelKeyHash {
  size_t operator()(const ChannelKey& k) const;
};

// One connection of a channel: what periodicity, size and duration regularity need.
struct ChannelConnection {
  int64_t start_ns = 0;
  uint64_t orig_bytes = 0;
  uint64_t resp_bytes = 0;
  int64_t duration_ns = 0;
  friend bool operator==(const ChannelConnection&, const ChannelConnection&) = default;
};

struct ChannelSummary {
  std::vector<ChannelConnection> connections;  // in start order once the table is finished
  std::vector<IpAddr> addresses;  // name channels: the distinct addresses behind the name (at most kMaxAddresses)
  static constexpr size_t kMaxAddresses = 64;

  void add(const ChannelConnection& c, const IpAddr& address, bool keep_address);
  // Folds `other` in (another day of the same channel, say); connections stay in start order.
  void merge(const ChannelSummary& other);
};

using ChannelMap = std::unordered_map<ChannelKey, ChannelSummary, ChannelKeyHash>;

class ChannelTable {
 public:
  explicit ChannelTable(NetSet internal_nets) : internal_(std::move(internal_nets)) {}

  // A connection: counted in its address channel when it goes from an internal host to an external one
  // (inbound, internal-to-internal and external-only connections are not channels).
  void add(const ConnRecord& c);
  // The server name a connection asked for (ssl.log server_name, http.log host), whether it comes before
  // or after the connection: logs read from files arrive in any order.
  void name(std::string_view uid, std::string_view server_name);
  // Joins names still waiting to their connections, sorts every channel and hands them over.
  ChannelMap finish();

 private:
  struct Pending {  // an outbound connection whose name may still come
    ChannelKey key;
    ChannelConnection connection;
  };
  void add_named(ChannelKey key, const ChannelConnection& c, std::string name);

  NetSet internal_;
  ChannelMap channels_;
  std::unordered_map<std::string, Pending> unnamed_;  // by uid
  std::unordered_map<std::string, std::string> names_;  // by uid, for connections not seen yet
};

// "Example.COM.:8443" -> "example.com": the form names are compared in (HTTP Host may carry a port and
// any case; a trailing dot is the same name). Empty when nothing is left.
std::string normalise_server_name(std::string_view name);

}  // namespace vigil
