// ZeekLogSet: one writer per log, the application logs opened lazily.
#include "report/zeek_log_set.h"

namespace vigil {
namespace {

constexpr std::string_view kNames[5] = {"conn.log", "dns.log", "ssl.log", "http.log", "ftp.log"};

size_t index_of(std::string_view name) {
  for (size_t i = 0; i < std::size(kNames); ++i)
    if (kNames[i] == name) return i;
  return 0;
}

}  // namespace

Result<std::unique_ptr<ZeekLogSet>> ZeekLogSet::open(const std::string& dir, ZeekLogFormat format) {
  auto conn = ZeekConnWriter::open(dir + "/conn.log", format);
  if (!conn.is_ok()) return conn.status();
  auto set = std::unique_ptr<ZeekLogSet>(new ZeekLogSet());
  set->dir_ = dir;
  set->format_ = format;
  set->conn_ = conn.take();
  return set;
}

template <typename Writer, typename Record>
void ZeekLogSet::write_app(std::unique_ptr<Writer>& w, const char* name, const Record& r) {
  size_t i = index_of(name);
  if (!w) {
    if (failed_[i]) return;  // the error is reported by close()
    auto opened = Writer::open(dir_ + "/" + name, format_);
    if (!opened.is_ok()) {
      errors_.push_back(opened.status());
      failed_[i] = true;
      return;
    }
    w = opened.take();
  }
  w->write(r);
  ++counts_[i];
}

void ZeekLogSet::write(const DnsRecord& r) { write_app(dns_, "dns.log", r); }
void ZeekLogSet::write(const SslRecord& r) { write_app(ssl_, "ssl.log", r); }
void ZeekLogSet::write(const HttpRecord& r) { write_app(http_, "http.log", r); }
void ZeekLogSet::write(const FtpRecord& r) { write_app(ftp_, "ftp.log", r); }

Status ZeekLogSet::close() {
  Status first = errors_.empty() ? Status::ok() : errors_.front();
  auto keep = [&first](Status s) {
    if (first.is_ok() && !s.is_ok()) first = std::move(s);
  };
  keep(conn_->close());
  if (dns_) keep(dns_->close());
  if (ssl_) keep(ssl_->close());
  if (http_) keep(http_->close());
  if (ftp_) keep(ftp_->close());
  return first;
}

uint64_t ZeekLogSet::rows(std::string_view log) const { return counts_[index_of(log)]; }

std::string ZeekLogSet::summary() const {
  std::string s;
  for (size_t i = 0; i < std::size(kNames); ++i) {
    if (i > 0 && counts_[i] == 0) continue;
    if (!s.empty()) s += ", ";
    s += std::string(kNames[i]) + " " + std::to_string(counts_[i]);
  }
  return s;
}

}  // namespace vigil
