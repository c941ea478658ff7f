// Zeek conn.log writers: TSV with Zeek's header lines, and JSON lines as Zeek's JSON writer emits them.
#include "report/zeek_conn_writer.h"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <ctime>
#include <memory>

namespace vigil {
namespace {

constexpr size_t kFlushAt = 1 << 20;
constexpr const char* kFields =
    "ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\t"
    "conn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\t"
    "resp_ip_bytes\ttunnel_parents\tip_proto";
constexpr const char* kTypes =
    "time\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\t"
    "string\tcount\tcount\tcount\tcount\tset[string]\tcount";

void append_u64(std::string& out, uint64_t v) {
  char b[24];
  auto r = std::to_chars(b, b + sizeof b, v);
  out.append(b, r.ptr);
}

// Zeek escapes separators, backslashes and non-printable bytes as \xNN in TSV logs.
void append_tsv_string(std::string& out, const std::string& s, bool in_set = false) {
  if (s.empty()) {
    out += "(empty)";
    return;
  }
  if (s == "-") {
    out += "\\x2d";
    return;
  }
  for (unsigned char ch : s) {
    if (ch < 0x20 || ch >= 0x7f || ch == '\\' || ch == '\t' || (in_set && ch == ',')) {
      char b[5];
      std::snprintf(b, sizeof b, "\\x%02x", ch);
      out += b;
    } else {
      out += static_cast<char>(ch);
    }
  }
}

void append_json_string(std::string& out, const std::string& s) {
  out += '"';
  for (unsigned char ch : s) {
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += static_cast<char>(ch);
    } else if (ch < 0x20 || ch >= 0x7f) {
      char b[8];
      std::snprintf(b, sizeof b, "\\u%04x", ch);
      out += b;
    } else {
      out += static_cast<char>(ch);
    }
  }
  out += '"';
}

// Shortest decimal that reads back as the same double, with ".0" on whole numbers (Zeek's JSON numbers).
void append_json_seconds(std::string& out, int64_t ns) {
  double s = static_cast<double>(ns / 1000) / 1e6;  // Zeek keeps microseconds
  char b[40];
  auto r = std::to_chars(b, b + sizeof b, s);
  std::string_view v(b, static_cast<size_t>(r.ptr - b));
  out += v;
  if (v.find_first_of(".e") == std::string_view::npos) out += ".0";
}

template <typename T, typename F>
void tsv_opt(std::string& out, const std::optional<T>& v, F&& f) {
  if (v) f(*v);
  else out += '-';
}

}  // namespace

std::string zeek_tsv_line(const ConnRecord& r) {
  std::string o;
  append_seconds(o, r.ts.ns);
  o += '\t';
  o += r.uid;
  o += '\t';
  r.orig_h.append_to(o);
  o += '\t';
  append_u64(o, r.orig_p);
  o += '\t';
  r.resp_h.append_to(o);
  o += '\t';
  append_u64(o, r.resp_p);
  o += '\t';
  o += to_string(r.proto);
  o += '\t';
  if (r.service.empty()) o += '-';
  else append_tsv_string(o, r.service);
  o += '\t';
  tsv_opt(o, r.duration, [&](Duration d) { append_seconds(o, d.ns); });
  o += '\t';
  tsv_opt(o, r.orig_bytes, [&](uint64_t v) { append_u64(o, v); });
  o += '\t';
  tsv_opt(o, r.resp_bytes, [&](uint64_t v) { append_u64(o, v); });
  o += '\t';
  o += to_string(r.conn_state);
  o += '\t';
  tsv_opt(o, r.local_orig, [&](bool v) { o += v ? 'T' : 'F'; });
  o += '\t';
  tsv_opt(o, r.local_resp, [&](bool v) { o += v ? 'T' : 'F'; });
  o += '\t';
  append_u64(o, r.missed_bytes);
  o += '\t';
  if (r.history.empty()) o += '-';
  else append_tsv_string(o, r.history);
  for (uint64_t v : {r.orig_pkts, r.orig_ip_bytes, r.resp_pkts, r.resp_ip_bytes}) {
    o += '\t';
    append_u64(o, v);
  }
  o += '\t';
  if (r.tunnel_parents.empty()) o += '-';
  for (size_t i = 0; i < r.tunnel_parents.size(); ++i) {
    if (i) o += ',';
    append_tsv_string(o, r.tunnel_parents[i], /*in_set=*/true);
  }
  o += '\t';
  append_u64(o, r.ip_proto);
  return o;
}

