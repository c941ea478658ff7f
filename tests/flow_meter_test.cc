// FlowMeter: Zeek's conn.log semantics on hand-built packet sequences.
#include "sources/pcap/flow_meter.h"

#include <gtest/gtest.h>

#include <span>
#include <vector>

namespace vigil {
namespace {

using namespace tcp_flag;

const IpAddr kClient = *IpAddr::parse("10.0.0.1");
const IpAddr kServer = *IpAddr::parse("93.184.216.34");

class Meter {
 public:
  Meter() : meter_({NetSet::private_networks(), /*ignore_checksums=*/true, 1}, [this](ConnRecord&& r) {
      out.push_back(std::move(r));
    }) {}

  void tcp(double t, bool from_client, uint8_t flags, uint32_t seq, uint32_t ack, uint32_t len,
           bool captured = true, uint16_t window = 1000) {
    IpPacket ip = base(from_client, kProtoTcp, 20 + len);
    if (!captured) ip.transport = {};
    TransportInfo ti;
    ti.sport = from_client ? 40000 : 443;
    ti.dport = from_client ? 443 : 40000;
    ti.seq = seq;
    ti.ack = ack;
    ti.flags = flags;
    ti.window = window;
    ti.payload_len = len;
    meter_.process(at(t), ip, ti);
  }
  void udp(double t, bool from_client, uint16_t client_port, uint16_t server_port, uint32_t len) {
    IpPacket ip = base(from_client, kProtoUdp, 8 + len);
    TransportInfo ti;
    ti.sport = from_client ? client_port : server_port;
    ti.dport = from_client ? server_port : client_port;
    ti.payload_len = len;
    meter_.process(at(t), ip, ti);
  }
  void icmp(double t, bool from_client, uint8_t type, uint32_t len) {
    IpPacket ip = base(from_client, kProtoIcmp, 8 + len);
    TransportInfo ti;
    ti.sport = type;
    ti.payload_len = len;
    meter_.process(at(t), ip, ti);
  }
  std::vector<ConnRecord>& finish() {
    meter_.finish();
    return out;
  }
  std::vector<ConnRecord> out;

 private:
  static Timestamp at(double t) { return Timestamp{static_cast<int64_t>(t * 1e9) + 1'700'000'000'000'000'000}; }
  static IpPacket base(bool from_client, uint8_t proto, uint32_t transport_len) {
    IpPacket ip;
    ip.src = from_client ? kClient : kServer;
    ip.dst = from_client ? kServer : kClient;
    ip.proto = proto;
    ip.transport_len = transport_len;
    ip.total_len = transport_len + 20;
    static const std::vector<uint8_t> kZeros(70000, 0);  // payload bytes: content does not matter here
    ip.transport = std::span<const uint8_t>(kZeros.data(), transport_len);
    return ip;
  }
  FlowMeter meter_;
};

TEST(FlowMeter, CompleteTcpConnection) {
  Meter m;
  m.tcp(0.0, true, kSyn, 1000, 0, 0);
  m.tcp(0.1, false, kSyn | kAck, 5000, 1001, 0);
  m.tcp(0.2, true, kAck, 1001, 5001, 0);
  m.tcp(0.3, true, kAck | kPsh, 1001, 5001, 100);
  m.tcp(0.4, false, kAck | kPsh, 5001, 1101, 300);
  m.tcp(0.5, true, kFin | kAck, 1101, 5301, 0);
  m.tcp(0.6, false, kFin | kAck, 5301, 1102, 0);
  m.tcp(0.7, true, kAck, 1102, 5302, 0);
  auto& out = m.finish();
  ASSERT_EQ(out.size(), 1u);
  const ConnRecord& r = out[0];
  EXPECT_EQ(r.orig_h, kClient);
  EXPECT_EQ(r.resp_p, 443);
  EXPECT_EQ(r.history, "ShADdFf");
  EXPECT_EQ(r.missed_bytes, 0u);
  EXPECT_EQ(r.conn_state, ConnState::kSF);
  EXPECT_EQ(r.orig_bytes, 100u);
  EXPECT_EQ(r.resp_bytes, 300u);
  EXPECT_EQ(r.orig_pkts, 5u);
  EXPECT_EQ(r.resp_pkts, 3u);
  EXPECT_EQ(r.orig_ip_bytes, 5 * 40u + 100);
  ASSERT_TRUE(r.duration);
  EXPECT_EQ(r.duration->ns, 600'000'000);  // the last ACK after both FINs does not extend it
  EXPECT_EQ(r.local_orig, true);
  EXPECT_EQ(r.local_resp, false);
  EXPECT_GE(r.uid.size(), 12u);  // "C" + two base-62 numbers, as Zeek writes them
  EXPECT_LE(r.uid.size(), 18u);
  EXPECT_EQ(r.uid[0], 'C');
}

TEST(FlowMeter, UnansweredSynIsS0AndRetriesAfterFiveSecondsAreNewConnections) {
  Meter m;
  m.tcp(0, true, kSyn, 1, 0, 0);
  m.tcp(3, true, kSyn, 1, 0, 0);  // same ISN within 5 s: the same attempt
  m.tcp(9, true, kSyn, 1, 0, 0);  // after tcp_attempt_delay: a new connection
  auto& out = m.finish();
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].conn_state, ConnState::kS0);
  EXPECT_EQ(out[0].history, "S");
  EXPECT_EQ(out[0].orig_pkts, 2u);
  EXPECT_EQ(out[0].orig_bytes, 0u);
  EXPECT_EQ(out[1].orig_pkts, 1u);
  EXPECT_FALSE(out[1].duration);  // one packet: Zeek leaves duration and bytes unset
  EXPECT_FALSE(out[1].orig_bytes);
  EXPECT_NE(out[0].uid, out[1].uid);
}

