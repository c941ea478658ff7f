// vigil hunt's TOML configuration: every key read, errors naming file, line and key, allowlists combined
// per detector, relative files taken from the configuration's folder.
#include "cli/hunt_config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace vigil::cli {
namespace {

TEST(HuntConfig, ReadsEveryKey) {
  auto c = parse_hunt_config(R"(
internal = ["10.0.0.0/8"]
allow = ["everywhere.example"]
feeds = ["a.txt"]
min_confidence = 0.4
top = 7
[beacon]
min_confidence = 0.7
allow = ["10.9.9.9"]
[long-connection]
min_session_s = 600
min_connected_s = 7200
)", "test.toml");
  ASSERT_TRUE(c.is_ok()) << c.status().to_string();
  const HuntConfig& h = c.value();
  EXPECT_EQ(h.internal, std::vector<std::string>{"10.0.0.0/8"});
  EXPECT_EQ(*h.top, 7u);
  EXPECT_DOUBLE_EQ(h.min_confidence_for("beacon", 0.5), 0.7);
  EXPECT_DOUBLE_EQ(h.min_confidence_for("long-connection", 0.5), 0.4);
  EXPECT_DOUBLE_EQ(*h.min_session_s, 600);
  auto beacon = h.allowlist_for("beacon", {});
  auto lc = h.allowlist_for("long-connection", {});
  ASSERT_TRUE(beacon.is_ok() && lc.is_ok());
  EXPECT_TRUE(beacon.value().allows_name("www.everywhere.example"));
  EXPECT_TRUE(beacon.value().allows_address(*IpAddr::parse("10.9.9.9")));
  EXPECT_TRUE(lc.value().allows_name("everywhere.example"));
  EXPECT_FALSE(lc.value().allows_address(*IpAddr::parse("10.9.9.9")));  // the beacon's own entry only
}

TEST(HuntConfig, ErrorsNameTheLineAndKey) {
  auto typo = parse_hunt_config("top = 5\n[beacon]\nmin_confidance = 0.3\n", "site.toml");
  ASSERT_FALSE(typo.is_ok());
  EXPECT_EQ(typo.status().to_string(), "site.toml:3: unknown key beacon.min_confidance");
  auto type = parse_hunt_config("allow = \"one.example\"\n", "site.toml");
  ASSERT_FALSE(type.is_ok());
  EXPECT_NE(type.status().to_string().find("site.toml:1: allow must be a list of strings"), std::string::npos);
  auto range = parse_hunt_config("\n\nmin_confidence = 1.5\n", "site.toml");
  ASSERT_FALSE(range.is_ok());
  EXPECT_NE(range.status().to_string().find("site.toml:3:"), std::string::npos);
  auto detector = parse_hunt_config("[beacons]\n", "site.toml");
  ASSERT_FALSE(detector.is_ok());
  EXPECT_NE(detector.status().to_string().find("unknown key beacons"), std::string::npos);
  auto syntax = parse_hunt_config("top = = 5\n", "site.toml");
  ASSERT_FALSE(syntax.is_ok());
  EXPECT_NE(syntax.status().to_string().find("site.toml:1:"), std::string::npos);
  auto entry = parse_hunt_config("allow = [\"not a name!\"]\n", "site.toml");
  EXPECT_FALSE(entry.is_ok());
}

TEST(HuntConfig, RelativeAllowFilesComeFromTheConfigurationsFolder) {
  std::string dir = ::testing::TempDir() + "vigil_config_test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/site.toml") << "allow_files = [\"known.txt\"]\n";
  std::ofstream(dir + "/known.txt") << "# checked by the SOC\nbackup.example\n192.0.2.0/24\n";
  auto c = load_hunt_config(dir + "/site.toml");
  ASSERT_TRUE(c.is_ok()) << c.status().to_string();
  auto allow = c.value().allowlist_for("beacon", {});
  ASSERT_TRUE(allow.is_ok()) << allow.status().to_string();
  EXPECT_TRUE(allow.value().allows_name("eu.backup.example"));
  EXPECT_TRUE(allow.value().allows_address(*IpAddr::parse("192.0.2.77")));
  std::ofstream(dir + "/known.txt") << "bad entry here\n";
  auto broken = c.value().allowlist_for("beacon", {});
  ASSERT_FALSE(broken.is_ok());
  EXPECT_NE(broken.status().to_string().find("known.txt:1:"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace vigil::cli
