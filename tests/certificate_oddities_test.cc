// The certificate detector: which certificates are odd, that only servers outside are judged, and that a
// certificate many hosts are shown weighs little.
#include "detect/certificate_oddities.h"

#include <gtest/gtest.h>

namespace vigil {
namespace {

constexpr int64_t kNow = 1'709'051'041;  // 2024-02-27
constexpr int64_t kDay = 86400;

SslRecord row(const char* client, const char* server, const char* subject, const char* issuer, int64_t before,
              int64_t after, const char* fp = "ab12") {
  SslRecord r;
  r.id.ts.ns = kNow * 1'000'000'000;
  r.id.uid = "C1";
  r.id.orig_h = *IpAddr::parse(client);
  r.id.resp_h = *IpAddr::parse(server);
  r.id.resp_p = 4041;
  r.subject = subject;
  r.issuer = issuer;
  r.not_valid_before = before;
  r.not_valid_after = after;
  r.cert_chain_fps = {fp};
  return r;
}

TEST(CertificateOddities, EachOddityIsSeen) {
  SslRecord good = row("10.0.0.5", "203.0.113.7", "CN=shop.example", "CN=Some CA", kNow - 30 * kDay, kNow + 300 * kDay);
  EXPECT_FALSE(oddities_of(good).any());

  SslRecord self = good;
  self.issuer = "CN=shop.example";  // no self_signed field: subject == issuer decides
  EXPECT_TRUE(oddities_of(self).self_signed);
  self.self_signed = false;  // the log's own word wins
  EXPECT_FALSE(oddities_of(self).self_signed);

  SslRecord old = good;
  old.not_valid_after = kNow - kDay;
  EXPECT_TRUE(oddities_of(old).expired);
  SslRecord early = good;
  early.not_valid_before = kNow + kDay;
  EXPECT_TRUE(oddities_of(early).not_yet_valid);
  SslRecord forever = good;
  forever.not_valid_after = 253402300799;  // 9999-12-31, AsyncRAT's
  EXPECT_TRUE(oddities_of(forever).overlong);
  SslRecord wrong = good;
  wrong.server_name = "bank.example";
  wrong.sni_matches_cert = false;
  EXPECT_TRUE(oddities_of(wrong).name_mismatch);

  SslRecord none;  // TLS 1.3: no certificate in view
  none.server_name = "x.example";
  EXPECT_FALSE(oddities_of(none).any());
}

TEST(CertificateOddities, WeightsCombineAsIndependentEvidence) {
  CertificateOddities o;
  o.self_signed = true;
  EXPECT_NEAR(o.weight(), 0.5, 1e-12);
  o.overlong = true;
  EXPECT_NEAR(o.weight(), 1 - 0.5 * 0.7, 1e-12);
}

TEST(CertificateOddities, ARareSelfSignedServerOutsideIsAFinding) {
  Locality locality(NetSet::private_networks(), false);
  CertificateTable table(locality);
  table.ssl(row("10.0.0.5", "181.131.218.39", "CN=AsyncRAT Server", "CN=AsyncRAT Server", 1589309120, 253402300799));
  table.ssl(row("10.0.0.5", "181.131.218.39", "CN=AsyncRAT Server", "CN=AsyncRAT Server", 1589309120, 253402300799));
  table.ssl(row("10.0.0.5", "10.0.9.9", "CN=printer", "CN=printer", 0, 253402300799, "cd34"));  // inside: not judged
  auto found = table.findings(100, 0.5, nullptr);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].server.to_string(), "181.131.218.39");
  EXPECT_EQ(found[0].connections, 2u);
  EXPECT_TRUE(found[0].oddities.self_signed && found[0].oddities.overlong);
  EXPECT_NEAR(found[0].confidence, 0.65, 1e-9);  // (1 - 0.5 x 0.7) x rarity 1
  auto lines = explain(found[0]);
  bool has_dates = false;
  for (const auto& l : lines) has_dates |= l.find("to 9999-12-31 UTC") != std::string::npos;
  EXPECT_TRUE(has_dates);

  Allowlist allow = Allowlist::parse("181.131.218.39\n").take();
  EXPECT_TRUE(table.findings(100, 0.5, &allow).empty());
}

TEST(CertificateOddities, ACertificateEveryHostIsShownWeighsLittle) {
  Locality locality(NetSet::private_networks(), false);
  CertificateTable table(locality);
  for (int h = 1; h <= 40; ++h)
    table.ssl(row(("10.0.0." + std::to_string(h)).c_str(), "198.51.100.20", "CN=vpn.corp", "CN=vpn.corp", 0, 253402300799));
  EXPECT_TRUE(table.findings(40, 0.5, nullptr).empty());
  EXPECT_FALSE(table.findings(40, 0.0, nullptr).empty());
}

}  // namespace
}  // namespace vigil
