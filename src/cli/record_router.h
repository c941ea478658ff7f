// RecordRouter: where each record `vigil hunt` reads goes. Names (SNI, Host) and DNS answers feed the
// channel table; every record goes to the observers (detectors that look at records themselves). The
// hunt's readers and the labelled evaluation (bench/hunt_eval) route through this one place, so the
// evaluation measures the hunt users run.
#pragma once

#include <string>
#include <vector>

#include "core/app_records.h"
#include "core/conn_record.h"
#include "detect/channel.h"
#include "detect/record_observer.h"

namespace vigil::cli {

struct RecordRouter {
  ChannelTable& table;
  const std::vector<RecordObserver*>& observers;

  // Every address a DNS answer gave for the query's name (A and AAAA answers; CNAMEs are names).
  void dns(const DnsRecord& r) {
    for (RecordObserver* o : observers) o->dns(r);
    if (!r.query || r.query->empty()) return;
    for (const std::string& answer : r.answers)
      if (auto address = IpAddr::parse(answer)) table.resolved(r.id.orig_h, *r.query, *address);
  }
  void ssl(const SslRecord& r) {
    for (RecordObserver* o : observers) o->ssl(r);
    if (r.server_name) table.name(r.id.uid, *r.server_name);
  }
  void http(const HttpRecord& r) {
    for (RecordObserver* o : observers) o->http(r);
    if (r.host) table.name(r.id.uid, *r.host, r.user_agent.value_or(""));
    table.request(r.id.uid, r.id.ts.ns, r.trans_depth);
  }
  void ftp(const FtpRecord& r) {
    for (RecordObserver* o : observers) o->ftp(r);
  }
  void conn(const ConnRecord& c) {
    for (RecordObserver* o : observers) o->conn(c);
    table.add(c);
  }
};

}  // namespace vigil::cli
