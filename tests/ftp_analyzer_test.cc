// The FTP analyzer: commands paired with replies as Zeek's ftp.log pairs them, the user and the hidden
// password, file URLs from the working directory, data channels from PASV, EPSV, PORT and EPRT, and
// hostile input (endless lines, floods of commands, gaps) kept bounded.
#include "protocols/ftp_analyzer.h"

#include <gtest/gtest.h>

#include <string>

namespace vigil {
namespace {

const IpAddr kClient = *IpAddr::parse("10.0.0.7");
const IpAddr kServer = *IpAddr::parse("203.0.113.9");

struct Session {
  FtpAnalyzer ftp{kClient, kServer};
  int64_t t = 1'000'000'000;
  void client(const std::string& s) { send(true, s); }
  void server(const std::string& s) { send(false, s); }
  void send(bool orig, const std::string& s) {
    t += 1'000'000;
    ftp.deliver(orig, Timestamp{t}, std::span(reinterpret_cast<const uint8_t*>(s.data()), s.size()));
  }
  std::vector<FtpRecord> end() {
    ftp.finish();
    return ftp.take_records();
  }
};

TEST(FtpAnalyzer, AStealersUploadAsZeekLogsIt) {
  Session s;
  s.server("220---------- Welcome to Pure-FTPd ----------\r\n220-You are user number 1.\r\n220 ready\r\n");
  s.client("USER husband@example.com\r\n");
  s.server("331 User husband@example.com OK. Password required\r\n");
  s.client("PASS kFxADjwNBm$_\r\n");
  s.server("230 OK. Current restricted directory is /\r\n");
  s.client("OPTS utf8 on\r\n");
  s.server("504 Unknown command\r\n");
  s.client("PWD\r\n");
  s.server("257 \"/\" is your current location\r\n");
  s.client("TYPE I\r\n");
  s.server("200 TYPE is now 8-bit binary\r\n");
  s.client("PASV\r\n");
  int64_t pasv_time = s.t;
  s.server("227 Entering Passive Mode (203,0,113,9,173,235)\r\n");
  s.client("STOR PW_admin-USER-PC_2024_03_07_19_00_36.html\r\n");
  s.server("150 Accepted data connection\r\n");
  s.server("226-File successfully transferred\r\n226 0.192 seconds (measured here), 2.71 Kbytes per second\r\n");
  EXPECT_TRUE(s.ftp.confirmed());
  auto rows = s.end();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].command, "PASV");
  EXPECT_EQ(rows[0].id.ts.ns, pasv_time);  // when the command was sent
  EXPECT_EQ(rows[0].user, "husband@example.com");
  EXPECT_EQ(rows[0].password, "<hidden>");
  EXPECT_FALSE(rows[0].arg);
  EXPECT_EQ(rows[0].reply_code, 227);
  ASSERT_TRUE(rows[0].data_channel);
  EXPECT_TRUE(rows[0].data_channel->passive);
  EXPECT_EQ(rows[0].data_channel->orig_h, kClient);
  EXPECT_EQ(rows[0].data_channel->resp_h, kServer);
  EXPECT_EQ(rows[0].data_channel->resp_p, 173 * 256 + 235);
  EXPECT_EQ(rows[1].command, "STOR");
  EXPECT_EQ(rows[1].arg, "ftp://203.0.113.9/PW_admin-USER-PC_2024_03_07_19_00_36.html");
  EXPECT_EQ(rows[1].reply_code, 226);  // the last reply line, not the 150
  EXPECT_EQ(rows[1].reply_msg, "0.192 seconds (measured here), 2.71 Kbytes per second");
  EXPECT_FALSE(rows[1].data_channel);
}

