// ZeekAppLogWriter: a ZeekLogFile named after its log, fed one line per record.
#include "report/zeek_app_writer.h"

namespace vigil {
namespace {

template <typename Record>
constexpr std::string_view kPathName = "";
template <>
constexpr std::string_view kPathName<DnsRecord> = "dns";
template <>
constexpr std::string_view kPathName<SslRecord> = "ssl";
template <>
constexpr std::string_view kPathName<HttpRecord> = "http";
template <>
constexpr std::string_view kPathName<FtpRecord> = "ftp";

}  // namespace

template <typename Record>
Result<std::unique_ptr<ZeekAppLogWriter<Record>>> ZeekAppLogWriter<Record>::open(const std::string& path,
                                                                                 ZeekLogFormat format) {
  auto file = ZeekLogFile::open(path, format, kPathName<Record>, zeek_header_lines<Record>());
  if (!file.is_ok()) return file.status();
  return std::unique_ptr<ZeekAppLogWriter>(new ZeekAppLogWriter(file.take()));
}

template <typename Record>
void ZeekAppLogWriter<Record>::write(const Record& r) {
  file_->write_line(file_->format() == ZeekLogFormat::kTsv ? zeek_tsv_line(r) : zeek_json_line(r));
}

template <typename Record>
Status ZeekAppLogWriter<Record>::close() {
  return file_->close();
}

template class ZeekAppLogWriter<DnsRecord>;
template class ZeekAppLogWriter<SslRecord>;
template class ZeekAppLogWriter<HttpRecord>;
template class ZeekAppLogWriter<FtpRecord>;

}  // namespace vigil
