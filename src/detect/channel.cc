// ChannelTable: connections folded into address and name channels.
#include "detect/channel.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <utility>

namespace vigil {
namespace {

uint64_t mix(uint64_t h, uint64_t v) {  // boost-style hash combine, 64-bit
  return h ^ (v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2));
}

uint64_t hash_addr(const IpAddr& a) {
  const auto& b = a.bytes();
  uint64_t hi = 0, lo = 0;
  for (int i = 0; i < 8; ++i) hi = hi << 8 | b[static_cast<size_t>(i)];
  for (int i = 8; i < 16; ++i) lo = lo << 8 | b[static_cast<size_t>(i)];
  return mix(hi, lo);
}

ChannelConnection connection_of(const ConnRecord& c) {
  ChannelConnection k;
  k.start_ns = c.ts.ns;
  k.orig_bytes = c.orig_bytes.value_or(0);
  k.resp_bytes = c.resp_bytes.value_or(0);
  k.duration_ns = c.duration ? c.duration->ns : 0;
  k.open = c.proto == TransportProto::kTcp && (c.conn_state == ConnState::kS1 || c.conn_state == ConnState::kS2 ||
                                               c.conn_state == ConnState::kS3 || c.conn_state == ConnState::kOTH);
  return k;
}

// Multicast and broadcast destinations (mDNS, LLMNR, SSDP, DHCP) are nobody's server: a host's periodic
// announcements there are not a channel to anyone.
bool is_group_address(const IpAddr& a) {
  const auto& b = a.bytes();
  if (a.is_v4()) return (b[12] & 0xf0) == 0xe0 || a.v4_host_order() == 0xffffffffu;
  return b[0] == 0xff;
}

}  // namespace

const char* to_string(Direction d) {
  switch (d) {
    case Direction::kOutbound: return "outbound";
    case Direction::kInbound: return "inbound";
    case Direction::kInternal: break;
  }
  return "internal";
}

namespace {
uint64_t key_hash(const IpAddr& internal, const IpAddr& external, uint16_t port, TransportProto proto,
                  Direction direction, std::string_view name) {
  uint64_t h = mix(hash_addr(internal), hash_addr(external));
  h = mix(h, uint64_t{port} << 16 | uint64_t{static_cast<uint8_t>(direction)} << 8 | static_cast<uint64_t>(proto));
  return mix(h, std::hash<std::string_view>{}(name));
}
}  // namespace

size_t ChannelKeyHash::operator()(const ChannelKey& k) const {
  return static_cast<size_t>(key_hash(k.internal, k.external, k.port, k.proto, k.direction, k.name));
}

void ChannelSummary::add(const ChannelConnection& c, const IpAddr& address, bool keep_address) {
  series.append(c);
  sent_bytes += c.orig_bytes;
  received_bytes += c.resp_bytes;
  if (keep_address && addresses.size() < kMaxAddresses &&
      std::find(addresses.begin(), addresses.end(), address) == addresses.end())
    addresses.push_back(address);
}

void ChannelSummary::add_messages(const std::vector<int64_t>& starts) {
  if (starts.empty() || messages.size() >= kMaxMessages) return;
  size_t old = messages.size();
  messages.insert(messages.end(), starts.begin(), starts.begin() + static_cast<std::ptrdiff_t>(
                                                      std::min(starts.size(), kMaxMessages - old)));
  if (old > 0 && messages[old] < messages[old - 1]) std::inplace_merge(messages.begin(), messages.begin() + static_cast<std::ptrdiff_t>(old), messages.end());
}

void ChannelSummary::add_user_agent(std::string_view agent) {
  agent = agent.substr(0, kMaxUserAgentBytes);
  if (agent.empty() || user_agents.size() >= kMaxUserAgents) return;
  if (std::find(user_agents.begin(), user_agents.end(), agent) == user_agents.end()) user_agents.emplace_back(agent);
}