std::string zeek_json_line(const ConnRecord& r) {
  std::string o = "{\"ts\":";
  append_json_seconds(o, r.ts.ns);
  o += ",\"uid\":";
  append_json_string(o, r.uid);
  o += ",\"id.orig_h\":";
  append_json_string(o, r.orig_h.to_string());
  o += ",\"id.orig_p\":";
  append_u64(o, r.orig_p);
  o += ",\"id.resp_h\":";
  append_json_string(o, r.resp_h.to_string());
  o += ",\"id.resp_p\":";
  append_u64(o, r.resp_p);
  o += ",\"proto\":";
  append_json_string(o, std::string(to_string(r.proto)));
  if (!r.service.empty()) {
    o += ",\"service\":";
    append_json_string(o, r.service);
  }
  if (r.duration) {
    o += ",\"duration\":";
    append_json_seconds(o, r.duration->ns);
  }
  if (r.orig_bytes) {
    o += ",\"orig_bytes\":";
    append_u64(o, *r.orig_bytes);
  }
  if (r.resp_bytes) {
    o += ",\"resp_bytes\":";
    append_u64(o, *r.resp_bytes);
  }
  o += ",\"conn_state\":";
  append_json_string(o, std::string(to_string(r.conn_state)));
  if (r.local_orig) o += *r.local_orig ? ",\"local_orig\":true" : ",\"local_orig\":false";
  if (r.local_resp) o += *r.local_resp ? ",\"local_resp\":true" : ",\"local_resp\":false";
  o += ",\"missed_bytes\":";
  append_u64(o, r.missed_bytes);
  if (!r.history.empty()) {
    o += ",\"history\":";
    append_json_string(o, r.history);
  }
  const std::pair<const char*, uint64_t> counts[] = {{",\"orig_pkts\":", r.orig_pkts},
                                                     {",\"orig_ip_bytes\":", r.orig_ip_bytes},
                                                     {",\"resp_pkts\":", r.resp_pkts},
                                                     {",\"resp_ip_bytes\":", r.resp_ip_bytes}};
  for (auto [name, v] : counts) {
    o += name;
    append_u64(o, v);
  }
  if (!r.tunnel_parents.empty()) {
    o += ",\"tunnel_parents\":[";
    for (size_t i = 0; i < r.tunnel_parents.size(); ++i) {
      if (i) o += ',';
      append_json_string(o, r.tunnel_parents[i]);
    }
    o += ']';
  }
  o += ",\"ip_proto\":";
  append_u64(o, r.ip_proto);
  o += '}';
  return o;
}

Result<std::unique_ptr<ZeekConnWriter>> ZeekConnWriter::open(const std::string& path, ZeekLogFormat format) {
  std::unique_ptr<ZeekConnWriter> w(new ZeekConnWriter());
  w->path_ = path;
  w->tmp_path_ = path + ".tmp";
  w->format_ = format;
  w->out_ = std::fopen(w->tmp_path_.c_str(), "wb");
  if (w->out_ == nullptr) return Status::io_error(std::strerror(errno)).at(w->tmp_path_);
  if (format == ZeekLogFormat::kTsv) w->write_header();
  return w;
}

ZeekConnWriter::~ZeekConnWriter() {
  if (out_ != nullptr) {
    std::fclose(out_);
    std::remove(tmp_path_.c_str());
  }
}

namespace {
std::string zeek_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char b[32];
  std::strftime(b, sizeof b, "%Y-%m-%d-%H-%M-%S", &tm);
  return b;
}
}  // namespace

void ZeekConnWriter::write_header() {
  buf_ += "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n#open\t";
  buf_ += zeek_now();
  buf_ += "\n#fields\t";
  buf_ += kFields;
  buf_ += "\n#types\t";
  buf_ += kTypes;
  buf_ += '\n';
}

void ZeekConnWriter::write(const ConnRecord& r) {
  buf_ += format_ == ZeekLogFormat::kTsv ? zeek_tsv_line(r) : zeek_json_line(r);
  buf_ += '\n';
  flush_if_full();
}

void ZeekConnWriter::flush_if_full() {
  if (buf_.size() < kFlushAt) return;
  std::fwrite(buf_.data(), 1, buf_.size(), out_);
  buf_.clear();
}

Status ZeekConnWriter::close() {
  if (format_ == ZeekLogFormat::kTsv) buf_ += "#close\t" + zeek_now() + "\n";
  std::fwrite(buf_.data(), 1, buf_.size(), out_);
  buf_.clear();
  bool ok = std::fflush(out_) == 0 && !std::ferror(out_);
  ok = std::fclose(out_) == 0 && ok;
  out_ = nullptr;
  if (!ok || std::rename(tmp_path_.c_str(), path_.c_str()) != 0) {
    std::remove(tmp_path_.c_str());
    return Status::io_error(std::string("cannot write: ") + std::strerror(errno)).at(path_);
  }
  return Status::ok();
}

}  // namespace vigil
