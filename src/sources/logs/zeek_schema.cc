// Field tables: one small setter per column, built from a few typed helpers.
#include "sources/logs/zeek_schema.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "sources/logs/zeek_values.h"

namespace vigil {
namespace {

void assign_text(std::string& out, const FieldInput& in) {
  if (!in.escaped || in.text.find('\\') == std::string_view::npos) out.assign(in.text);
  else unescape_zeek(in.text, out);
}
std::string text_of(const FieldInput& in) {
  std::string out;
  assign_text(out, in);
  return out;
}

// The elements of a set or vector field.
std::vector<std::string> items_of(const FieldInput& in) {
  std::vector<std::string> out;
  if (in.is_list) {
    for (auto item : in.items) out.emplace_back(item);
    return out;
  }
  if (in.text.empty()) return out;  // "(empty)"
  size_t start = 0;
  for (;;) {
    size_t sep = in.text.find(in.set_separator, start);
    FieldInput one = in;
    one.text = in.text.substr(start, sep == std::string_view::npos ? std::string_view::npos : sep - start);
    out.push_back(text_of(one));
    if (sep == std::string_view::npos) break;
    start = sep + 1;
  }
  return out;
}

// A JSON double of seconds, to the microsecond (Zeek's precision; a double holds an epoch time to well
// under a microsecond).
std::optional<int64_t> ns_of_double(double v) {
  if (!(v > -4.5e9 && v < 4.5e9)) return std::nullopt;  // Timestamp::kMaxSeconds: ns stay in range
  return std::llround(v * 1e6) * 1000;
}

bool set_time(Timestamp& t, const FieldInput& in) {
  if (in.number == FieldInput::Number::kDouble || in.number == FieldInput::Number::kUnsigned) {
    auto ns = in.number == FieldInput::Number::kDouble ? ns_of_double(in.double_value)
                                                       : ns_of_double(static_cast<double>(in.unsigned_value));
    if (ns) t = Timestamp{*ns};
    return ns.has_value();
  }
  auto v = parse_zeek_time(in.text);
  if (v) t = *v;
  return v.has_value();
}
bool set_interval(std::optional<Duration>& d, const FieldInput& in) {
  if (in.number == FieldInput::Number::kDouble || in.number == FieldInput::Number::kUnsigned) {
    auto ns = in.number == FieldInput::Number::kDouble ? ns_of_double(in.double_value)
                                                       : ns_of_double(static_cast<double>(in.unsigned_value));
    if (ns) d = Duration{*ns};
    return ns.has_value();
  }
  auto v = parse_zeek_interval(in.text);
  if (v) d = *v;
  return v.has_value();
}
template <typename Int>
bool set_count(Int& out, const FieldInput& in) {
  auto v = in.number == FieldInput::Number::kUnsigned ? std::optional<uint64_t>(in.unsigned_value)
                                                       : parse_zeek_count(in.text);
  if (!v || *v > std::numeric_limits<Int>::max()) return false;
  out = static_cast<Int>(*v);
  return true;
}
template <typename Int>
bool set_opt_count(std::optional<Int>& out, const FieldInput& in) {
  Int v{};
  if (!set_count(v, in)) return false;
  out = v;
  return true;
}
bool set_bool(bool& out, const FieldInput& in) {
  auto v = parse_zeek_bool(in.text);
  if (v) out = *v;
  return v.has_value();
}
bool set_opt_bool(std::optional<bool>& out, const FieldInput& in) {
  auto v = parse_zeek_bool(in.text);
  if (v) out = *v;
  return v.has_value();
}
bool set_addr(IpAddr& out, const FieldInput& in) {
  auto v = IpAddr::parse(in.text);
  if (v) out = *v;
  return v.has_value();
}
bool set_string(std::string& out, const FieldInput& in) {
  assign_text(out, in);
  return true;
}
bool set_opt_string(std::optional<std::string>& out, const FieldInput& in) {
  assign_text(out.emplace(), in);
  return true;
}
bool set_proto(TransportProto& out, const FieldInput& in) {
  if (in.text == "tcp") out = TransportProto::kTcp;
  else if (in.text == "udp") out = TransportProto::kUdp;
  else if (in.text == "icmp") out = TransportProto::kIcmp;
  else if (in.text == "unknown_transport") out = TransportProto::kUnknown;
  else return false;
  return true;
}
bool set_conn_state(ConnState& out, const FieldInput& in) {
  for (uint8_t i = 0; i <= static_cast<uint8_t>(ConnState::kOTH); ++i) {
    if (to_string(static_cast<ConnState>(i)) == in.text) {
      out = static_cast<ConnState>(i);
      return true;
    }
  }
  return false;
}

// The id fields every log shares, for a record type with a ConnRef `id` (conn has them inline).
#define VIGIL_ID_FIELDS(R)                                                                                 \
  {"ts", [](R& r, const FieldInput& in) { return set_time(r.id.ts, in); }, true},                          \
  {"uid", [](R& r, const FieldInput& in) { return set_string(r.id.uid, in); }, true},                      \
  {"id.orig_h", [](R& r, const FieldInput& in) { return set_addr(r.id.orig_h, in); }, true},               \
  {"id.orig_p", [](R& r, const FieldInput& in) { return set_count(r.id.orig_p, in); }, true},              \
  {"id.resp_h", [](R& r, const FieldInput& in) { return set_addr(r.id.resp_h, in); }, true},               \
  {"id.resp_p", [](R& r, const FieldInput& in) { return set_count(r.id.resp_p, in); }, true}

using C = ConnRecord;
const FieldDef<C> kConnFields[] = {
    {"ts", [](C& r, const FieldInput& in) { return set_time(r.ts, in); }, true},
    {"uid", [](C& r, const FieldInput& in) { return set_string(r.uid, in); }, true},
    {"id.orig_h", [](C& r, const FieldInput& in) { return set_addr(r.orig_h, in); }, true},
    {"id.orig_p", [](C& r, const FieldInput& in) { return set_count(r.orig_p, in); }, true},
    {"id.resp_h", [](C& r, const FieldInput& in) { return set_addr(r.resp_h, in); }, true},
    {"id.resp_p", [](C& r, const FieldInput& in) { return set_count(r.resp_p, in); }, true},
    {"proto", [](C& r, const FieldInput& in) { return set_proto(r.proto, in); }, true},
    {"service", [](C& r, const FieldInput& in) { return set_string(r.service, in); }, false},
    {"duration", [](C& r, const FieldInput& in) { return set_interval(r.duration, in); }, false},
    {"orig_bytes", [](C& r, const FieldInput& in) { return set_opt_count(r.orig_bytes, in); }, false},
    {"resp_bytes", [](C& r, const FieldInput& in) { return set_opt_count(r.resp_bytes, in); }, false},
    {"conn_state", [](C& r, const FieldInput& in) { return set_conn_state(r.conn_state, in); }, false},
    {"local_orig", [](C& r, const FieldInput& in) { return set_opt_bool(r.local_orig, in); }, false},
    {"local_resp", [](C& r, const FieldInput& in) { return set_opt_bool(r.local_resp, in); }, false},
    {"missed_bytes", [](C& r, const FieldInput& in) { return set_count(r.missed_bytes, in); }, false},
    {"history", [](C& r, const FieldInput& in) { return set_string(r.history, in); }, false},
    {"orig_pkts", [](C& r, const FieldInput& in) { return set_count(r.orig_pkts, in); }, false},
    {"orig_ip_bytes", [](C& r, const FieldInput& in) { return set_count(r.orig_ip_bytes, in); }, false},
    {"resp_pkts", [](C& r, const FieldInput& in) { return set_count(r.resp_pkts, in); }, false},
    {"resp_ip_bytes", [](C& r, const FieldInput& in) { return set_count(r.resp_ip_bytes, in); }, false},
    {"tunnel_parents", [](C& r, const FieldInput& in) { r.tunnel_parents = items_of(in); return true; }, false},
    {"ip_proto", [](C& r, const FieldInput& in) { return set_count(r.ip_proto, in); }, false},
};

using D = DnsRecord;
const FieldDef<D> kDnsFields[] = {
    VIGIL_ID_FIELDS(D),
    {"proto", [](D& r, const FieldInput& in) { return set_proto(r.proto, in); }, false},
    {"trans_id", [](D& r, const FieldInput& in) { return set_opt_count(r.trans_id, in); }, false},
    {"rtt", [](D& r, const FieldInput& in) { return set_interval(r.rtt, in); }, false},
    {"query", [](D& r, const FieldInput& in) { return set_opt_string(r.query, in); }, false},
    {"qclass", [](D& r, const FieldInput& in) { return set_opt_count(r.qclass, in); }, false},
    {"qtype", [](D& r, const FieldInput& in) { return set_opt_count(r.qtype, in); }, false},
    {"rcode", [](D& r, const FieldInput& in) { return set_opt_count(r.rcode, in); }, false},
    {"AA", [](D& r, const FieldInput& in) { return set_bool(r.AA, in); }, false},
    {"TC", [](D& r, const FieldInput& in) { return set_bool(r.TC, in); }, false},
    {"RD", [](D& r, const FieldInput& in) { return set_bool(r.RD, in); }, false},
    {"RA", [](D& r, const FieldInput& in) { return set_bool(r.RA, in); }, false},
    {"Z", [](D& r, const FieldInput& in) { return set_count(r.Z, in); }, false},
    {"answers", [](D& r, const FieldInput& in) { r.answers = items_of(in); return true; }, false},
    {"TTLs",
     [](D& r, const FieldInput& in) {
       r.TTLs.clear();
       for (const auto& item : items_of(in)) {
         auto d = parse_zeek_interval(item);
         if (!d) return false;
         r.TTLs.push_back(*d);
       }
       return true;
     },
     false},
    {"rejected", [](D& r, const FieldInput& in) { return set_bool(r.rejected, in); }, false},
};

using S = SslRecord;
const FieldDef<S> kSslFields[] = {
    VIGIL_ID_FIELDS(S),
    {"version", [](S& r, const FieldInput& in) { return set_opt_string(r.version, in); }, false},
    {"cipher", [](S& r, const FieldInput& in) { return set_opt_string(r.cipher, in); }, false},
    {"curve", [](S& r, const FieldInput& in) { return set_opt_string(r.curve, in); }, false},
    {"server_name", [](S& r, const FieldInput& in) { return set_opt_string(r.server_name, in); }, false},
    {"resumed", [](S& r, const FieldInput& in) { return set_bool(r.resumed, in); }, false},
    {"last_alert", [](S& r, const FieldInput& in) { return set_opt_string(r.last_alert, in); }, false},
    {"next_protocol", [](S& r, const FieldInput& in) { return set_opt_string(r.next_protocol, in); }, false},
    {"established", [](S& r, const FieldInput& in) { return set_bool(r.established, in); }, false},
    {"ssl_history", [](S& r, const FieldInput& in) { return set_opt_string(r.ssl_history, in); }, false},
    {"ja3", [](S& r, const FieldInput& in) { return set_opt_string(r.ja3, in); }, false},
    {"ja3s", [](S& r, const FieldInput& in) { return set_opt_string(r.ja3s, in); }, false},
    {"ja4", [](S& r, const FieldInput& in) { return set_opt_string(r.ja4, in); }, false},
    {"subject", [](S& r, const FieldInput& in) { return set_opt_string(r.subject, in); }, false},
    {"issuer", [](S& r, const FieldInput& in) { return set_opt_string(r.issuer, in); }, false},
    {"validation_status", [](S& r, const FieldInput& in) { return set_opt_string(r.validation_status, in); }, false},
};

using H = HttpRecord;
const FieldDef<H> kHttpFields[] = {
    VIGIL_ID_FIELDS(H),
    {"trans_depth", [](H& r, const FieldInput& in) { return set_count(r.trans_depth, in); }, false},
    {"method", [](H& r, const FieldInput& in) { return set_opt_string(r.method, in); }, false},
    {"host", [](H& r, const FieldInput& in) { return set_opt_string(r.host, in); }, false},
    {"uri", [](H& r, const FieldInput& in) { return set_opt_string(r.uri, in); }, false},
    {"referrer", [](H& r, const FieldInput& in) { return set_opt_string(r.referrer, in); }, false},
    {"version", [](H& r, const FieldInput& in) { return set_opt_string(r.version, in); }, false},
    {"user_agent", [](H& r, const FieldInput& in) { return set_opt_string(r.user_agent, in); }, false},
    {"origin", [](H& r, const FieldInput& in) { return set_opt_string(r.origin, in); }, false},
    {"request_body_len", [](H& r, const FieldInput& in) { return set_count(r.request_body_len, in); }, false},
    {"response_body_len", [](H& r, const FieldInput& in) { return set_count(r.response_body_len, in); }, false},
    {"status_code", [](H& r, const FieldInput& in) { return set_opt_count(r.status_code, in); }, false},
    {"status_msg", [](H& r, const FieldInput& in) { return set_opt_string(r.status_msg, in); }, false},
    {"resp_mime_types", [](H& r, const FieldInput& in) { r.resp_mime_types = items_of(in); return true; }, false},
};

// The data channel's four columns fill one optional struct: any of them present makes it.
FtpDataChannel& channel(FtpRecord& r) { return r.data_channel ? *r.data_channel : r.data_channel.emplace(); }

using F = FtpRecord;
const FieldDef<F> kFtpFields[] = {
    VIGIL_ID_FIELDS(F),
    {"user", [](F& r, const FieldInput& in) { return set_string(r.user, in); }, false},
    {"password", [](F& r, const FieldInput& in) { return set_opt_string(r.password, in); }, false},
    {"command", [](F& r, const FieldInput& in) { return set_string(r.command, in); }, true},
    {"arg", [](F& r, const FieldInput& in) { return set_opt_string(r.arg, in); }, false},
    {"mime_type", [](F& r, const FieldInput& in) { return set_opt_string(r.mime_type, in); }, false},
    {"file_size", [](F& r, const FieldInput& in) { return set_opt_count(r.file_size, in); }, false},
    {"reply_code", [](F& r, const FieldInput& in) { return set_opt_count(r.reply_code, in); }, false},
    {"reply_msg", [](F& r, const FieldInput& in) { return set_opt_string(r.reply_msg, in); }, false},
    {"data_channel.passive", [](F& r, const FieldInput& in) { return set_bool(channel(r).passive, in); }, false},
    {"data_channel.orig_h", [](F& r, const FieldInput& in) { return set_addr(channel(r).orig_h, in); }, false},
    {"data_channel.resp_h", [](F& r, const FieldInput& in) { return set_addr(channel(r).resp_h, in); }, false},
    {"data_channel.resp_p", [](F& r, const FieldInput& in) { return set_count(channel(r).resp_p, in); }, false},
};

#undef VIGIL_ID_FIELDS

}  // namespace

std::span<const FieldDef<ConnRecord>> conn_fields() { return kConnFields; }
std::span<const FieldDef<DnsRecord>> dns_fields() { return kDnsFields; }
std::span<const FieldDef<SslRecord>> ssl_fields() { return kSslFields; }
std::span<const FieldDef<HttpRecord>> http_fields() { return kHttpFields; }
std::span<const FieldDef<FtpRecord>> ftp_fields() { return kFtpFields; }

std::string_view to_string(LogKind k) {
  static constexpr std::array<std::string_view, 5> kNames = {"conn", "dns", "ssl", "http", "ftp"};
  return k < LogKind::kCount ? kNames[static_cast<size_t>(k)] : "other";
}

LogKind log_kind_of_path(std::string_view path) {
  for (uint8_t i = 0; i < static_cast<uint8_t>(LogKind::kCount); ++i)
    if (to_string(static_cast<LogKind>(i)) == path) return static_cast<LogKind>(i);
  return LogKind::kCount;
}

LogKind log_kind_of_keys(std::span<const std::string_view> keys) {
  auto has = [&](std::string_view k) { return std::find(keys.begin(), keys.end(), k) != keys.end(); };
  if (has("_path")) return LogKind::kCount;  // the caller reads _path itself
  if (!has("uid") || !has("id.orig_h")) return LogKind::kCount;
  if (has("conn_state") || has("orig_ip_bytes") || (has("proto") && has("history"))) return LogKind::kConn;
  if (has("qtype") || has("trans_id") || has("query") || has("rcode")) return LogKind::kDns;
  if (has("cipher") || has("server_name") || has("established") || has("ssl_history")) return LogKind::kSsl;
  if (has("method") || has("trans_depth") || has("status_code") || has("uri")) return LogKind::kHttp;
  if (has("command") && (has("reply_code") || has("user"))) return LogKind::kFtp;
  if (has("proto") && has("duration")) return LogKind::kConn;  // a conn log with few columns
  return LogKind::kCount;
}

}  // namespace vigil