void ChannelSummary::merge(const ChannelSummary& other) {
  series.merge(other.series);
  named_by_dns += other.named_by_dns;
  named += other.named;
  sent_bytes += other.sent_bytes;
  received_bytes += other.received_bytes;
  for (const std::string& agent : other.user_agents) add_user_agent(agent);
  add_messages(other.messages);
  for (const IpAddr& a : other.addresses)
    if (addresses.size() < kMaxAddresses && std::find(addresses.begin(), addresses.end(), a) == addresses.end())
      addresses.push_back(a);
}

uint64_t ChannelTable::client_address_key(const IpAddr& client, const IpAddr& address) {
  return mix(hash_addr(client), hash_addr(address));
}

ChannelSummary& ChannelTable::channel(const IpAddr& internal, const IpAddr& external, uint16_t port,
                                      TransportProto proto, Direction direction, std::string_view name) {
  uint64_t h = key_hash(internal, external, port, proto, direction, name);
  if (ChannelMap::value_type** entry = index_.find(h)) {
    const ChannelKey& k = (*entry)->first;
    if (k.internal == internal && k.external == external && k.port == port && k.proto == proto &&
        k.direction == direction && k.name == name)
      return (*entry)->second;
    return channels_[ChannelKey{internal, external, port, proto, std::string(name), direction}];  // a shared hash
  }
  auto it = channels_.try_emplace(ChannelKey{internal, external, port, proto, std::string(name), direction}).first;
  index_.try_emplace(h, &*it);  // node-based map: the entry stays where it is
  return it->second;
}

void ChannelTable::add(const ConnRecord& c) {
  bool orig_in = internal_.decide(c.orig_h, c.local_orig), resp_in = internal_.decide(c.resp_h, c.local_resp);
  if ((!orig_in && !resp_in) || is_group_address(c.resp_h)) return;
  Direction direction = !resp_in ? Direction::kOutbound : orig_in ? Direction::kInternal : Direction::kInbound;
  ChannelKey key = direction == Direction::kInbound ? ChannelKey{c.resp_h, c.orig_h, c.resp_p, c.proto, {}, direction}
                                                    : ChannelKey{c.orig_h, c.resp_h, c.resp_p, c.proto, {}, direction};
  ++by_direction_[static_cast<size_t>(direction)];
  hosts_[static_cast<size_t>(direction)].try_emplace(key.internal, true);
  ChannelConnection conn = connection_of(c);
  ChannelSummary& address = channel(key.internal, key.external, key.port, key.proto, direction, {});
  address.add(conn, key.external, false);
  std::vector<int64_t> requests = take_requests(c);
  const std::vector<int64_t>& messages = requests.empty() ? c.client_messages : requests;
  address.add_messages(messages);
  if (direction == Direction::kInbound) return;
  if (auto* named = names_.empty() ? nullptr : names_.find(uid_key(c.uid))) {
    add_named(key, address, conn, strings_.at(named->name), named->user_agent).add_messages(messages);
  } else if (order_ == NameOrder::kBeforeConnections) {
    if (const std::string* dns = dns_name(c.orig_h, c.resp_h)) {
      ChannelSummary& by_dns = add_named(key, address, conn, *dns);
      ++by_dns.named_by_dns;
      by_dns.add_messages(messages);
    }
  } else {
    unnamed_.emplace(uid_key(c.uid), Pending{std::move(key), conn});
  }
}

void ChannelTable::request(std::string_view uid, int64_t ts_ns, uint32_t trans_depth) {
  if (trans_depth < 2) return;  // the first request is the connection's start
  std::vector<int64_t>& times = requests_[uid_key(uid)];
  if (times.size() < ConnRecord::kMaxClientMessages) times.push_back(ts_ns);
}

// A log's kept-alive HTTP requests on this connection with its start, in order; none when there are none
// (or the connection carries its own message times, from a capture).
std::vector<int64_t> ChannelTable::take_requests(const ConnRecord& c) {
  if (requests_.empty()) return {};
  auto it = requests_.find(uid_key(c.uid));
  if (it == requests_.end()) return {};
  std::vector<int64_t> times = std::move(it->second);
  requests_.erase(it);
  if (!c.client_messages.empty()) return {};
  times.push_back(c.ts.ns);
  std::sort(times.begin(), times.end());
  return times;
}

