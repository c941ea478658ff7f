// The FTP-upload detector: a file stored on an FTP server outside is found with its name, reply, bytes
// (from its data connection, passive or active) and account; downloads, internal servers, allowlisted
// servers and servers many hosts use are not, or weigh little.
#include "detect/ftp_uploads.h"

#include <gtest/gtest.h>

#include "report/finding_view.h"

namespace vigil {
namespace {

constexpr int64_t kSecond = 1'000'000'000;
constexpr int64_t kT0 = 1'709'838'000 * kSecond;

FtpRecord row(const std::string& uid, const char* host, const char* server, const char* command, int64_t t,
              std::optional<uint16_t> reply, const char* arg = nullptr) {
  FtpRecord r;
  r.id.ts.ns = kT0 + t * kSecond;
  r.id.uid = uid;
  r.id.orig_h = *IpAddr::parse(host);
  r.id.orig_p = 49209;
  r.id.resp_h = *IpAddr::parse(server);
  r.id.resp_p = 21;
  r.user = "husband@example.com";
  r.password = "<hidden>";
  r.command = command;
  if (arg) r.arg = arg;
  r.reply_code = reply;
  return r;
}

ConnRecord data_conn(const char* orig, const char* resp, uint16_t port, int64_t t, uint64_t orig_bytes, uint64_t resp_bytes) {
  ConnRecord c;
  c.uid = std::to_string(t).insert(0, 1, 'D');
  c.ts = Timestamp{kT0 + t * kSecond};
  c.orig_h = *IpAddr::parse(orig);
  c.resp_h = *IpAddr::parse(resp);
  c.orig_p = 50000;
  c.resp_p = port;
  c.proto = TransportProto::kTcp;
  c.orig_bytes = orig_bytes;
  c.resp_bytes = resp_bytes;
  c.duration = Duration{kSecond};
  return c;
}

struct Scene {
  ChannelTable table{NetSet::private_networks()};
  FtpUploadTable ftp{table.locality()};
  std::vector<FtpUploadFinding> run(double min = 0, const Allowlist* allow = nullptr) {
    for (int h = 1; h <= 20; ++h) table.add(data_conn(std::to_string(h).insert(0, "10.0.0.").c_str(), "198.51.100.80", 443, h, 500, 9000));
    size_t hosts = table.internal_hosts();
    ChannelMap channels = table.finish();
    return ftp.findings(channels, hosts, min, allow);
  }
};

TEST(FtpUploads, APassiveUploadIsFoundWithItsBytes) {
  Scene s;
  FtpRecord pasv = row("C1", "10.0.0.7", "203.0.113.9", "PASV", 10, 227);
  pasv.data_channel = FtpDataChannel{true, *IpAddr::parse("10.0.0.7"), *IpAddr::parse("203.0.113.9"), 44523};
  s.ftp.ftp(pasv);
  s.ftp.ftp(row("C1", "10.0.0.7", "203.0.113.9", "STOR", 11, 226, "ftp://203.0.113.9/PW_admin.html"));
  s.table.add(data_conn("10.0.0.7", "203.0.113.9", 44523, 11, 533, 0));
  auto found = s.run();
  ASSERT_EQ(found.size(), 1u);
  const FtpUploadFinding& f = found[0];
  EXPECT_EQ(f.host, *IpAddr::parse("10.0.0.7"));
  EXPECT_EQ(f.server, *IpAddr::parse("203.0.113.9"));
  EXPECT_EQ(f.user, "husband@example.com");
  EXPECT_EQ(f.uploads, 1u);
  EXPECT_EQ(f.stored, 1u);
  ASSERT_EQ(f.files.size(), 1u);
  EXPECT_EQ(f.files[0].url, "ftp://203.0.113.9/PW_admin.html");
  EXPECT_EQ(f.files[0].bytes, 533u);
  EXPECT_EQ(f.bytes, 533u);
  EXPECT_EQ(f.prevalence, 1u);
  EXPECT_NEAR(f.confidence, 0.8, 1e-9);
  FindingView v = view_of(f);
  EXPECT_EQ(v.detector, "ftp-upload");
  EXPECT_EQ(v.severity, Severity::kMedium);
  EXPECT_NE(v.json_fields.find("\"file_bytes\":[533]"), std::string::npos) << v.json_fields;
}

TEST(FtpUploads, AnActiveUploadsBytesAreTheResponders) {
  Scene s;
  FtpRecord port = row("C1", "10.0.0.7", "203.0.113.9", "PORT", 10, 200);
  port.data_channel = FtpDataChannel{false, *IpAddr::parse("203.0.113.9"), *IpAddr::parse("10.0.0.7"), 51000};
  s.ftp.ftp(port);
  s.ftp.ftp(row("C1", "10.0.0.7", "203.0.113.9", "STOR", 11, 226, "ftp://203.0.113.9/a"));
  s.table.add(data_conn("203.0.113.9", "10.0.0.7", 51000, 11, 0, 4096));  // the server connects in
  auto found = s.run();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].files[0].bytes, 4096u);
}

