#include "detect/ftp_uploads.h"

#include <algorithm>

#include "core/text_format.h"
#include "detect/prevalence.h"

namespace vigil {
namespace {

// Even a confirmed upload to a server only this host uses may be a partner's drop box: a lead an analyst
// settles by reading the file names and the account (medium severity, docs/detection.md).
constexpr double kBaseConfidence = 0.8;
constexpr double kUnconfirmed = 0.6;  // no 2xx reply seen: refused, or the data end first
constexpr size_t kMaxTrackedSessions = 1'000'000;  // hostile input: uids remembered for their data channel

bool is_upload(const std::string& command) { return command == "STOR" || command == "STOU" || command == "APPE"; }
bool announces_channel(const std::string& c) { return c == "PASV" || c == "EPSV" || c == "PORT" || c == "EPRT"; }

std::string key_of(const FtpRecord& r) {
  return r.id.orig_h.to_string() + "|" + r.id.resp_h.to_string() + "|" + std::to_string(r.id.resp_p);
}

// The bytes the client sent on the data connection `c` announced, in its first connection opened from
// `after` on (within kDataWindowNs). Passive: the client connects to the server's port (outbound);
// active (PORT): the server connects back to the client's port, so the client's bytes are the responder's.
std::optional<uint64_t> data_bytes(const ChannelMap& channels, const IpAddr& host, const FtpDataChannel& c,
                                   int64_t after) {
  ChannelKey key{host, c.passive ? c.resp_h : c.orig_h, c.resp_p, TransportProto::kTcp, {},
                 c.passive ? Direction::kOutbound : Direction::kInbound};
  auto it = channels.find(key);
  if (it == channels.end()) return std::nullopt;
  for (const ChannelConnection& conn : it->second.connections())
    if (conn.start_ns >= after - 1'000'000'000 && conn.start_ns <= after + FtpUploadTable::kDataWindowNs)
      return c.passive ? conn.orig_bytes : conn.resp_bytes;
  return std::nullopt;
}

}  // namespace

void FtpUploadTable::ftp(const FtpRecord& r) {
  if (!locality_.internal(r.id.orig_h) || locality_.internal(r.id.resp_h)) return;
  std::vector<IpAddr>& hosts = hosts_by_server_[r.id.resp_h];
  if (hosts.size() < kMaxHostsPerServer && std::find(hosts.begin(), hosts.end(), r.id.orig_h) == hosts.end())
    hosts.push_back(r.id.orig_h);
  if (announces_channel(r.command)) {
    if (r.data_channel && (last_channel_.size() < kMaxTrackedSessions || last_channel_.contains(r.id.uid)))
      last_channel_[r.id.uid] = *r.data_channel;
    return;
  }
  if (!is_upload(r.command)) return;
  Server& s = by_host_and_server_[key_of(r)];
  if (s.count == 0) {
    s.host = r.id.orig_h;
    s.server = r.id.resp_h;
    s.port = r.id.resp_p;
  }
  if (s.user.empty() || s.user == "<unknown>") s.user = r.user;
  ++s.count;
  bool stored = r.reply_code && *r.reply_code >= 200 && *r.reply_code < 300;
  s.stored += stored;
  s.first_ns = std::min(s.first_ns, r.id.ts.ns);
  s.last_ns = std::max(s.last_ns, r.id.ts.ns);
  if (std::find(s.sessions.begin(), s.sessions.end(), r.id.uid) == s.sessions.end() && s.sessions.size() < kMaxFiles)
    s.sessions.push_back(r.id.uid);
  if (s.uploads.size() >= kMaxFiles) return;
  Upload u;
  u.file = {r.command, r.arg.value_or(""), r.reply_code.value_or(0), r.id.ts.ns, std::nullopt};
  if (auto c = last_channel_.find(r.id.uid); c != last_channel_.end()) u.channel = c->second;
  s.uploads.push_back(std::move(u));
}

std::vector<FtpUploadFinding> FtpUploadTable::findings(const ChannelMap& channels, size_t internal_hosts,
                                                       double min_confidence, const Allowlist* allowlist) const {
  std::vector<FtpUploadFinding> out;
  for (const auto& [key, s] : by_host_and_server_) {
    if (allowlist && allowlist->allows_address(s.server)) continue;
    FtpUploadFinding f;
    f.host = s.host;
    f.server = s.server;
    f.port = s.port;
    f.user = s.user;
    f.uploads = s.count;
    f.stored = s.stored;
    f.sessions = s.sessions.size();
    f.first_ns = s.first_ns;
    f.last_ns = s.last_ns;
    for (const Upload& u : s.uploads) {
      FtpUploadFile file = u.file;
      if (u.channel) file.bytes = data_bytes(channels, s.host, *u.channel, file.ts_ns);
      f.bytes += file.bytes.value_or(0);
      f.files.push_back(std::move(file));
    }
    std::sort(f.files.begin(), f.files.end(), [](const FtpUploadFile& a, const FtpUploadFile& b) { return a.ts_ns < b.ts_ns; });
    auto hosts = hosts_by_server_.find(s.server);
    f.prevalence = hosts == hosts_by_server_.end() ? 1 : hosts->second.size();
    f.internal_hosts = std::max<size_t>(internal_hosts, 1);
    f.confidence = kBaseConfidence * (f.stored ? 1.0 : kUnconfirmed) * rarity(f.prevalence, f.internal_hosts);
    if (f.confidence >= min_confidence) out.push_back(std::move(f));
  }
  std::sort(out.begin(), out.end(), [](const FtpUploadFinding& a, const FtpUploadFinding& b) {
    if (a.confidence != b.confidence) return a.confidence > b.confidence;
    if (a.host != b.host) return a.host < b.host;
    return a.server < b.server;
  });
  return out;
}

std::vector<std::string> explain(const FtpUploadFinding& f) {
  std::vector<std::string> lines;
  lines.push_back(format("%zu upload%s over FTP (cleartext) to %s:%u, %zu confirmed by the server (2xx)", f.uploads,
                         f.uploads == 1 ? "" : "s", f.server.to_string().c_str(), f.port, f.stored));
  lines.push_back(format("account %s, in %zu session%s; the login and the files crossed the network unencrypted",
                         f.user.c_str(), f.sessions, f.sessions == 1 ? "" : "s"));
  for (const FtpUploadFile& file : f.files) {
    std::string size = file.bytes ? format("%llu bytes", static_cast<unsigned long long>(*file.bytes))
                                  : std::string("size unknown (no data connection in the data)");
    lines.push_back(format("%s %s: reply %u, %s", file.command.c_str(), file.url.c_str(), file.reply_code, size.c_str()));
  }
  if (f.uploads > f.files.size()) lines.push_back(format("and %zu more uploads", f.uploads - f.files.size()));
  lines.push_back(prevalence_text(Direction::kOutbound, f.prevalence, f.internal_hosts));
  lines.push_back(format("confidence %.2f = %.1f x %s %.1f x rarity %.2f", f.confidence, kBaseConfidence,
                         f.stored ? "stored" : "unconfirmed", f.stored ? 1.0 : kUnconfirmed,
                         rarity(f.prevalence, f.internal_hosts)));
  return lines;
}

}  // namespace vigil
