// Channels: what the beacon detector scores. A channel is one internal host talking to one external
// destination, named two ways: by address (external address, port, protocol) and by server name (TLS SNI
// or HTTP Host). The name channel is what finds a beacon spread over many CDN addresses: twenty addresses
// behind one name are one rhythm. A connection without SNI or Host is named by the DNS answer that gave
// its client the address, when there was one. Each channel keeps, per connection, its start, sizes and
// duration, compactly (ConnectionSeries); summaries merge, so days can be combined.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/conn_record.h"
#include "core/ip_addr.h"
#include "core/net_set.h"
#include "detect/connection_series.h"

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

struct ChannelSummary {
  ConnectionSeries series;
  std::vector<IpAddr> addresses;  // name channels: the distinct addresses behind the name (at most kMaxAddresses)
  static constexpr size_t kMaxAddresses = 64;
  uint32_t named_by_dns = 0;  // name channels: connections named by a DNS answer rather than SNI/Host
  uint32_t named = 0;         // address channels: connections also counted in some name channel
  std::vector<std::string> user_agents;  // name channels: distinct HTTP user agents (at most kMaxUserAgents)
  static constexpr size_t kMaxUserAgents = 4;
  static constexpr size_t kMaxUserAgentBytes = 256;  // longer ones are cut: they are the sender's to choose

  void add_user_agent(std::string_view agent);

  void add(const ChannelConnection& c, const IpAddr& address, bool keep_address);
  // Folds `other` in (another day of the same channel, say); connections stay in start order.
  void merge(const ChannelSummary& other);
  std::vector<ChannelConnection> connections() const { return series.decode(); }
  size_t count() const { return series.size(); }
};

using ChannelMap = std::unordered_map<ChannelKey, ChannelSummary, ChannelKeyHash>;

// Whether names can arrive after their connections. Logs read in any order can; a capture gives every
// name (and every DNS answer) before its connection ends, and logs read app logs first do too. Then no
// connection has to wait for its name, which saves a uid-keyed entry per connection.
enum class NameOrder { kAny, kBeforeConnections };

class ChannelTable {
 public:
  explicit ChannelTable(NetSet internal_nets, NameOrder order = NameOrder::kAny)
      : internal_(std::move(internal_nets)), order_(order) {}

  // A connection: counted in its address channel when it goes from an internal host to an external one
  // (inbound, internal-to-internal and external-only connections are not channels, nor are multicast
  // and broadcast destinations).
  void add(const ConnRecord& c);
  // The server name a connection asked for (ssl.log server_name, http.log host), whether it comes before
  // or after the connection: logs read from files arrive in any order. An HTTP request's user agent
  // comes along and is kept in the name channel's summary.
  void name(std::string_view uid, std::string_view server_name, std::string_view user_agent = {});
  // A DNS answer: `client` was told that `name` is at `address`. Its later connections to that address
  // that carry no server name of their own join the name's channel. The latest answer wins.
  void resolved(const IpAddr& client, std::string_view name, const IpAddr& address);
  // Every external address some DNS answer gave (to any client): a destination never resolved is a bare IP.
  bool was_resolved(const IpAddr& address) const { return resolved_addresses_.contains(address); }
  // Distinct internal hosts that opened a connection to the outside.
  size_t internal_hosts() const { return internal_hosts_.size(); }
  uint64_t connections() const { return connections_; }
  // Joins names still waiting to their connections, sorts every channel and hands them over.
  ChannelMap finish();

 private:
  struct Pending {  // an outbound connection whose name may still come
    ChannelKey key;
    ChannelConnection connection;
  };
  struct PendingName {  // a name whose connection may still come
    std::string name;
    uint32_t user_agent = 0;  // 1 + its index in agents_, 0 for none
  };
  struct AddrHash {
    size_t operator()(const IpAddr& a) const;
  };
  struct ClientAddress {
    IpAddr client, address;
    friend bool operator==(const ClientAddress&, const ClientAddress&) = default;
  };
  struct ClientAddressHash {
    size_t operator()(const ClientAddress& k) const;
  };
  // Adds the connection to its name channel and counts it as named in its address channel `address`.
  ChannelSummary& add_named(const ChannelKey& address_key, ChannelSummary& address, const ChannelConnection& c,
                            std::string name, uint32_t user_agent = 0);
  uint32_t intern_user_agent(std::string_view agent);
  const std::string* dns_name(const IpAddr& client, const IpAddr& address) const;

  NetSet internal_;
  NameOrder order_;
  ChannelMap channels_;
  std::unordered_map<std::string, Pending> unnamed_;  // by uid
  std::unordered_map<std::string, PendingName> names_;  // by uid, for connections not seen yet
  // User agents are few and repeat on every request: kept once, referred to by index while pending.
  std::vector<std::string> agents_;
  std::unordered_map<std::string, uint32_t> agent_index_;
  std::unordered_map<ClientAddress, std::string, ClientAddressHash> dns_names_;
  std::unordered_set<IpAddr, AddrHash> resolved_addresses_;
  std::unordered_set<IpAddr, AddrHash> internal_hosts_;
  uint64_t connections_ = 0;  // internal-to-external connections added
};

// "Example.COM.:8443" -> "example.com": the form names are compared in (HTTP Host may carry a port and
// any case; a trailing dot is the same name). Empty when nothing is left.
std::string normalise_server_name(std::string_view name);

}  // namespace vigil
