// Channels: what the beacon detector scores. A channel is one internal host talking to one external
// destination, named two ways: by address (external address, port, protocol) and by server name (TLS SNI
// or HTTP Host). The name channel is what finds a beacon spread over many CDN addresses: twenty addresses
// behind one name are one rhythm. A connection without SNI or Host is named by the DNS answer that gave
// its client the address, when there was one. Each channel keeps, per connection, its start, sizes and
// duration, compactly (ConnectionSeries); summaries merge, so days can be combined.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/conn_record.h"
#include "core/flat_map.h"
#include "core/ip_addr.h"
#include "core/net_set.h"
#include "detect/connection_series.h"

namespace vigil {

// Which way a channel's connections go. The host a finding is about is `internal` in every direction:
// the client calling out (outbound), the internal server an outside peer keeps contacting (inbound: an
// operator polling a web shell), or the internal client calling another internal host (a pivot, or a
// lab whose controller has a private address).
enum class Direction : uint8_t { kOutbound, kInbound, kInternal };
inline constexpr size_t kDirections = 3;
const char* to_string(Direction d);

struct ChannelKey {
  IpAddr internal;  // the host the channel is about (see Direction)
  IpAddr external;  // the peer: the destination, or for inbound channels the outside client; :: for a name channel
  uint16_t port = 0;  // the server's port
  TransportProto proto = TransportProto::kUnknown;
  std::string name;  // the server name, lower case; empty for an address channel
  Direction direction = Direction::kOutbound;
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
  uint64_t sent_bytes = 0, received_bytes = 0;  // all connections' orig_bytes and resp_bytes
  std::vector<std::string> user_agents;  // name channels: distinct HTTP user agents (at most kMaxUserAgents)
  // Client messages inside its connections (captures only: ConnRecord::client_messages), ns, in order;
  // at most kMaxMessages. A single-socket implant's check-ins.
  std::vector<int64_t> messages;
  static constexpr size_t kMaxMessages = 1 << 16;
  void add_messages(const std::vector<int64_t>& starts);
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

// Which addresses are internal: the configured networks, or, when the user configured none, Zeek's own
// local_orig/local_resp where a log row carries them (the sensor's Site::local_nets), falling back to the
// networks for rows that do not.
class Locality {
 public:
  Locality(NetSet nets, bool trust_log_fields) : nets_(std::move(nets)), trust_log_fields_(trust_log_fields) {}
  // The table's decision for one side of a connection: counted, and remembered for later DNS clients.
  bool decide(const IpAddr& a, const std::optional<bool>& log_says) {
    if (trust_log_fields_ && log_says) {
      ++by_log_fields_;
      if (*log_says && !nets_.contains(a)) learned_.insert(a);
      return *log_says;
    }
    return nets_.contains(a);
  }
  // The same rule for other readers of the connection (detectors that observe records).
  bool internal(const IpAddr& a, const std::optional<bool>& log_says) const {
    return trust_log_fields_ && log_says ? *log_says : nets_.contains(a);
  }
  // For addresses without a log row's word (a DNS client): the networks, and every address a row called local.
  bool internal(const IpAddr& a) const { return nets_.contains(a) || learned_.contains(a); }
  uint64_t decided_by_log_fields() const { return by_log_fields_; }  // address decisions, two per connection

 private:
  NetSet nets_;
  bool trust_log_fields_;
  uint64_t by_log_fields_ = 0;
  std::unordered_set<IpAddr, IpAddrHash> learned_;  // local by the logs, outside the networks
};

// Whether names can arrive after their connections. Logs read in any order can; a capture gives every
// name (and every DNS answer) before its connection ends, and logs read app logs first do too. Then no
// connection has to wait for its name, which saves a uid-keyed entry per connection.
enum class NameOrder { kAny, kBeforeConnections };

class ChannelTable {
 public:
  explicit ChannelTable(NetSet internal_nets, NameOrder order = NameOrder::kAny)
      : ChannelTable(Locality(std::move(internal_nets), false), order) {}
  ChannelTable(Locality locality, NameOrder order) : internal_(std::move(locality)), order_(order) {}

