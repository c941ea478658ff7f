// DnsRecord, SslRecord, HttpRecord, FtpRecord: one row of Zeek's dns.log, ssl.log, http.log and ftp.log, with Zeek's field
// names and meaning. Each links to its connection by uid. Optional fields are unset where Zeek writes '-'.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/conn_record.h"
#include "core/ip_addr.h"
#include "core/timestamp.h"

namespace vigil {

// The connection a record belongs to (Zeek's uid and id.* fields).
struct ConnRef {
  Timestamp ts;
  std::string uid;
  IpAddr orig_h;
  uint16_t orig_p = 0;
  IpAddr resp_h;
  uint16_t resp_p = 0;
};

struct DnsRecord {
  ConnRef id;
  TransportProto proto = TransportProto::kUdp;
  std::optional<uint16_t> trans_id;
  std::optional<Duration> rtt;
  std::optional<std::string> query;
  std::optional<uint16_t> qclass;
  std::optional<uint16_t> qtype;
  std::optional<uint16_t> rcode;
  bool AA = false, TC = false, RD = false, RA = false;
  uint8_t Z = 0;
  std::vector<std::string> answers;
  std::vector<Duration> TTLs;
  bool rejected = false;
  std::optional<uint8_t> opcode;
};

struct SslRecord {
  ConnRef id;
  std::optional<std::string> version;        // "TLSv12", "TLSv13", ...
  std::optional<std::string> cipher;
  std::optional<std::string> curve;
  std::optional<std::string> server_name;    // SNI
  bool resumed = false;
  std::optional<std::string> last_alert;
  std::optional<std::string> next_protocol;  // ALPN chosen
  bool established = false;
  std::optional<std::string> ssl_history;
  std::optional<std::string> ja3, ja3s, ja4;  // fingerprints, when the log carries them
  std::vector<std::string> cert_chain_fps;         // SHA-256 of each server certificate (TLS <= 1.2)
  std::vector<std::string> client_cert_chain_fps;  // the same for client certificates
  std::optional<bool> sni_matches_cert;
  std::optional<std::string> subject, issuer;  // of the server's first certificate (TLS <= 1.2), RFC 2253
  std::optional<int64_t> not_valid_before, not_valid_after;  // its validity, seconds since 1970
  std::optional<bool> self_signed;
  std::optional<std::string> validation_status;
};

struct HttpRecord {
  ConnRef id;
  uint32_t trans_depth = 0;
  std::optional<std::string> method;
  std::optional<std::string> host;
  std::optional<std::string> uri;
  std::optional<std::string> referrer;
  std::optional<std::string> version;
  std::optional<std::string> user_agent;
  std::optional<std::string> origin;
  uint64_t request_body_len = 0;
  uint64_t response_body_len = 0;
  std::optional<uint16_t> status_code;
  std::optional<std::string> status_msg;
  std::optional<uint16_t> info_code;  // the last 1xx response before the final one
  std::optional<std::string> info_msg;
  std::optional<std::string> username;  // from Basic authorization
  std::vector<std::string> proxied;     // proxy headers seen ("X-FORWARDED-FOR -> 1.2.3.4")
  std::vector<std::string> orig_mime_types;
  std::vector<std::string> resp_mime_types;
};

// One command of an FTP control connection and the server's last reply to it. Zeek logs the commands of
// FTP::logged_commands (file transfers and data-channel set-ups), each with the session's user.
struct FtpDataChannel {
  bool passive = false;
  IpAddr orig_h, resp_h;  // who will connect, and to whom
  uint16_t resp_p = 0;
};

struct FtpRecord {
  ConnRef id;  // id.ts: when the command was sent
  std::string user = "<unknown>";
  std::optional<std::string> password;  // "<hidden>" unless the user is a guest id (anonymous, ftp, ...)
  std::string command;
  std::optional<std::string> arg;  // for file commands the URL ftp://server/path, as Zeek builds it
  std::optional<std::string> mime_type;
  std::optional<uint64_t> file_size;
  std::optional<uint16_t> reply_code;
  std::optional<std::string> reply_msg;
  std::optional<FtpDataChannel> data_channel;  // PASV, EPSV, PORT, EPRT: the data connection announced
};

}  // namespace vigil
