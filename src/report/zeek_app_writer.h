// ZeekAppLogWriter: writes DnsRecords, SslRecords, HttpRecords or FtpRecords as Zeek's dns.log, ssl.log,
// http.log or ftp.log
// (TSV or JSON lines), with the columns of a default Zeek run. Fields vigil does not know (http file ids,
// passwords, tags) are written as Zeek writes an unset or default one.
//
//   auto w = ZeekDnsWriter::open(dir + "/dns.log", ZeekLogFormat::kTsv);
//   if (!w.is_ok()) return w.status();
//   w.value()->write(record);
//   Status s = w.value()->close();
#pragma once

#include <memory>
#include <string>

#include "core/app_records.h"
#include "core/status.h"
#include "report/zeek_log_file.h"

namespace vigil {

template <typename Record>  // DnsRecord, SslRecord, HttpRecord or FtpRecord
class ZeekAppLogWriter {
 public:
  // Opens `path` (a temporary name until close()) and writes the TSV header.
  static Result<std::unique_ptr<ZeekAppLogWriter>> open(const std::string& path, ZeekLogFormat format);
  void write(const Record& r);
  // Writes the #close line (TSV), flushes and renames into place.
  Status close();

 private:
  explicit ZeekAppLogWriter(std::unique_ptr<ZeekLogFile> file) : file_(std::move(file)) {}
  std::unique_ptr<ZeekLogFile> file_;
};

using ZeekDnsWriter = ZeekAppLogWriter<DnsRecord>;
using ZeekSslWriter = ZeekAppLogWriter<SslRecord>;
using ZeekHttpWriter = ZeekAppLogWriter<HttpRecord>;
using ZeekFtpWriter = ZeekAppLogWriter<FtpRecord>;

// One record's line (no newline), and the #fields/#types lines of its log; exposed for tests.
std::string zeek_tsv_line(const DnsRecord& r);
std::string zeek_json_line(const DnsRecord& r);
std::string zeek_tsv_line(const SslRecord& r);
std::string zeek_json_line(const SslRecord& r);
std::string zeek_tsv_line(const HttpRecord& r);
std::string zeek_json_line(const HttpRecord& r);
std::string zeek_tsv_line(const FtpRecord& r);
std::string zeek_json_line(const FtpRecord& r);
template <typename Record>
std::string zeek_header_lines();

}  // namespace vigil
