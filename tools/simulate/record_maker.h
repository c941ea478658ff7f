// RecordMaker: turns "host H talked TLS to name N at time T" into the records Zeek would log for it
// (conn.log plus dns/ssl/http rows linked by uid), with unique uids, per-host ephemeral ports, packet
// counts from the connection's packet timeline, and the truth channel's check-in count kept up to date.
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

  uint64_t connections() const { return uid_counter_; }

 private:
  ConnRecord start(int64_t ts, size_t host, const IpAddr& server, uint16_t port, TransportProto proto);
  void finish(ConnRecord&& r, const ConnLayout& layout, const std::vector<Packet>& packets, int truth);
  const TlsFacts& tls_facts(const std::string& name, bool browser);
  std::string next_uid();

  const SimSink& sink_;
  const World& world_;
  std::vector<TruthChannel>& truth_;
  uint64_t seed_;
  LayoutHook hook_;
  uint64_t uid_counter_ = 0;
  std::vector<uint16_t> next_port_;  // per host, handed out in order like an OS does
  std::unordered_map<std::string, TlsFacts> handshakes_[2];  // by name; [1]: browser ClientHellos
};

}  // namespace vigil::sim
