// RecordMaker: turns "host H talked TLS to name N at time T" into the records Zeek would log for it
// (conn.log plus dns/ssl/http rows linked by uid), with unique uids, per-host ephemeral ports, packet
// counts from the connection's packet timeline, and the truth channel's check-in count kept up to date.
// record_maker.cc makes the background's and implants' kinds, record_maker_signs.cc the other signs'.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "conn_layout.h"
#include "simulator.h"
#include "world.h"

namespace vigil::sim {

// One request and its reply inside a connection.
struct Exchange {
  uint32_t request = 0;   // application bytes from the client (after the handshake, for TLS)
  uint32_t response = 0;  // from the server
  int64_t client_think_ns = 0;
  int64_t server_think_ns = 2'000'000;
};

struct HttpRequest {
  std::string method = "GET";
  std::string uri = "/";
  std::string user_agent;
  uint32_t request_body = 0;
  uint32_t response_body = 0;
  std::string content_type = "text/html";
  int64_t server_think_ns = 5'000'000;
};

// What ssl.log shows of one TLS client/server pair, read back from gencap's handshake bytes with vigil's
// own parsers, so that the logs say what `vigil convert` of the capture says.
struct TlsFacts {
  uint32_t hello_len = 0, flight_len = 0;
  std::string version, cipher, curve, next_protocol, ja3, ja3s, ja4;
};

// A DNS lookup of any record type: A answers with addresses, or one answer of another type carrying data
// (what tunnels and DNS beacons get back), or none with an rcode.
struct DnsLookup {
  std::string query;
  uint16_t qtype = 1;              // 1 A, 5 CNAME, 10 NULL, 16 TXT (wire_messages.h)
  uint16_t rcode = 0;              // 3: NXDOMAIN
  std::vector<IpAddr> addresses;   // A answers
  std::string data;                // CNAME: the target name; TXT: the text; NULL: the bytes
  uint32_t ttl_s = 0;
};

// A TLS connection whose body is a large upload or download, counted rather than laid out packet by
// packet (gigabytes would be millions of packets): the capture leaves such connections out.
struct BulkTransfer {
  uint64_t upload = 0;     // application bytes from the client beyond its request
  uint64_t download = 0;   // from the server beyond its response head
  double bytes_per_s = 1e6;  // how fast the body goes
};

// Called for every connection with its layout, when a capture is written.
using LayoutHook = std::function<void(const ConnRecord&, const ConnLayout&)>;

class RecordMaker {
 public:
  RecordMaker(const SimSink& sink, const World& world, std::vector<TruthChannel>& truth, uint64_t seed,
              LayoutHook hook);

  // A lookup of `name` through the site resolver answered with `answers`; `truth` is the channel it
  // belongs to (-1: none), not counted as a check-in.
  void dns(int64_t ts, size_t host, const std::string& name, std::span<const IpAddr> answers, uint32_t ttl_s);
  void tls(int64_t ts, size_t host, const IpAddr& server, uint16_t port, const std::string& name, bool browser,
           std::span<const Exchange> exchanges, int truth);
  void http(int64_t ts, size_t host, const IpAddr& server, uint16_t port, const std::string& host_name,
            const HttpRequest& req, int truth);
  void ntp(int64_t ts, size_t host, const IpAddr& server, int truth);

  // The other signs (record_maker_signs.cc). A lookup of any type through the site resolver; each query
  // is a check-in of `truth` (-1: none).
  void dns_lookup(int64_t ts, size_t host, const DnsLookup& lookup, int truth);
  // An outside client's TLS connection to an internal server (a web shell polled from outside).
  void tls_inbound(int64_t ts, const IpAddr& client, uint16_t client_port, const IpAddr& server, uint16_t port,
                   const std::string& name, std::span<const Exchange> exchanges, int truth);
  // A TCP session carrying `messages` as they are (a shell, SSH); `service` as Zeek would name it.
  void tcp_session(int64_t ts, size_t host, const IpAddr& server, uint16_t port, const std::string& service,
                   std::vector<Message> messages, int truth);
  // A TLS upload or download of `bulk` bytes after a small request/response; never sent to the hook.
  void tls_bulk(int64_t ts, size_t host, const IpAddr& server, uint16_t port, const std::string& name,
                const BulkTransfer& bulk, int truth);

  // Where the capture ends: connections still open then are cut there, as Zeek logs them at shutdown.
  // 0 (the default): connections are always laid out whole, which is how runs without signs stay unchanged.
  void set_capture_end(int64_t ns) { capture_end_ns_ = ns; }

  uint64_t connections() const { return uid_counter_; }

 private:
  ConnRecord start(int64_t ts, size_t host, const IpAddr& server, uint16_t port, TransportProto proto);
  ConnRecord start_from(int64_t ts, const IpAddr& client, uint16_t client_port, const IpAddr& server, uint16_t port,
                        TransportProto proto);
  // The connection's packets, cut at the capture's end.
  std::vector<Packet> lay_out(const ConnRecord& r, ConnLayout& layout) const;
  void finish(ConnRecord&& r, const ConnLayout& layout, const std::vector<Packet>& packets, int truth);
  void count_check_in(const ConnRecord& r, int truth);
  int64_t rtt_of(const ConnRecord& r) const;
  void tls_on(ConnRecord&& r, const std::string& name, bool browser, std::span<const Exchange> exchanges, int truth);
  // TLS on `r`: its layout, and the ssl.log row written.
  ConnLayout tls_layout(const ConnRecord& r, const std::string& name, bool browser, std::span<const Exchange> exchanges);
  void ssl_row(const ConnRecord& r, const std::string& name, const std::vector<Packet>& packets, const TlsFacts& facts);
  const TlsFacts& tls_facts(const std::string& name, bool browser);
  std::string next_uid();

  const SimSink& sink_;
  const World& world_;
  std::vector<TruthChannel>& truth_;
  uint64_t seed_;
  LayoutHook hook_;
  uint64_t uid_counter_ = 0;
  int64_t capture_end_ns_ = 0;
  std::vector<uint16_t> next_port_;  // per host, handed out in order like an OS does
  std::unordered_map<std::string, TlsFacts> handshakes_[2];  // by name; [1]: browser ClientHellos
};

}  // namespace vigil::sim