TEST(FlowMeter, RejectedAndResetStates) {
  Meter rej;
  rej.tcp(0, true, kSyn, 1, 0, 0);
  rej.tcp(0.1, false, kRst | kAck, 0, 2, 0);
  EXPECT_EQ(rej.finish().at(0).conn_state, ConnState::kREJ);
  EXPECT_EQ(rej.out.at(0).history, "Sr");

  Meter rsto;
  rsto.tcp(0, true, kSyn, 1, 0, 0);
  rsto.tcp(0.1, false, kSyn | kAck, 100, 2, 0);
  rsto.tcp(0.2, true, kRst, 2, 0, 0);
  EXPECT_EQ(rsto.finish().at(0).conn_state, ConnState::kRSTO);
  EXPECT_EQ(rsto.out.at(0).history, "ShR");

  Meter rstos0;
  rstos0.tcp(0, true, kSyn, 1, 0, 0);
  rstos0.tcp(0.1, true, kRst, 2, 0, 0);
  EXPECT_EQ(rstos0.finish().at(0).conn_state, ConnState::kRSTOS0);
}

TEST(FlowMeter, SynAckSeenFirstIsFlippedTowardsTheServerPort) {
  Meter m;
  m.tcp(0, false, kSyn | kAck, 5000, 1001, 0);
  m.tcp(0.1, true, kAck, 1001, 5001, 0);
  auto& out = m.finish();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].orig_h, kClient);
  EXPECT_EQ(out[0].resp_p, 443);
  EXPECT_EQ(out[0].history, "^hA");
  EXPECT_EQ(out[0].resp_pkts, 1u);
}

TEST(FlowMeter, NewSynWithOtherIsnStartsANewConnection) {
  Meter m;
  m.tcp(0, true, kSyn, 1000, 0, 0);
  m.tcp(0.1, false, kSyn | kAck, 5000, 1001, 0);
  m.tcp(0.2, true, kAck, 1001, 5001, 0);
  m.tcp(1.0, true, kSyn, 777777, 0, 0);
  EXPECT_EQ(m.finish().size(), 2u);
}

TEST(FlowMeter, AckedButUnseenDataIsAContentGap) {
  Meter m;
  m.tcp(0, true, kSyn, 1000, 0, 0);
  m.tcp(0.1, false, kSyn | kAck, 5000, 1001, 0);
  m.tcp(0.2, true, kAck, 1001, 5001, 0);
  m.tcp(0.3, true, kAck, 1001, 5001, 100, /*captured=*/false);  // cut by the snap length: never seen
  m.tcp(0.4, false, kAck, 5001, 1101, 0);
  auto& out = m.finish();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].missed_bytes, 100u);
  EXPECT_NE(out[0].history.find('G'), std::string::npos) << out[0].history;
  EXPECT_EQ(out[0].orig_bytes, 100u);
}

