// AppSession: the application analyzer of one connection (DNS, TLS, HTTP or FTP) and the streams that feed it.
//
// Zeek attaches its DNS analyzer by port (53, 137, 5353, 5355) and recognises TLS and HTTP by content,
// whatever the port; so does vigil: DNS and FTP (21, 2811, Zeek's FTP::ports) by the responder's port, HTTP from the connection's first data
// segment (an HTTP request line from the originator), TLS from any of the originator's first segments
// that starts a ClientHello (so TLS after STARTTLS, MySQL's SSL request or RDP's negotiation is seen, as
// Zeek's protocol analyzers see it). A connection that shows neither early gets no analyzer and costs
// nothing more. Analyzers look only at what they need: TLS stops after the handshake, HTTP skips bodies by count.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "core/app_records.h"
#include "core/conn_record.h"
#include "core/timestamp.h"
#include "sources/pcap/tcp_reassembler.h"

namespace vigil {

class DnsAnalyzer;
class TlsAnalyzer;
class HttpAnalyzer;
class FtpAnalyzer;

// Records finished by analyzers, waiting to be stamped with their connection and handed on.
struct AppRecords {
  std::vector<DnsRecord> dns;
  std::vector<SslRecord> ssl;
  std::vector<HttpRecord> http;
  std::vector<FtpRecord> ftp;
};

class AppSession {
 public:
  // The analyzer a new connection gets from its responder port before any payload (DNS, FTP), or null.
  static std::unique_ptr<AppSession> by_port(TransportProto proto, uint16_t resp_p, const IpAddr& orig_h,
                                             const IpAddr& resp_h);
  // The analyzer for a TCP connection whose originator sends `payload`, or null. TLS is recognised in
  // any segment offered (also after a plaintext upgrade); HTTP only when `may_be_http`: the segment opens
  // the connection's data and the handshake was seen (Zeek's HTTP analyzer ignores partial connections).
  static std::unique_ptr<AppSession> by_content(std::span<const uint8_t> payload, bool may_be_http);
  ~AppSession();

  void udp_payload(Timestamp ts, std::span<const uint8_t> payload);
  // A TCP segment's captured payload; `seq` is the sequence number of its first byte.
  void tcp_payload(bool is_orig, Timestamp ts, uint32_t seq, std::span<const uint8_t> payload);
  // The connection ended: buffered bytes, pending transactions and the TLS outcome become records.
  void finish();
  // Moves the finished records into `out`.
  void take(AppRecords& out);
  // Zeek's conn.log service once the analyzer confirmed its protocol, else empty (a string literal).
  std::string_view service() const;
  // Nothing more to learn: the caller may finish the session now rather than at the connection's end.
  bool done() const { return analyzer_done(); }
  // FTP: the data connections announced since the last call (empty for other protocols).
  std::vector<FtpDataChannel> take_announced();

 private:
  enum class Kind : uint8_t { kDns, kTls, kHttp, kFtp };
  class Direction;
  explicit AppSession(Kind kind, TransportProto proto, uint16_t resp_p);
  bool analyzer_done() const;
  void on_data(bool is_orig, std::span<const uint8_t> bytes);
  void on_gap(bool is_orig, uint64_t len);

  Kind kind_;
  Timestamp now_;    // time of the packet being handed on (stream consumers have no time of their own)
  Timestamp first_;  // time of the first payload: ssl.log's ts
  bool started_ = false;
  std::unique_ptr<DnsAnalyzer> dns_;
  std::unique_ptr<TlsAnalyzer> tls_;
  std::unique_ptr<HttpAnalyzer> http_;
  std::unique_ptr<FtpAnalyzer> ftp_;
  std::unique_ptr<Direction> dir_[2];  // TCP only: [0] originator, [1] responder
  bool finished_ = false;
  bool ssl_logged_ = false;
  bool upgraded_from_ftp_ = false;
  std::vector<FtpRecord> ftp_before_tls_;  // an FTP session's rows before AUTH TLS handed it to TLS
};

}  // namespace vigil
