// DnsAnalyzer: Zeek's pairing of queries and replies, where each field comes from, TCP framing, bounds.
#include "protocols/dns_analyzer.h"

#include <gtest/gtest.h>

#include "dns_builder.h"

namespace vigil {
namespace {

using namespace dns_test;

Timestamp at(double s) { return Timestamp::from_parts(static_cast<int64_t>(s), static_cast<int64_t>((s - static_cast<int64_t>(s)) * 1e9)); }

Msg query(uint16_t id, const std::vector<std::string>& name, uint16_t qtype = 1, uint16_t flags = 0x0100) {
  Msg m = header(id, flags, 1, 0);
  put_name(m, name);
  put16(m, qtype);
  put16(m, 1);
  return m;
}

// A reply with the question echoed and one A answer per address.
Msg reply(uint16_t id, const std::vector<std::string>& name, std::vector<Msg> addresses, uint16_t flags = 0x8580) {
  Msg m = header(id, flags, 1, static_cast<uint16_t>(addresses.size()));
  put_name(m, name);
  put16(m, 1);
  put16(m, 1);
  for (const Msg& a : addresses) put_answer(m, 1, 300, a);
  return m;
}

TEST(DnsAnalyzer, QueryAndReplyBecomeOneRowWhenTheReplyArrives) {
  DnsAnalyzer d(TransportProto::kUdp, false);
  d.message(at(10.0), query(7, {"example", "com"}, 1, 0x0100));
  EXPECT_TRUE(d.take_records().empty());
  d.message(at(10.25), reply(7, {"example", "com"}, {{93, 184, 216, 34}, {93, 184, 216, 35}}));
  auto rows = d.take_records();
  ASSERT_EQ(rows.size(), 1u);
  const DnsRecord& r = rows[0];
  EXPECT_EQ(r.id.ts, at(10.0));  // the query's time
  EXPECT_EQ(r.trans_id, 7);
  EXPECT_EQ(r.query, "example.com");
  EXPECT_EQ(r.qtype, 1);
  EXPECT_EQ(r.qclass, 1);
  EXPECT_EQ(r.rcode, 0);
  EXPECT_TRUE(r.RD);
  EXPECT_TRUE(r.AA);  // 0x8580: QR AA RD RA
  EXPECT_TRUE(r.RA);
  ASSERT_TRUE(r.rtt);
  EXPECT_EQ(r.rtt->ns, 250'000'000);
  EXPECT_EQ(r.answers, (std::vector<std::string>{"93.184.216.34", "93.184.216.35"}));
  ASSERT_EQ(r.TTLs.size(), 2u);
  EXPECT_EQ(r.TTLs[0], Duration::seconds(300));
  EXPECT_TRUE(d.confirmed());
}

TEST(DnsAnalyzer, UnansweredQueriesAndUnrequestedRepliesAreLoggedAtTheEnd) {
  DnsAnalyzer d(TransportProto::kUdp, false);
  d.message(at(1), query(1, {"a", "test"}));
  d.message(at(2), reply(2, {"b", "test"}, {{10, 0, 0, 1}}));
  EXPECT_TRUE(d.take_records().empty());
  d.finish();
  auto rows = d.take_records();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].query, "a.test");
  EXPECT_FALSE(rows[0].rcode);  // no reply: rcode unset
  EXPECT_EQ(rows[1].query, "b.test");  // from the answer's name: no query was seen
  EXPECT_FALSE(rows[1].qtype);        // qtype comes from the query only
  EXPECT_EQ(rows[1].rcode, 0);
  EXPECT_FALSE(rows[1].rtt);          // a reply alone has no round trip
}

TEST(DnsAnalyzer, ReplyBeforeQueryPairsToo) {
  DnsAnalyzer d(TransportProto::kUdp, false);
  d.message(at(5), reply(9, {"x", "org"}, {{1, 2, 3, 4}}));
  d.message(at(6), query(9, {"x", "org"}, 1));
  auto rows = d.take_records();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].id.ts, at(5));
  EXPECT_EQ(rows[0].qtype, 1);
  EXPECT_EQ(rows[0].answers.size(), 1u);
}

TEST(DnsAnalyzer, SameIdRepliesMatchQueriesOldestFirst) {
  DnsAnalyzer d(TransportProto::kUdp, false);
  d.message(at(1), query(3, {"first"}));
  d.message(at(2), query(3, {"second"}));
  d.message(at(3), reply(3, {"first"}, {{1, 1, 1, 1}}));
  auto rows = d.take_records();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].query, "first");
  d.finish();
  rows = d.take_records();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].query, "second");
}

