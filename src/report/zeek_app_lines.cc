// The columns of dns.log, ssl.log and http.log, in Zeek's order and with its types, filled from vigil's
// records. Which fields Zeek leaves unset ('-') and which it writes empty ("(empty)") follows its
// baselines: e.g. DNS answers are unset when there are none, ssl's certificate chains are both set as
// soon as either has a certificate, http's tags is an empty set by default.
#include <optional>

#include "protocols/dns_names.h"
#include "report/zeek_app_writer.h"
#include "report/zeek_row.h"

namespace vigil {
namespace {

void describe_id(const ConnRef& id, ZeekRow& row) {
  row.time("ts", id.ts);
  row.string("uid", id.uid);
  row.addr("id.orig_h", id.orig_h);
  row.port("id.orig_p", id.orig_p);
  row.addr("id.resp_h", id.resp_h);
  row.port("id.resp_p", id.resp_p);
}

template <typename T>
const std::vector<T>* unless_empty(const std::vector<T>& v) {
  return v.empty() ? nullptr : &v;
}

template <typename Int, typename F>
std::optional<std::string> name_of(const std::optional<Int>& v, F&& name) {
  return v ? std::optional<std::string>(name(*v)) : std::nullopt;
}

void describe(const DnsRecord& r, ZeekRow& row) {
  describe_id(r.id, row);
  row.string("proto", to_string(r.proto), "enum");
  row.count("trans_id", r.trans_id);
  row.interval("rtt", r.rtt);
  row.opt_string("query", r.query);
  row.count("qclass", r.qclass);
  row.opt_string("qclass_name", name_of(r.qclass, dns_qclass_name));
  row.count("qtype", r.qtype);
  row.opt_string("qtype_name", name_of(r.qtype, dns_qtype_name));
  row.count("rcode", r.rcode);
  row.opt_string("rcode_name", name_of(r.rcode, dns_rcode_name));
  row.boolean("AA", r.AA);
  row.boolean("TC", r.TC);
  row.boolean("RD", r.RD);
  row.boolean("RA", r.RA);
  row.count("Z", r.Z);
  row.strings("answers", "vector[string]", unless_empty(r.answers));
  row.intervals("TTLs", unless_empty(r.TTLs));
  row.boolean("rejected", r.rejected);
  row.count("opcode", r.opcode);
  // Zeek's NetBIOS name service analyzer (UDP port 137) names opcodes from its own table.
  bool netbios = r.proto == TransportProto::kUdp && (r.id.resp_p == 137 || r.id.orig_p == 137);
  row.opt_string("opcode_name", name_of(r.opcode, [&](uint8_t op) { return dns_opcode_name(op, netbios); }));
}

void describe(const SslRecord& r, ZeekRow& row) {
  describe_id(r.id, row);
  row.opt_string("version", r.version);
  row.opt_string("cipher", r.cipher);
  row.opt_string("curve", r.curve);
  row.opt_string("server_name", r.server_name);
  row.boolean("resumed", r.resumed);
  row.opt_string("last_alert", r.last_alert);
  row.opt_string("next_protocol", r.next_protocol);
  row.boolean("established", r.established);
  row.opt_string("ssl_history", r.ssl_history);
  // Zeek creates both chains when it sees the first certificate of either side.
  bool chains = !r.cert_chain_fps.empty() || !r.client_cert_chain_fps.empty();
  row.strings("cert_chain_fps", "vector[string]", chains ? &r.cert_chain_fps : nullptr);
  row.strings("client_cert_chain_fps", "vector[string]", chains ? &r.client_cert_chain_fps : nullptr);
  row.boolean("sni_matches_cert", r.sni_matches_cert);
  // Not in Zeek's default ssl.log: the columns Zeek's widely used ja3 package adds (ja3, ja3s), and ja4,
  // because hunters pivot on client fingerprints. Last, so Zeek's own columns keep their positions.
  row.opt_string("ja3", r.ja3);
  row.opt_string("ja3s", r.ja3s);
  row.opt_string("ja4", r.ja4);
  // The server certificate's names (the columns older Zeek ssl.logs had) and what x509.log says of its
  // validity, plus whether it signed itself: C2 servers often present self-signed or fresh certificates.
  row.opt_string("subject", r.subject);
  row.opt_string("issuer", r.issuer);
  row.epoch_seconds("not_valid_before", r.not_valid_before);
  row.epoch_seconds("not_valid_after", r.not_valid_after);
  row.boolean("self_signed", r.self_signed);
}

void describe(const HttpRecord& r, ZeekRow& row) {
  static const std::vector<std::string> kNoTags;  // vigil sets no tags; Zeek's default is the empty set
  describe_id(r.id, row);
  row.count("trans_depth", r.trans_depth);
  row.opt_string("method", r.method);
  row.opt_string("host", r.host);
  row.opt_string("uri", r.uri);
  row.opt_string("referrer", r.referrer);
  row.opt_string("version", r.version);
  row.opt_string("user_agent", r.user_agent);
  row.opt_string("origin", r.origin);
  row.count("request_body_len", r.request_body_len);
  row.count("response_body_len", r.response_body_len);
  row.count("status_code", r.status_code);
  row.opt_string("status_msg", r.status_msg);
  row.count("info_code", r.info_code);
  row.opt_string("info_msg", r.info_msg);
  row.strings("tags", "set[enum]", &kNoTags);
  row.opt_string("username", r.username);
  row.unset("password", "string");  // never logged by default
  row.strings("proxied", "set[string]", unless_empty(r.proxied));
  row.unset("orig_fuids", "vector[string]");  // file ids come from Zeek's file analysis
  row.unset("orig_filenames", "vector[string]");
  row.strings("orig_mime_types", "vector[string]", unless_empty(r.orig_mime_types));
  row.unset("resp_fuids", "vector[string]");
  row.unset("resp_filenames", "vector[string]");
  row.strings("resp_mime_types", "vector[string]", unless_empty(r.resp_mime_types));
}

// Zeek's ftp.log: one row per logged command. mime_type, file_size and fuid come from Zeek's file
// analysis of the data connection, which vigil does not do; file_size is set when a reply states it.
void describe(const FtpRecord& r, ZeekRow& row) {
  describe_id(r.id, row);
  row.string("user", r.user);
  row.opt_string("password", r.password);
  row.string("command", r.command);
  row.opt_string("arg", r.arg);
  row.opt_string("mime_type", r.mime_type);
  row.count("file_size", r.file_size);
  row.count("reply_code", r.reply_code);
  row.opt_string("reply_msg", r.reply_msg);
  if (r.data_channel) {
    row.boolean("data_channel.passive", r.data_channel->passive);
    row.addr("data_channel.orig_h", r.data_channel->orig_h);
    row.addr("data_channel.resp_h", r.data_channel->resp_h);
    row.port("data_channel.resp_p", r.data_channel->resp_p);
  } else {
    row.unset("data_channel.passive", "bool");
    row.unset("data_channel.orig_h", "addr");
    row.unset("data_channel.resp_h", "addr");
    row.unset("data_channel.resp_p", "port");
  }
  row.unset("fuid", "string");
}

template <typename Record>
std::string line(const Record& r, ZeekRow::Mode mode) {
  ZeekRow row(mode);
  describe(r, row);
  return row.take();
}

}  // namespace

std::string zeek_tsv_line(const DnsRecord& r) { return line(r, ZeekRow::Mode::kTsv); }
std::string zeek_json_line(const DnsRecord& r) { return line(r, ZeekRow::Mode::kJson); }
std::string zeek_tsv_line(const SslRecord& r) { return line(r, ZeekRow::Mode::kTsv); }
std::string zeek_json_line(const SslRecord& r) { return line(r, ZeekRow::Mode::kJson); }
std::string zeek_tsv_line(const HttpRecord& r) { return line(r, ZeekRow::Mode::kTsv); }
std::string zeek_json_line(const HttpRecord& r) { return line(r, ZeekRow::Mode::kJson); }
std::string zeek_tsv_line(const FtpRecord& r) { return line(r, ZeekRow::Mode::kTsv); }
std::string zeek_json_line(const FtpRecord& r) { return line(r, ZeekRow::Mode::kJson); }

template <typename Record>
std::string zeek_header_lines() {
  return line(Record{}, ZeekRow::Mode::kHeader);
}
template std::string zeek_header_lines<DnsRecord>();
template std::string zeek_header_lines<SslRecord>();
template std::string zeek_header_lines<HttpRecord>();
template std::string zeek_header_lines<FtpRecord>();

}  // namespace vigil
