// DNS message parsing: Zeek's renderings of answers, compression, and every hostile shape of a name.
#include "protocols/dns_message.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dns_builder.h"

namespace vigil {
namespace {

using namespace dns_test;

TEST(DnsMessage, QueryHeaderAndQuestion) {
  Msg m = header(0x1234, 0x0100, 1, 0);  // RD
  put_name(m, {"www", "Example", "com"});
  put16(m, 28);
  put16(m, 1);
  DnsMessage d;
  ASSERT_EQ(parse_dns_message(m, d), DnsParseError::kNone);
  EXPECT_EQ(d.id, 0x1234);
  EXPECT_FALSE(d.qr);
  EXPECT_TRUE(d.RD);
  ASSERT_EQ(d.questions.size(), 1u);
  EXPECT_EQ(d.questions[0].name, "www.Example.com");  // case kept; a log may fold it
  EXPECT_EQ(d.questions[0].qtype, 28);
}

TEST(DnsMessage, AnswersRenderedAsZeekShowsThem) {
  Msg m = header(7, 0x8580, 1, 8);  // QR AA RD RA
  put_name(m, {"example", "com"});
  put16(m, 255);
  put16(m, 1);
  put_answer(m, 1, 300, {93, 184, 216, 34});
  put_answer(m, 28, 60, {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
  Msg cname;
  put_name(cname, {"cdn"});
  cname.pop_back();
  put16(cname, 0xc00c);  // "cdn" + pointer to example.com
  put_answer(m, 5, 60, cname);
  Msg mx = {0, 10};
  put_name(mx, {"mail", "example", "com"});
  put_answer(m, 15, 60, mx);
  put_answer(m, 16, 60, {5, 'v', '=', 's', 'p', 'f', 3, 'a', 'b', 'c'});
  Msg srv = {0, 1, 0, 2, 0x01, 0xbb};
  put_name(srv, {"sip", "example", "com"});
  put_answer(m, 33, 60, srv);
  put_answer(m, 10, 60, {1, 2, 3});
  put_answer(m, 99, 60, {3, 'x', 'y', 'z'});
  DnsMessage d;
  ASSERT_EQ(parse_dns_message(m, d), DnsParseError::kNone);
  EXPECT_TRUE(d.qr && d.AA && d.RD && d.RA);
  ASSERT_EQ(d.answers.size(), 8u);
  EXPECT_EQ(d.answers[0].text, "93.184.216.34");
  EXPECT_EQ(d.answers[0].ttl, 300u);
  EXPECT_EQ(d.answers[0].name, "example.com");
  EXPECT_EQ(d.answers[1].text, "2001:db8::1");
  EXPECT_EQ(d.answers[2].text, "cdn.example.com");
  EXPECT_EQ(d.answers[3].text, "mail.example.com");
  EXPECT_EQ(d.answers[4].text, "TXT 5 v=spf TXT 3 abc");
  EXPECT_EQ(d.answers[5].text, "sip.example.com");
  EXPECT_EQ(d.answers[6].text, "<unknown type=10>");
  EXPECT_EQ(d.answers[7].text, "SPF 3 xyz");
}

TEST(DnsMessage, CompressionLoopsAndForwardPointersAreRejected) {
  Msg self = header(1, 0, 1, 0);
  put16(self, 0xc00c);  // the name at 12 points to 12
  put16(self, 1);
  put16(self, 1);
  DnsMessage d;
  EXPECT_EQ(parse_dns_message(self, d), DnsParseError::kBadName);

  Msg two = header(1, 0, 1, 0);  // 12 -> 14 -> 12
  put16(two, 0xc00e);
  put16(two, 0xc00c);
  EXPECT_EQ(parse_dns_message(two, d), DnsParseError::kBadName);

  Msg forward = header(1, 0, 1, 0);
  put16(forward, 0xc0ff);
  EXPECT_EQ(parse_dns_message(forward, d), DnsParseError::kBadName);
}

TEST(DnsMessage, LabelsOver63AndNamesOver255AreRejected) {
  Msg label = header(1, 0, 1, 0);
  label.push_back(64);  // 0x40: the extended label type, not a length
  label.insert(label.end(), 64, 'a');
  label.push_back(0);
  DnsMessage d;
  EXPECT_EQ(parse_dns_message(label, d), DnsParseError::kBadName);

  Msg longname = header(1, 0, 1, 0);
  for (int i = 0; i < 5; ++i) {  // 5 labels of 63: 320 bytes
    longname.push_back(63);
    longname.insert(longname.end(), 63, 'b');
  }
  longname.push_back(0);
  put16(longname, 1);
  put16(longname, 1);
  EXPECT_EQ(parse_dns_message(longname, d), DnsParseError::kBadName);

  Msg ok = header(1, 0, 1, 0);  // 3 x 63 + 61: 253 characters, 255 bytes on the wire
  for (int i = 0; i < 3; ++i) {
    ok.push_back(63);
    ok.insert(ok.end(), 63, 'c');
  }
  ok.push_back(61);
  ok.insert(ok.end(), 61, 'd');
  ok.push_back(0);
  put16(ok, 1);
  put16(ok, 1);
  ASSERT_EQ(parse_dns_message(ok, d), DnsParseError::kNone);
  EXPECT_EQ(d.questions[0].name.size(), 253u);
}

TEST(DnsMessage, EveryTruncationIsAnErrorNotACrash) {
  Msg m = header(9, 0x8180, 1, 2);
  put_name(m, {"a", "example", "org"});
  put16(m, 1);
  put16(m, 1);
  put_answer(m, 1, 60, {1, 2, 3, 4});
  put_answer(m, 16, 60, {2, 'h', 'i'});
  DnsMessage d;
  ASSERT_EQ(parse_dns_message(m, d), DnsParseError::kNone);
  for (size_t cut = 0; cut < m.size(); ++cut) {
    Msg part(m.begin(), m.begin() + static_cast<std::ptrdiff_t>(cut));
    EXPECT_NE(parse_dns_message(part, d), DnsParseError::kNone) << "cut at " << cut;
  }
}

TEST(DnsMessage, RecordCountsBeyondReasonAreRefused) {
  Msg m = header(1, 0, 0xffff, 0xffff);
  DnsMessage d;
  EXPECT_EQ(parse_dns_message(m, d), DnsParseError::kTooManyRecords);
}

}  // namespace
}  // namespace vigil