TEST(DnsAnalyzer, ReplyWithoutAnswersLeavesAaRaAndRttUnset) {
  DnsAnalyzer d(TransportProto::kUdp, false);
  d.message(at(1), query(4, {"nx", "test"}));
  d.message(at(2), reply(4, {"nx", "test"}, {}, 0x8583));  // NXDOMAIN, AA RA set in the header
  auto rows = d.take_records();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].rcode, 3);
  EXPECT_FALSE(rows[0].AA);  // Zeek takes AA and RA from the answers it logs
  EXPECT_FALSE(rows[0].RA);
  EXPECT_FALSE(rows[0].rtt);
  EXPECT_FALSE(rows[0].rejected);
}

TEST(DnsAnalyzer, ErrorReplyWithoutQuestionIsRejected) {
  DnsAnalyzer d(TransportProto::kUdp, false);
  d.message(at(1), query(5, {"r", "test"}));
  d.message(at(2), header(5, 0x8005, 0, 0));  // REFUSED, no question
  auto rows = d.take_records();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_TRUE(rows[0].rejected);
  EXPECT_EQ(rows[0].rcode, 5);
}

TEST(DnsAnalyzer, TcpMessagesAreFramedAcrossAndWithinSegments) {
  DnsAnalyzer d(TransportProto::kTcp, false);
  auto framed = [](const Msg& m) {
    Msg f(2 + m.size());
    f[0] = static_cast<uint8_t>(m.size() >> 8);
    f[1] = static_cast<uint8_t>(m.size());
    std::copy(m.begin(), m.end(), f.begin() + 2);
    return f;
  };
  Msg q = framed(query(11, {"tcp", "test"}));
  Msg q2 = framed(query(12, {"two", "test"}));
  Msg both = q;
  both.insert(both.end(), q2.begin(), q2.end());
  for (size_t i = 0; i < both.size(); ++i) d.stream_data(true, at(1), std::span<const uint8_t>(&both[i], 1));
  Msg r = framed(reply(11, {"tcp", "test"}, {{9, 9, 9, 9}}));
  d.stream_data(false, at(2), r);
  auto rows = d.take_records();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].proto, TransportProto::kTcp);
  EXPECT_EQ(rows[0].query, "tcp.test");
  d.finish();
  EXPECT_EQ(d.take_records().size(), 1u);  // "two.test", unanswered
}

TEST(DnsAnalyzer, AGapStopsTheFramingOfThatDirection) {
  DnsAnalyzer d(TransportProto::kTcp, false);
  d.stream_gap(true);
  Msg q;
  put16(q, 20);
  Msg body = query(1, {"lost"});
  q.insert(q.end(), body.begin(), body.end());
  d.stream_data(true, at(1), q);
  d.finish();
  EXPECT_TRUE(d.take_records().empty());
}

TEST(DnsAnalyzer, MalformedMessagesCountForWhatParsed) {
  DnsAnalyzer d(TransportProto::kUdp, false);
  Msg short_msg = {1, 2, 3};
  d.message(at(1), short_msg);  // not even a header: ignored
  Msg bad = header(8, 0x0100, 1, 0);
  bad.push_back(0xc0);  // a pointer to itself
  bad.push_back(12);
  d.message(at(1), bad);
  d.finish();
  auto rows = d.take_records();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].trans_id, 8);
  EXPECT_FALSE(rows[0].query);
  EXPECT_FALSE(d.confirmed());
}

TEST(DnsAnalyzer, AFloodOfUnansweredIdsIsBounded) {
  DnsAnalyzer d(TransportProto::kUdp, false);
  for (uint16_t id = 0; id < 5000; ++id) d.message(at(1), query(id, {"flood"}));
  size_t logged_early = d.take_records().size();
  EXPECT_GE(logged_early, 5000u - DnsAnalyzer::kMaxPendingIds - 1);  // given up on, logged as they were
  d.finish();
  EXPECT_EQ(logged_early + d.take_records().size(), 5000u);  // nothing lost, nothing twice
}

TEST(DnsAnalyzer, NetbiosNamesAreDecoded) {
  EXPECT_EQ(decode_netbios_name("FHEPFCELEHFCEPFFFACACACACACACAAA"), "WORKGROUP");
  EXPECT_EQ(decode_netbios_name("not-encoded"), "not-encoded");
  EXPECT_EQ(decode_netbios_name("ZZEPFCELEHFCEPFFFACACACACACACAAA"), "ZZEPFCELEHFCEPFFFACACACACACACAAA");
}

}  // namespace
}  // namespace vigil