TEST(FtpUploads, RefusedUploadsWeighLessAndDownloadsNothing) {
  Scene s;
  s.ftp.ftp(row("C1", "10.0.0.7", "203.0.113.9", "STOR", 11, 553, "ftp://203.0.113.9/x"));
  s.ftp.ftp(row("C2", "10.0.0.8", "203.0.113.10", "RETR", 11, 226, "ftp://203.0.113.10/y"));
  s.ftp.ftp(row("C3", "10.0.0.8", "10.0.5.5", "STOR", 11, 226, "ftp://10.0.5.5/z"));  // inside the network
  auto found = s.run();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].stored, 0u);
  EXPECT_NEAR(found[0].confidence, 0.8 * 0.6, 1e-9);
  EXPECT_FALSE(found[0].files[0].bytes);  // no data connection announced
}

TEST(FtpUploads, ACommonServerAllowlistsAndThresholds) {
  Scene s;
  for (int h = 1; h <= 15; ++h) {
    std::string host = std::to_string(h).insert(0, "10.0.0.");
    s.ftp.ftp(row(std::to_string(h).insert(0, 1, 'C'), host.c_str(), "203.0.113.50", "STOR", h, 226, "ftp://203.0.113.50/r"));
  }
  auto found = s.run();
  ASSERT_EQ(found.size(), 15u);
  EXPECT_EQ(found[0].prevalence, 15u);
  EXPECT_LT(found[0].confidence, 0.2);  // a partner's server the whole office uses
  Scene t;
  t.ftp.ftp(row("C1", "10.0.0.7", "203.0.113.9", "STOR", 11, 226, "ftp://203.0.113.9/x"));
  Allowlist allow = Allowlist::parse("203.0.113.0/24\n").take();
  EXPECT_TRUE(t.run(0, &allow).empty());
  Scene u;
  u.ftp.ftp(row("C1", "10.0.0.7", "203.0.113.9", "STOR", 11, 226, "ftp://203.0.113.9/x"));
  EXPECT_TRUE(u.run(0.9).empty());
}

TEST(FtpUploads, ManyFilesAreCountedAndTheFirstKept) {
  Scene s;
  for (int i = 0; i < 40; ++i)
    s.ftp.ftp(row("C1", "10.0.0.7", "203.0.113.9", "STOR", i, 226, ("ftp://203.0.113.9/f" + std::to_string(i)).c_str()));
  auto found = s.run();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].uploads, 40u);
  EXPECT_EQ(found[0].files.size(), FtpUploadTable::kMaxFiles);
  bool counted = false;
  for (const std::string& line : explain(found[0])) counted |= line.find("24 more uploads") != std::string::npos;
  EXPECT_TRUE(counted);
}

}  // namespace
}  // namespace vigil
