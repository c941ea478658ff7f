// Zeek conn.log writers: the columns of conn.log, written through ZeekRow into a ZeekLogFile.
#include "report/zeek_conn_writer.h"

#include "report/zeek_row.h"

namespace vigil {
namespace {

// conn.log's columns in Zeek's order.
void describe(const ConnRecord& r, ZeekRow& row) {
  row.time("ts", r.ts);
  row.string("uid", r.uid);
  row.addr("id.orig_h", r.orig_h);
  row.port("id.orig_p", r.orig_p);
  row.addr("id.resp_h", r.resp_h);
  row.port("id.resp_p", r.resp_p);
  row.string("proto", to_string(r.proto), "enum");
  row.string_or_unset("service", r.service);
  row.interval("duration", r.duration);
  row.count("orig_bytes", r.orig_bytes);
  row.count("resp_bytes", r.resp_bytes);
  row.string("conn_state", to_string(r.conn_state));
  row.boolean("local_orig", r.local_orig);
  row.boolean("local_resp", r.local_resp);
  row.count("missed_bytes", r.missed_bytes);
  row.string_or_unset("history", r.history);
  row.count("orig_pkts", r.orig_pkts);
  row.count("orig_ip_bytes", r.orig_ip_bytes);
  row.count("resp_pkts", r.resp_pkts);
  row.count("resp_ip_bytes", r.resp_ip_bytes);
  row.strings("tunnel_parents", "set[string]", r.tunnel_parents.empty() ? nullptr : &r.tunnel_parents);
  row.count("ip_proto", r.ip_proto);
}

std::string line(const ConnRecord& r, ZeekRow::Mode mode) {
  ZeekRow row(mode);
  describe(r, row);
  return row.take();
}

}  // namespace

std::string zeek_tsv_line(const ConnRecord& r) { return line(r, ZeekRow::Mode::kTsv); }
std::string zeek_json_line(const ConnRecord& r) { return line(r, ZeekRow::Mode::kJson); }

Result<std::unique_ptr<ZeekConnWriter>> ZeekConnWriter::open(const std::string& path, ZeekLogFormat format) {
  auto file = ZeekLogFile::open(path, format, "conn", line(ConnRecord{}, ZeekRow::Mode::kHeader));
  if (!file.is_ok()) return file.status();
  return std::unique_ptr<ZeekConnWriter>(new ZeekConnWriter(file.take()));
}

void ZeekConnWriter::write(const ConnRecord& r) {
  file_->write_line(file_->format() == ZeekLogFormat::kTsv ? zeek_tsv_line(r) : zeek_json_line(r));
}

Status ZeekConnWriter::close() { return file_->close(); }

}  // namespace vigil
