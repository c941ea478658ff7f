// FlowMeter: turns decoded IP packets into connections with Zeek's conn.log semantics.
//
// Orientation, TCP endpoint states, history letters, byte counts from sequence numbers, conn_state,
// inactivity and close timeouts and connection reuse follow docs/design/zeek-conn-semantics.md, which
// cites the Zeek source each rule comes from. Finished and idle connections are handed to the sink and
// freed as the input advances, so memory follows the number of live connections, not the input size.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/app_records.h"
#include "core/conn_record.h"
#include "core/net_set.h"
#include "sources/pcap/conn_table.h"
#include "sources/pcap/ip_layer.h"
#include "sources/pcap/tcp_endpoint.h"

namespace vigil {

struct FlowMeterOptions {
  NetSet local_nets;              // sets local_orig/local_resp; empty leaves them unset
  bool ignore_checksums = false;  // Zeek's -C: accept packets whose transport checksum is wrong
  uint64_t uid_seed = 0;          // uids are a pure function of the seed and the order of connections
};

struct FlowKey {
  IpAddr a, b;
  uint16_t pa = 0, pb = 0;
  uint8_t proto = 0;
  friend bool operator==(const FlowKey&, const FlowKey&) = default;
};
struct FlowKeyHash {
  size_t operator()(const FlowKey& k) const;
};

// Where a packet's connection lives in the table: its direction-free key and the key's hash.
struct FlowLookup {
  FlowKey key;
  uint64_t hash = 0;
};

// Receives application records (dns.log, ssl.log, http.log, ftp.log rows), stamped with their connection's uid.
struct AppSink {
  std::function<void(DnsRecord&&)> dns;
  std::function<void(SslRecord&&)> ssl;
  std::function<void(HttpRecord&&)> http;
  std::function<void(FtpRecord&&)> ftp;
};

struct AppRecords;

class FlowMeter {
 public:
  using Sink = std::function<void(ConnRecord&&)>;
  FlowMeter(FlowMeterOptions options, Sink sink);
  ~FlowMeter();
  // Turns on the application analyzers (DNS, TLS, HTTP); their records go to `sink`, and conn.log's
  // service field says which protocol each connection spoke. Off by default: conn.log alone is faster.
  void set_app_sink(AppSink sink);

  // One packet, at time `ts`, already decoded. `transport` is null for protocols without ports.
  // Returns the number of the connection the packet went to (see uid_of).
  uint64_t process(Timestamp ts, const IpPacket& ip, const TransportInfo& transport) {
    return process(ts, ip, transport, lookup(ip, transport));
  }
  // The same in steps, so that a caller holding several packets can have the table memory of the later
  // ones fetched while it processes the earlier ones: lookup() every packet, prefetch_slot() each, then
  // prefetch_conn() each, then process() them in order. Only process() changes anything.
  static FlowLookup lookup(const IpPacket& ip, const TransportInfo& transport);
  void prefetch_slot(const FlowLookup& l) const { conns_.prefetch_slot(l.hash); }
  void prefetch_conn(const FlowLookup& l) const { conns_.prefetch_conn(l.hash); }
  // `tunnel_parent`: the uid of the tunnel the packet came out of, if any.
  uint64_t process(Timestamp ts, const IpPacket& ip, const TransportInfo& transport, const FlowLookup& lookup,
                   std::string_view tunnel_parent = {});
  // The uid of connection number `n`, as conn.log will show it.
  std::string uid_of(uint64_t n) const;
  // A uid for an IP-level tunnel (GRE, IP-in-IP) between two addresses: these tunnels are not connections
  // of their own, but their inner connections name them, as Zeek's do with the uid of its tunnel.log.
  std::string ip_tunnel_uid(const IpAddr& a, const IpAddr& b) const;
  // Emits every connection still open (the end of the input), in order of their first packet.
  void finish();

  uint64_t connections_emitted() const { return emitted_; }
  size_t connections_open() const { return conns_.size(); }

  struct Conn;  // defined in flow_meter.cc

 private:
  Conn& find_or_create(Timestamp ts, const IpPacket& ip, const TransportInfo& t, const FlowLookup& l, bool& is_orig);
  void emit(Conn& c);
  void note_client_message(Conn& c, Timestamp ts);
  void sweep(Timestamp now);
  void app_attach(Conn& c) const;
  void app_packet(Conn& c, Timestamp ts, const IpPacket& ip, const TransportInfo& t, bool is_orig);
  void app_drain(Conn& c);
  // Finishes the connection's analyzer, hands on its last records, keeps its service and frees it.
  void app_release(Conn& c);
  // Zeek's FTP data expectations: a connection to an address and port an FTP session announced, within
  // five minutes, is an FTP data connection (conn.log service ftp-data). One-shot, as Zeek's.
  void expect_data(Conn& c, Timestamp ts);
  bool expected_data(const Conn& c, Timestamp ts);
  struct Expected {
    IpAddr resp_h;
    uint16_t resp_p = 0;
    Timestamp until;
  };
  std::vector<Expected> expected_;  // few: only FTP sessions add to it

  bool app_on_ = false;
  AppSink app_sink_;

  FlowMeterOptions options_;
  Sink sink_;
  ConnTable<FlowKey, Conn> conns_;
  uint64_t next_uid_ = 0;
  uint64_t emitted_ = 0;
  Timestamp last_sweep_{INT64_MIN};
  uint64_t packets_since_sweep_ = 0;
};

// Zeek's likely_server_ports: a first packet from such a port makes its sender the responder.
bool likely_server_port(uint8_t proto, uint16_t port);
// Zeek's default Site::private_address_space, which a default Zeek run treats as local.
NetSet zeek_private_address_space();

}  // namespace vigil
