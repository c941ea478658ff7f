// RecordObserver: a detector that looks at records as they are read (a DNS query, a TLS hello, a
// connection's service) rather than at the channels built from them. The hunt's reader hands every
// record to each observer; names and DNS answers come before the connections they belong to.
#pragma once

#include "core/app_records.h"
#include "core/conn_record.h"

namespace vigil {

class RecordObserver {
 public:
  virtual ~RecordObserver() = default;
  virtual void conn(const ConnRecord&) {}
  virtual void dns(const DnsRecord&) {}
  virtual void ssl(const SslRecord&) {}
  virtual void http(const HttpRecord&) {}
  virtual void ftp(const FtpRecord&) {}
};

}  // namespace vigil