  // A connection: counted in its address channel in its direction (outbound, inbound or internal; see
  // Direction). Connections between two external hosts are not channels, nor are multicast and
  // broadcast destinations. Inbound channels have no name channel: the name is the server's own.
  void add(const ConnRecord& c);
  // The server name a connection asked for (ssl.log server_name, http.log host), whether it comes before
  // or after the connection: logs read from files arrive in any order. An HTTP request's user agent
  // comes along and is kept in the name channel's summary.
  void name(std::string_view uid, std::string_view server_name, std::string_view user_agent = {});
  // An HTTP request (http.log row) at `ts_ns`, the `trans_depth`th on its connection. Requests after the
  // first on a kept-alive connection are its client's messages (as a capture's flow meter notes them), so
  // an HTTP beacon that keeps one connection open is judged by them; they must come before the connection.
  void request(std::string_view uid, int64_t ts_ns, uint32_t trans_depth);
  // A DNS answer: `client` was told that `name` is at `address`. Its later connections to that address
  // that carry no server name of their own join the name's channel. The latest answer wins.
  void resolved(const IpAddr& client, std::string_view name, const IpAddr& address);
  // Every external address some DNS answer gave (to any client): a destination never resolved is a bare IP.
  bool was_resolved(const IpAddr& address) const { return resolved_addresses_.contains(address); }
  // Whether the input had any DNS answer at all: without one, every address would look unnamed.
  bool saw_dns_answers() const { return !resolved_addresses_.empty(); }
  // Distinct internal hosts that opened a connection to the outside.
  size_t internal_hosts() const { return hosts_[0].size(); }
  // Distinct hosts a channel in direction `d` is about (calling out, being contacted, calling inside).
  size_t hosts(Direction d) const { return hosts_[static_cast<size_t>(d)].size(); }
  uint64_t connections() const { return by_direction_[0]; }  // outbound
  uint64_t connections(Direction d) const { return by_direction_[static_cast<size_t>(d)]; }
  const Locality& locality() const { return internal_; }
  // Joins names still waiting to their connections, sorts every channel and hands them over.
  ChannelMap finish();

 private:
  struct Pending {  // an outbound connection whose name may still come
    ChannelKey key;
    ChannelConnection connection;
  };
  struct PendingName {  // a name whose connection may still come
    uint32_t name = 0;        // in strings_
    uint32_t user_agent = 0;  // in strings_, 0 for none
  };
  // Names and user agents repeat on every connection: each is kept once and referred to by a number
  // (1-based; 0 is none). A deque keeps every string where it is, so the index may view them.
  class StringPool {
   public:
    uint32_t intern(std::string_view s);
    const std::string& at(uint32_t id) const { return strings_[id - 1]; }
    void clear() {
      index_.clear();
      strings_.clear();
    }

   private:
    std::deque<std::string> strings_;
    FlatMap<std::string_view, uint32_t, std::hash<std::string_view>, std::equal_to<>> index_;
  };
  // Connections are matched to their names by uid. The table keeps a 64-bit hash of the uid rather than
  // the uid (18 bytes, past the small-string buffer): two uids sharing a hash among millions is a chance
  // of about 10^-7 per run, and would only lend one connection the other's name.
  static uint64_t uid_key(std::string_view uid) { return std::hash<std::string_view>{}(uid); }
  // Tables whose key is already a 64-bit hash (a uid's, a channel key's, a client-and-address pair's).
  template <typename Value>
  using ByHash = HashKeyed<Value>;
  using AddressSet = FlatMap<IpAddr, bool, IpAddrHash, std::equal_to<>>;
  static uint64_t client_address_key(const IpAddr& client, const IpAddr& address);

  // The channel of that key, made when new. Every connection looks up one or two channels: the flat
  // index finds the map's entry in one probe where the map itself chased a bucket and a node chain.
  ChannelSummary& channel(const IpAddr& internal, const IpAddr& external, uint16_t port, TransportProto proto,
                          Direction direction, std::string_view name);
  // Adds the connection to its name channel and counts it as named in its address channel `address`.
  ChannelSummary& add_named(const ChannelKey& address_key, ChannelSummary& address, const ChannelConnection& c,
                            std::string_view name, uint32_t user_agent = 0);
  const std::string* dns_name(const IpAddr& client, const IpAddr& address) const;
  std::vector<int64_t> take_requests(const ConnRecord& c);

  Locality internal_;
  NameOrder order_;
  ChannelMap channels_;
  // channels_'s entries by their key's hash; a key sharing another's hash is looked up in channels_ itself.
  ByHash<ChannelMap::value_type*> index_;
  std::unordered_map<uint64_t, Pending> unnamed_;  // by uid_key
  // By uid_key, names for connections not seen yet. A uid is one connection, so an entry is looked up
  // once and left in place (erasing cost more than the memory it gave back).
  ByHash<PendingName> names_;
  StringPool strings_;  // server names and user agents
  ByHash<uint32_t> dns_names_;
  std::unordered_map<uint64_t, std::vector<int64_t>> requests_;  // by uid_key: kept-alive requests' times  // by client_address_key: the name in strings_ the client was last told
  AddressSet resolved_addresses_;
  AddressSet hosts_[kDirections];
  uint64_t by_direction_[kDirections] = {};
};

// "Example.COM.:8443" -> "example.com": the form names are compared in (HTTP Host may carry a port and
// any case; a trailing dot is the same name). Empty when nothing is left.
std::string normalise_server_name(std::string_view name);
// The same into `out`, reusing its memory: for callers that normalise a name per record.
void normalise_server_name(std::string_view name, std::string& out);

}  // namespace vigil