TEST(FtpAnalyzer, GuestsPasswordsShowAndPathsFollowTheDirectory) {
  Session s;
  s.server("220 hi\r\n");
  s.client("user Anonymous\r\n");  // commands any case
  s.server("331 ok\r\n");
  s.client("PASS guest@example.org\r\n");
  s.server("230 ok\r\n");
  s.client("CWD /pub/data\r\n");
  s.server("250 ok\r\n");
  s.client("CWD ../other/./x\r\n");
  s.server("250 ok\r\n");
  s.client("CDUP\r\n");
  s.server("250 ok\r\n");
  s.client("RETR file.bin\r\n");
  s.server("150 Opening BINARY mode data connection (1024 bytes)\r\n226 done\r\n");
  s.client("DELE /abs/path\r\n");
  s.server("550 no\r\n");
  auto rows = s.end();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].user, "Anonymous");
  EXPECT_EQ(rows[0].password, "guest@example.org");
  EXPECT_EQ(rows[0].arg, "ftp://203.0.113.9/pub/other/file.bin");
  EXPECT_EQ(rows[1].arg, "ftp://203.0.113.9/abs/path");
  EXPECT_EQ(rows[1].reply_code, 550);
}

TEST(FtpAnalyzer, ActiveAndExtendedDataChannels) {
  Session s;
  s.server("220 hi\r\n");
  s.client("PORT 10,0,0,7,200,10\r\n");
  s.server("200 PORT ok\r\n");
  s.client("EPRT |2|2001:db8::7|6275|\r\n");
  s.server("200 EPRT ok\r\n");
  s.client("EPSV\r\n");
  s.server("229 Entering Extended Passive Mode (|||6446|)\r\n");
  s.client("PORT 300,0,0,7,1,1\r\n");  // not an address: no channel
  s.server("200 whatever\r\n");
  auto rows = s.end();
  ASSERT_EQ(rows.size(), 4u);
  ASSERT_TRUE(rows[0].data_channel);
  EXPECT_FALSE(rows[0].data_channel->passive);
  EXPECT_EQ(rows[0].data_channel->orig_h, kServer);  // the server connects back
  EXPECT_EQ(rows[0].data_channel->resp_h, kClient);
  EXPECT_EQ(rows[0].data_channel->resp_p, 200 * 256 + 10);
  ASSERT_TRUE(rows[1].data_channel);
  EXPECT_EQ(rows[1].data_channel->resp_h, *IpAddr::parse("2001:db8::7"));
  EXPECT_EQ(rows[1].data_channel->resp_p, 6275);
  ASSERT_TRUE(rows[2].data_channel);
  EXPECT_TRUE(rows[2].data_channel->passive);
  EXPECT_EQ(rows[2].data_channel->resp_h, kServer);
  EXPECT_EQ(rows[2].data_channel->resp_p, 6446);
  EXPECT_FALSE(rows[3].data_channel);
}

TEST(FtpAnalyzer, ParsersRejectWhatIsNotThere) {
  EXPECT_FALSE(parse_ftp_host_port("1,2,3,4,5"));
  EXPECT_FALSE(parse_ftp_host_port("1,2,3,256,5,6"));
  EXPECT_FALSE(parse_ftp_host_port("1,2,3,4,0,0"));  // port 0
  EXPECT_EQ(parse_ftp_host_port("1,2,3,4,5,6x7")->second, 5 * 256 + 6);  // trailing text ignored, as Zeek's sscanf
  EXPECT_TRUE(parse_ftp_host_port(" 1, 2,3,4 ,5,6"));
  EXPECT_FALSE(parse_ftp_eprt("|1|2001:db8::1|80|"));  // family 1 is IPv4
  EXPECT_FALSE(parse_ftp_eprt("|3|1.2.3.4|80|"));
  EXPECT_FALSE(parse_ftp_eprt("|1|1.2.3.4|99999|"));
  EXPECT_FALSE(parse_ftp_eprt("|1|1.2.3.4|80"));
  EXPECT_TRUE(parse_ftp_eprt("!1!1.2.3.4!80!"));
  EXPECT_FALSE(parse_ftp_epsv("229 (||6446|)"));
  EXPECT_FALSE(parse_ftp_epsv("229 (|||0|)"));
  EXPECT_FALSE(parse_ftp_epsv("229 (|||"));
  EXPECT_EQ(ftp_path("/a/b", "../../../c"), "/c");
  EXPECT_EQ(ftp_path(".", "x"), "x");
  EXPECT_EQ(ftp_path("/", "//x//y/./"), "/x/y");
}

