// AppSession: choosing the analyzer, reassembling its streams, collecting its records.
#include "sources/pcap/app_session.h"

#include "protocols/dns_analyzer.h"
#include "protocols/ftp_analyzer.h"
#include "protocols/http_analyzer.h"
#include "protocols/tls_analyzer.h"

namespace vigil {
namespace {

bool is_dns_port(TransportProto proto, uint16_t port) {  // Zeek's DNS::ports
  if (proto == TransportProto::kTcp) return port == 53;
  return proto == TransportProto::kUdp && (port == 53 || port == 137 || port == 5353 || port == 5355);
}

bool is_ftp_port(TransportProto proto, uint16_t port) {  // Zeek's FTP::ports
  return proto == TransportProto::kTcp && (port == 21 || port == 2811);
}

}  // namespace

// One direction of a TCP connection: its reassembler, handing bytes and gaps to the session.
class AppSession::Direction final : public StreamConsumer {
 public:
  Direction(AppSession& s, bool is_orig) : session_(s), is_orig_(is_orig) {}
  void data(std::span<const uint8_t> bytes) override { session_.on_data(is_orig_, bytes); }
  void gap(uint64_t len) override { session_.on_gap(is_orig_, len); }
  TcpReassembler stream;

 private:
  AppSession& session_;
  bool is_orig_;
};

AppSession::AppSession(Kind kind, TransportProto proto, uint16_t resp_p) : kind_(kind) {
  switch (kind) {
    case Kind::kDns: dns_ = std::make_unique<DnsAnalyzer>(proto, resp_p == 137); break;
    case Kind::kTls: tls_ = std::make_unique<TlsAnalyzer>(); break;
    case Kind::kHttp: http_ = std::make_unique<HttpAnalyzer>(); break;
    case Kind::kFtp: break;  // made by by_port, which knows the addresses
  }
  if (proto == TransportProto::kTcp) {
    dir_[0] = std::make_unique<Direction>(*this, true);
    dir_[1] = std::make_unique<Direction>(*this, false);
  }
}
AppSession::~AppSession() = default;

std::unique_ptr<AppSession> AppSession::by_port(TransportProto proto, uint16_t resp_p, const IpAddr& orig_h,
                                                const IpAddr& resp_h) {
  if (is_ftp_port(proto, resp_p)) {
    std::unique_ptr<AppSession> s(new AppSession(Kind::kFtp, proto, resp_p));
    s->ftp_ = std::make_unique<FtpAnalyzer>(orig_h, resp_h);
    return s;
  }
  if (!is_dns_port(proto, resp_p)) return nullptr;
  return std::unique_ptr<AppSession>(new AppSession(Kind::kDns, proto, resp_p));
}

std::unique_ptr<AppSession> AppSession::by_content(std::span<const uint8_t> payload, bool may_be_http) {
  if (looks_like_tls(payload))
    return std::unique_ptr<AppSession>(new AppSession(Kind::kTls, TransportProto::kTcp, 0));
  if (may_be_http && looks_like_http_request(payload))
    return std::unique_ptr<AppSession>(new AppSession(Kind::kHttp, TransportProto::kTcp, 0));
  return nullptr;
}

void AppSession::udp_payload(Timestamp ts, std::span<const uint8_t> payload) {
  if (dns_) dns_->message(ts, payload);
}

void AppSession::tcp_payload(bool is_orig, Timestamp ts, uint32_t seq, std::span<const uint8_t> payload) {
  if (finished_ || analyzer_done()) return;
  if (!started_) {
    started_ = true;
    first_ = ts;
    // TCP port 53 gets the DNS analyzer by port, but TLS there is still TLS (Zeek's DNS analyzer fails
    // and its TLS signature matches): the originator's first bytes decide.
    if (dns_ && is_orig && looks_like_tls(payload)) {
      dns_.reset();
      kind_ = Kind::kTls;
      tls_ = std::make_unique<TlsAnalyzer>();
    }
  }
  now_ = ts;
  Direction& d = *dir_[is_orig ? 0 : 1];
  d.stream.segment(seq, payload, d);
}

bool AppSession::analyzer_done() const {
  if (tls_) return tls_->done();
  if (http_) return http_->done();
  return false;
}

void AppSession::on_data(bool is_orig, std::span<const uint8_t> bytes) {
  if (dns_) dns_->stream_data(is_orig, now_, bytes);
  else if (tls_) tls_->deliver(is_orig, bytes);
  else if (http_) http_->deliver(is_orig, now_, bytes);
  else if (ftp_) {
    ftp_->deliver(is_orig, now_, bytes);
    // FTPS after AUTH TLS: the rest is a TLS handshake, as Zeek's FTP analyzer hands it to its SSL analyzer.
    if (ftp_->starts_tls()) {
      ftp_->finish();
      ftp_before_tls_ = ftp_->take_records();
      ftp_.reset();
      kind_ = Kind::kTls;
      tls_ = std::make_unique<TlsAnalyzer>();
      upgraded_from_ftp_ = true;
    }
  }
}

void AppSession::on_gap(bool is_orig, uint64_t len) {
  if (dns_) dns_->stream_gap(is_orig);
  else if (tls_) tls_->gap(is_orig, len);
  else if (http_) http_->gap(is_orig, len);
  else if (ftp_) ftp_->gap(is_orig);
}

void AppSession::finish() {
  if (finished_) return;
  for (auto& d : dir_)
    if (d && !analyzer_done()) d->stream.finish(*d);
  finished_ = true;
  if (dns_) dns_->finish();
  if (http_) http_->finish();
  if (ftp_) ftp_->finish();
}

void AppSession::take(AppRecords& out) {
  if (dns_) {
    for (DnsRecord& r : dns_->take_records()) out.dns.push_back(std::move(r));
  } else if (http_) {
    for (HttpRecord& r : http_->take_records()) out.http.push_back(std::move(r));
  } else if (ftp_) {
    for (FtpRecord& r : ftp_->take_records()) out.ftp.push_back(std::move(r));
  }
  for (FtpRecord& r : ftp_before_tls_) out.ftp.push_back(std::move(r));
  ftp_before_tls_.clear();
  if (tls_ && finished_ && !ssl_logged_ && tls_->confirmed()) {
    SslRecord r = tls_->take_record();
    r.id.ts = first_;
    out.ssl.push_back(std::move(r));
    ssl_logged_ = true;
  }
}

std::vector<FtpDataChannel> AppSession::take_announced() {
  return ftp_ ? ftp_->take_announced() : std::vector<FtpDataChannel>{};
}

std::string_view AppSession::service() const {
  if (dns_ && dns_->confirmed()) return "dns";
  if (tls_ && tls_->confirmed()) return upgraded_from_ftp_ ? "ftp,ssl" : "ssl";
  if (upgraded_from_ftp_) return "ftp";
  if (http_ && http_->confirmed()) return "http";
  if (ftp_ && ftp_->confirmed()) return "ftp";
  return {};
}

}  // namespace vigil
