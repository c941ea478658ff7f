// The flow meter's choice of application analyzer: DNS by port, TLS and HTTP by content whatever the port,
// TLS after a plaintext upgrade within the first segments, and the connection's service field.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sources/pcap/flow_meter.h"
#include "tls_builder.h"

namespace vigil {
namespace {

using namespace tcp_flag;
using tls_test::Bytes;

const IpAddr kClient = *IpAddr::parse("10.0.0.1");
const IpAddr kServer = *IpAddr::parse("198.51.100.7");

// One TCP connection played segment by segment, with real payload bytes.
class Conversation {
 public:
  explicit Conversation(uint16_t server_port)
      : port_(server_port), meter_({NetSet::private_networks(), /*ignore_checksums=*/true, 1},
                                   [this](ConnRecord&& r) { conns.push_back(std::move(r)); }) {
    AppSink sink;
    sink.ssl = [this](SslRecord&& r) { ssl.push_back(std::move(r)); };
    sink.http = [this](HttpRecord&& r) { http.push_back(std::move(r)); };
    meter_.set_app_sink(std::move(sink));
    packet(true, kSyn, {});
    packet(false, kSyn | kAck, {});
    packet(true, kAck, {});
  }
  void send(bool from_client, const Bytes& payload) { packet(from_client, kAck | kPsh, payload); }
  void send(bool from_client, const std::string& text) { send(from_client, Bytes(text.begin(), text.end())); }
  void finish() {
    packet(true, kFin | kAck, {});
    packet(false, kFin | kAck, {});
    meter_.finish();
  }
  std::string service() const { return conns.size() == 1 && !conns[0].service.empty() ? conns[0].service : "-"; }

  std::vector<ConnRecord> conns;
  std::vector<SslRecord> ssl;
  std::vector<HttpRecord> http;

 private:
  void packet(bool from_client, uint8_t flags, const Bytes& payload) {
    uint32_t& seq = seq_[from_client ? 0 : 1];
    IpPacket ip;
    ip.src = from_client ? kClient : kServer;
    ip.dst = from_client ? kServer : kClient;
    ip.proto = kProtoTcp;
    ip.transport_len = static_cast<uint32_t>(20 + payload.size());
    ip.total_len = ip.transport_len + 20;
    TransportInfo ti;
    ti.sport = from_client ? 40000 : port_;
    ti.dport = from_client ? port_ : 40000;
    ti.seq = seq;
    ti.ack = seq_[from_client ? 1 : 0];
    ti.flags = flags;
    ti.window = 1000;
    ti.payload_len = static_cast<uint32_t>(payload.size());
    ti.payload = payload;
    t_ += 0.01;
    meter_.process(Timestamp{1'700'000'000'000'000'000 + static_cast<int64_t>(t_ * 1e9)}, ip, ti);
    seq += static_cast<uint32_t>(payload.size()) + ((flags & (kSyn | kFin)) ? 1 : 0);
  }
  uint16_t port_;
  FlowMeter meter_;
  uint32_t seq_[2] = {1000, 9000};
  double t_ = 0;
};

Bytes client_hello(const std::string& host) {
  tls_test::ClientHelloSpec spec;
  spec.extensions = {tls_test::sni(host)};
  return tls_test::handshake_record(tls_test::kClientHello, tls_test::client_hello_body(spec), 0x0301);
}

TEST(AppRecognition, TlsOnAnyPortIsSslWithItsServerName) {
  Conversation c(53);  // TLS on the DNS port is still TLS
  c.send(true, client_hello("c2.example.net"));
  c.finish();
  EXPECT_EQ(c.service(), "ssl");
  ASSERT_EQ(c.ssl.size(), 1u);
  EXPECT_EQ(c.ssl[0].server_name, "c2.example.net");
  EXPECT_EQ(c.ssl[0].id.uid, c.conns.at(0).uid);
}

TEST(AppRecognition, TlsAfterStartTlsIsFoundWithinTheFirstSegments) {
  Conversation c(143);
  c.send(false, "* OK IMAP4rev1 ready\r\n");
  c.send(true, "a1 STARTTLS\r\n");
  c.send(false, "a1 OK begin TLS\r\n");
  c.send(true, client_hello("mail.example.org"));
  c.finish();
  EXPECT_EQ(c.service(), "ssl");
  ASSERT_EQ(c.ssl.size(), 1u);
  EXPECT_EQ(c.ssl[0].server_name, "mail.example.org");
}

TEST(AppRecognition, AClientHelloLateInAConnectionIsNotLookedFor) {
  Conversation c(5222);
  for (int i = 0; i < 16; ++i) c.send(i % 2 == 0, "chatter " + std::to_string(i) + "\r\n");
  c.send(true, client_hello("late.example.org"));
  c.finish();
  EXPECT_EQ(c.service(), "-");
  EXPECT_TRUE(c.ssl.empty());
}

TEST(AppRecognition, HttpOnlyWhenTheRequestOpensTheConnection) {
  Conversation opens(8080);
  opens.send(true, "GET /a HTTP/1.1\r\nHost: h.example\r\n\r\n");
  opens.send(false, "HTTP/1.1 204 No Content\r\n\r\n");
  opens.finish();
  EXPECT_EQ(opens.service(), "http");
  EXPECT_EQ(opens.http.size(), 1u);

  Conversation banner_first(8080);  // a server banner first: not HTTP, whatever follows
  banner_first.send(false, "220 ready\r\n");
  banner_first.send(true, "GET /a HTTP/1.1\r\nHost: h.example\r\n\r\n");
  banner_first.send(false, "HTTP/1.1 204 No Content\r\n\r\n");
  banner_first.finish();
  EXPECT_EQ(banner_first.service(), "-");
  EXPECT_TRUE(banner_first.http.empty());
}

}  // namespace
}  // namespace vigil