void ChannelTable::resolved(const IpAddr& client, std::string_view name, const IpAddr& address) {
  std::string n = normalise_server_name(name);
  if (n.empty()) return;
  resolved_addresses_.try_emplace(address, true);
  if (!internal_.internal(client)) return;
  uint32_t id = strings_.intern(n);
  if (auto [value, inserted] = dns_names_.try_emplace(client_address_key(client, address), id); !inserted) *value = id;
}

const std::string* ChannelTable::dns_name(const IpAddr& client, const IpAddr& address) const {
  const uint32_t* id = dns_names_.find(client_address_key(client, address));
  return id ? &strings_.at(*id) : nullptr;
}

void ChannelTable::name(std::string_view uid, std::string_view server_name, std::string_view user_agent) {
  std::string name = normalise_server_name(server_name);
  // An address in the Host header (or SNI) names nothing: the client reached a bare address. (A name's
  // last label is never all digits, nor has it a colon: only those can be address literals.)
  if (name.empty() || ((std::isdigit(static_cast<unsigned char>(name.back())) || name.find(':') != std::string::npos) &&
                       IpAddr::parse(name)))
    return;
  uint32_t agent = strings_.intern(user_agent.substr(0, ChannelSummary::kMaxUserAgentBytes));
  if (auto pending = unnamed_.find(uid_key(uid)); pending != unnamed_.end()) {
    add_named(pending->second.key, channels_.at(pending->second.key), pending->second.connection, name, agent);
    unnamed_.erase(pending);
  } else {
    names_.try_emplace(uid_key(uid), PendingName{strings_.intern(name), agent});  // the first name a connection gets is kept
  }
}

uint32_t ChannelTable::StringPool::intern(std::string_view s) {
  if (s.empty()) return 0;
  if (const auto* slot = index_.find(s)) return slot->value;
  strings_.emplace_back(s);
  auto id = static_cast<uint32_t>(strings_.size());
  index_.try_emplace(strings_.back(), id);
  return id;
}

// The name channel keeps the port and protocol (a name on 443 and on 8443 are different services) but not
// the address, which it lists instead.
ChannelSummary& ChannelTable::add_named(const ChannelKey& address_key, ChannelSummary& address, const ChannelConnection& c,
                                       std::string_view name, uint32_t user_agent) {
  ChannelSummary& s = channel(address_key.internal, IpAddr{}, address_key.port, address_key.proto, address_key.direction, name);
  s.add(c, address_key.external, true);
  if (user_agent) s.add_user_agent(strings_.at(user_agent));
  ++address.named;
  return s;
}

// Connections still waiting for a name get the DNS answer's, if any; the rest stay address-only.
ChannelMap ChannelTable::finish() {
  for (auto& [uid, pending] : unnamed_) {
    if (const std::string* dns = dns_name(pending.key.internal, pending.key.external)) {
      ++add_named(pending.key, channels_.at(pending.key), pending.connection, *dns).named_by_dns;
    }
  }
  unnamed_.clear();
  requests_.clear();
  index_.clear();
  names_.clear();
  dns_names_.clear();
  strings_.clear();
  for (auto& [key, summary] : channels_) summary.series.shrink();
  return std::move(channels_);
}

std::string normalise_server_name(std::string_view name) {
  std::string out;
  normalise_server_name(name, out);
  return out;
}

void normalise_server_name(std::string_view name, std::string& out) {
  if (!name.empty() && name.front() != '[') {  // "host:port" (an IPv6 literal in brackets keeps its colons)
    size_t colon = name.rfind(':');
    if (colon != std::string_view::npos && name.find(':') == colon) name = name.substr(0, colon);
  } else if (!name.empty()) {
    size_t close = name.find(']');
    name = close == std::string_view::npos ? name.substr(1) : name.substr(1, close - 1);
  }
  while (!name.empty() && name.back() == '.') name.remove_suffix(1);
  out.assign(name);
  for (char& ch : out)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
}

}  // namespace vigil
