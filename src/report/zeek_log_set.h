// ZeekLogSet: the logs `vigil convert` and `vigil-simulate` write into one directory: conn.log always;
// dns.log, ssl.log, http.log and ftp.log when there is a row for them (as Zeek creates a log on its first write).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/app_records.h"
#include "core/conn_record.h"
#include "core/status.h"
#include "report/zeek_app_writer.h"
#include "report/zeek_conn_writer.h"

namespace vigil {

class ZeekLogSet {
 public:
  // Opens DIR/conn.log; the other logs open on their first row. Every log is written under a temporary
  // name and renamed into place by close(), so a reader never sees half a log.
  static Result<std::unique_ptr<ZeekLogSet>> open(const std::string& dir, ZeekLogFormat format);
  void write(const ConnRecord& r) {
    conn_->write(r);
    ++counts_[0];
  }
  void write(const DnsRecord& r);
  void write(const SslRecord& r);
  void write(const HttpRecord& r);
  void write(const FtpRecord& r);
  // Closes every log; the first error wins.
  Status close();

  uint64_t rows(std::string_view log) const;
  // "conn.log: 1234, dns.log: 56, ..." for the summary line.
  std::string summary() const;

 private:
  template <typename Writer, typename Record>
  void write_app(std::unique_ptr<Writer>& w, const char* name, const Record& r);

  std::string dir_;
  ZeekLogFormat format_ = ZeekLogFormat::kTsv;
  std::unique_ptr<ZeekConnWriter> conn_;
  std::unique_ptr<ZeekDnsWriter> dns_;
  std::unique_ptr<ZeekSslWriter> ssl_;
  std::unique_ptr<ZeekHttpWriter> http_;
  std::unique_ptr<ZeekFtpWriter> ftp_;
  uint64_t counts_[5] = {0, 0, 0, 0, 0};  // conn, dns, ssl, http, ftp rows written
  bool failed_[5] = {false, false, false, false, false};  // could not be opened: not tried again
  std::vector<Status> errors_;
};

}  // namespace vigil