TEST(FlowMeter, UdpStatesSizesAndTimeout) {
  Meter m;
  m.udp(0, true, 5555, 53, 40);
  m.udp(0.01, false, 5555, 53, 120);
  m.udp(0.02, true, 6666, 514, 10);
  m.udp(100, true, 6666, 514, 10);  // 60 s of silence: a new connection
  m.udp(0.03, false, 7777, 123, 48);  // only the server's answer: flipped, "^d", SHR
  auto& out = m.finish();
  ASSERT_EQ(out.size(), 4u);
  const ConnRecord* dns = nullptr;
  for (auto& r : out)
    if (r.resp_p == 53) dns = &r;
  ASSERT_TRUE(dns);
  EXPECT_EQ(dns->conn_state, ConnState::kSF);
  EXPECT_EQ(dns->history, "Dd");
  EXPECT_EQ(dns->orig_bytes, 40u);
  EXPECT_EQ(dns->resp_bytes, 120u);
  int syslog = 0;
  for (auto& r : out) {
    if (r.resp_p == 514) {
      ++syslog;
      EXPECT_EQ(r.conn_state, ConnState::kS0);
    }
    if (r.resp_p == 123 || r.orig_p == 123) {
      EXPECT_EQ(r.orig_h, kClient);
      EXPECT_EQ(r.history, "^d");
      EXPECT_EQ(r.conn_state, ConnState::kSHR);
    }
  }
  EXPECT_EQ(syslog, 2);
}

TEST(FlowMeter, IcmpEchoPairsWithCounterpartPorts) {
  Meter m;
  m.icmp(0, true, 8, 56);
  m.icmp(0.01, false, 0, 56);
  m.icmp(1, true, 8, 56);
  m.icmp(1.01, false, 0, 56);
  auto& out = m.finish();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].proto, TransportProto::kIcmp);
  EXPECT_EQ(out[0].orig_p, 8);
  EXPECT_EQ(out[0].resp_p, 0);
  EXPECT_EQ(out[0].orig_bytes, 112u);
  EXPECT_EQ(out[0].resp_pkts, 2u);
  EXPECT_EQ(out[0].resp_bytes, 112u);
  EXPECT_EQ(out[0].conn_state, ConnState::kOTH);
}

}  // namespace
}  // namespace vigil

namespace vigil {
namespace {

// A single-socket implant: the client speaks every 5 s inside one connection; the segments of one
// message (less than 1 s apart) are one message, and the server's replies are not the client's.
TEST(FlowMeter, ClientMessagesInsideOneConnectionAreItsCheckIns) {
  Meter m;
  m.tcp(0.0, true, kSyn, 1000, 0, 0);
  m.tcp(0.1, false, kSyn | kAck, 5000, 1001, 0);
  m.tcp(0.2, true, kAck, 1001, 5001, 0);
  uint32_t seq = 1001, server_seq = 5001;
  for (int i = 0; i < 10; ++i) {
    double t = 1.0 + 5.0 * i;
    m.tcp(t, true, kAck | kPsh, seq, server_seq, 7);
    seq += 7;
    m.tcp(t + 0.1, true, kAck | kPsh, seq, server_seq, 140);  // the same message's second segment
    seq += 140;
    m.tcp(t + 0.3, false, kAck | kPsh, server_seq, seq, 20);
    server_seq += 20;
  }
  auto& out = m.finish();
  ASSERT_EQ(out.size(), 1u);
  const std::vector<int64_t>& msgs = out[0].client_messages;
  ASSERT_EQ(msgs.size(), 10u);
  EXPECT_EQ(msgs[1] - msgs[0], 5'000'000'000);
  EXPECT_EQ(msgs[0], out[0].ts.ns + 1'000'000'000);  // the first message's first segment
}

TEST(FlowMeter, AConnectionWithOneMessageCarriesNone) {
  Meter m;
  m.tcp(0.0, true, kSyn, 1000, 0, 0);
  m.tcp(0.1, false, kSyn | kAck, 5000, 1001, 0);
  m.tcp(0.2, true, kAck | kPsh, 1001, 5001, 100);
  m.tcp(0.3, false, kAck | kPsh, 5001, 1101, 3000);
  auto& out = m.finish();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(out[0].client_messages.empty());
}

}  // namespace
}  // namespace vigil