TEST(FtpAnalyzer, HostileInputStaysBounded) {
  Session s;
  s.server("220 hi\r\n");
  s.client(std::string(200'000, 'A'));  // a command line that never ends
  s.client("\r\n");
  for (int i = 0; i < 1000; ++i) s.client("STOR f" + std::to_string(i) + "\r\n");  // no replies
  s.server("not a reply at all\r\n999 out of range\r\n");
  auto rows = s.end();
  EXPECT_LE(rows.size(), FtpAnalyzer::kMaxPending);  // the rest were never queued
  for (const FtpRecord& r : rows) EXPECT_LE(r.arg.value_or("").size(), FtpAnalyzer::kMaxArg);

  Session user;
  user.client("USER " + std::string(10'000, 'u') + "\r\nPASV\r\n");
  user.server("227 (1,2,3,4,5,6)\r\n");
  auto r = user.end();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].user.size(), FtpAnalyzer::kMaxUser);

  Session deep;  // CWD after CWD: the working directory, and so every URL, stays bounded
  for (int i = 0; i < 300; ++i) {
    deep.client("CWD " + std::string(100, 'd') + "\r\n");
    deep.server("250 ok\r\n");
  }
  deep.client("RETR f\r\n");
  deep.server("226 ok\r\n");
  auto d = deep.end();
  ASSERT_EQ(d.size(), 1u);
  EXPECT_LE(d[0].arg->size(), FtpAnalyzer::kMaxArg);

  Session gap;  // a gap in the replies: what follows is not lined up with the commands
  gap.server("220 hi\r\n");
  gap.client("PASV\r\n");
  gap.ftp.gap(false);
  gap.server("227 (1,2,3,4,5,6)\r\n");
  auto g = gap.end();
  ASSERT_EQ(g.size(), 1u);
  EXPECT_FALSE(g[0].reply_code);
}

TEST(FtpAnalyzer, ConfirmedByACommandWithdrawnByAViolation) {
  Session s;
  s.server("220 hi\r\n");
  EXPECT_FALSE(s.ftp.confirmed());  // a banner alone is not FTP yet (Zeek confirms on a command)
  s.client("xy\r\n");                // too short for a command: ignored
  EXPECT_FALSE(s.ftp.confirmed());
  s.client("USER bob\r\n");
  EXPECT_TRUE(s.ftp.confirmed());
  s.server("331 ok\r\n");
  s.client("PASV\r\n");
  s.server("22 not a reply code\r\n");  // Zeek's "invalid reply code": DPD removes the analyzer
  EXPECT_FALSE(s.ftp.confirmed());
  s.server("227 (1,2,3,4,5,6)\r\n");  // no longer read
  auto rows = s.end();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_FALSE(rows[0].reply_code);

  Session late;  // past the first 10 KiB a violation is ignored, as DPD::ignore_violations_after
  late.client("USER bob\r\n");
  for (int i = 0; i < 200; ++i) late.server("200-" + std::string(60, 'x') + "\r\n200 ok\r\n");
  late.server("garbage\r\n");
  EXPECT_TRUE(late.ftp.confirmed());
}

TEST(FtpAnalyzer, AuthTlsHandsTheConnectionToTls) {
  Session s;
  s.server("220 hi\r\n");
  s.client("AUTH SSL\r\n");
  s.server("234 ok\r\n");
  EXPECT_FALSE(s.ftp.starts_tls());  // Zeek switches on AUTH TLS only
  s.client("AUTH TLS\r\n");
  s.server("234 Proceed with negotiation.\r\n");
  EXPECT_TRUE(s.ftp.starts_tls());
}

}  // namespace
}  // namespace vigil
