// The FTP-upload detector: files an internal host stored (STOR, STOU, APPE) on an FTP server outside the
// network. FTP sends the login and the file in the clear, and few organisations still upload anything
// to the Internet that way; stealers do (AgentTesla, Snake Keylogger: a file of harvested passwords,
// a few hundred bytes, to an FTP account on a hacked web host), far below what volume-based exfiltration
// can see. Per host and server: the files with their replies, the bytes of each upload where its data
// connection is in the data (the channel the PASV/EPSV/PORT/EPRT before it announced), the account,
// and how many internal hosts use the server. Reads ftp.log rows (vigil's own from captures, or Zeek's).
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "detect/allowlist.h"
#include "detect/channel.h"
#include "detect/record_observer.h"

namespace vigil {

struct FtpUploadFile {
  std::string command;  // STOR, STOU or APPE
  std::string url;      // ftp://server/path, as ftp.log's arg
  uint16_t reply_code = 0;  // 0: no reply seen
  int64_t ts_ns = 0;
  std::optional<uint64_t> bytes;  // sent on its data connection, when that connection is in the data
};

struct FtpUploadFinding {
  IpAddr host, server;
  uint16_t port = 21;
  std::string user;
  std::vector<FtpUploadFile> files;  // in time order, at most kMaxFiles
  size_t uploads = 0;                // all of them
  size_t stored = 0;                 // of them, confirmed by a 2xx reply
  uint64_t bytes = 0;                // of the uploads whose data connection was found
  size_t sessions = 0;               // control connections to the server
  size_t prevalence = 0;             // internal hosts with FTP sessions to the server
  size_t internal_hosts = 0;
  int64_t first_ns = 0, last_ns = 0;
  double confidence = 0;
};

class FtpUploadTable : public RecordObserver {
 public:
  static constexpr size_t kMaxFiles = 16;
  static constexpr size_t kMaxHostsPerServer = 64;
  static constexpr int64_t kDataWindowNs = 300'000'000'000;  // a data connection opens within 5 min

  explicit FtpUploadTable(const Locality& locality) : locality_(locality) {}
  void ftp(const FtpRecord& r) override;
  // `channels`: the hunt's channels, where each upload's data connection is looked up.
  std::vector<FtpUploadFinding> findings(const ChannelMap& channels, size_t internal_hosts, double min_confidence,
                                         const Allowlist* allowlist) const;

 private:
  struct Upload {
    FtpUploadFile file;
    std::optional<FtpDataChannel> channel;
  };
  struct Server {
    IpAddr host, server;
    uint16_t port = 0;
    std::string user;
    std::vector<Upload> uploads;  // the first kMaxFiles
    size_t count = 0, stored = 0;
    std::vector<std::string> sessions;  // uids (bounded by kMaxFiles + the sessions without uploads, capped)
    int64_t first_ns = INT64_MAX, last_ns = INT64_MIN;
  };
  const Locality& locality_;
  std::unordered_map<std::string, FtpDataChannel> last_channel_;  // per control connection (uid)
  std::unordered_map<std::string, Server> by_host_and_server_;
  std::unordered_map<IpAddr, std::vector<IpAddr>, IpAddrHash> hosts_by_server_;
};

std::vector<std::string> explain(const FtpUploadFinding& f);

}  // namespace vigil
