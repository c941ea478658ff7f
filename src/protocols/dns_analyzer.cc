// DnsAnalyzer: Zeek's query/reply pairing, field by field, and DNS-over-TCP framing.
#include "protocols/dns_analyzer.h"

#include <algorithm>

namespace vigil {

void DnsAnalyzer::message(Timestamp ts, std::span<const uint8_t> bytes) {
  DnsMessage m;
  DnsParseError err = parse_dns_message(bytes, m);
  if (bytes.size() < 12) return;  // not even a header
  if (err == DnsParseError::kNone) confirmed_ = true;
  if (m.opcode != 0) return;  // Zeek's scripts track standard queries only
  bool is_query = !m.qr;
  DnsRecord& r = session_for(ts, m, is_query);
  if (is_query) apply_query(r, m);
  else apply_reply(r, m, ts, err == DnsParseError::kNone);
}

// Finds or creates the row this message belongs to. A message that completes a pair is logged at once;
// `r` then refers to the row just logged (still valid: out_ is not touched again before the caller returns).
DnsRecord& DnsAnalyzer::session_for(Timestamp ts, const DnsMessage& m, bool is_query) {
  std::deque<Pending>& waiting = is_query ? replies_ : queries_;
  DnsRecord found;
  if (take(waiting, m.id, found)) {
    out_.push_back(std::move(found));
    return out_.back();
  }
  Pending p;
  p.id = m.id;
  p.rec.id.ts = ts;
  p.rec.proto = proto_;
  p.rec.trans_id = m.id;
  std::deque<Pending>& mine = is_query ? queries_ : replies_;
  enqueue(mine, std::move(p), out_);
  return mine.back().rec;
}

void DnsAnalyzer::apply_query(DnsRecord& r, const DnsMessage& m) const {
  r.RD = m.RD;
  r.TC = m.TC;
  r.Z = m.Z;
  r.opcode = m.opcode;
  if (m.questions.empty()) return;
  const DnsQuestion& q = m.questions.front();
  r.qclass = q.qclass;
  r.qtype = q.qtype;
  r.query = dns_fold_case(netbios_ ? decode_netbios_name(q.name) : q.name);
}

void DnsAnalyzer::apply_reply(DnsRecord& r, const DnsMessage& m, Timestamp ts, bool parsed_all) const {
  r.rcode = m.rcode;
  r.opcode = m.opcode;
  if (m.rcode != 0 && m.qdcount == 0) r.rejected = true;
  (void)parsed_all;  // what parsed before an error counts, as with Zeek's event-per-answer analyzer
  for (const DnsAnswer& a : m.answers) {
    if (!r.query) r.query = dns_fold_case(a.name);
    r.AA = m.AA;
    r.RA = m.RA;
    if (!r.rtt) {
      Duration rtt = ts - r.id.ts;
      if (rtt.ns != 0) r.rtt = rtt;
    }
    if (a.text.empty()) continue;
    r.answers.push_back(a.text);
    r.TTLs.push_back(Duration::seconds(a.ttl));
  }
}

// Zeek's enqueue_new_msg: past the bounds, what waits is logged unmatched and forgotten.
void DnsAnalyzer::enqueue(std::deque<Pending>& q, Pending p, std::vector<DnsRecord>& out) {
  size_t same_id = 0;
  std::vector<uint16_t> ids;
  for (const Pending& w : q) {
    if (w.id == p.id) ++same_id;
    if (std::find(ids.begin(), ids.end(), w.id) == ids.end()) ids.push_back(w.id);
  }
  if (same_id == 0 && ids.size() > kMaxPendingIds) {
    for (Pending& w : q) out.push_back(std::move(w.rec));
    q.clear();
  } else if (same_id > kMaxPendingPerId) {
    auto keep = std::stable_partition(q.begin(), q.end(), [&](const Pending& w) { return w.id != p.id; });
    for (auto it = keep; it != q.end(); ++it) out.push_back(std::move(it->rec));
    q.erase(keep, q.end());
  }
  q.push_back(std::move(p));
}

bool DnsAnalyzer::take(std::deque<Pending>& q, uint16_t id, DnsRecord& rec) {
  auto it = std::find_if(q.begin(), q.end(), [id](const Pending& w) { return w.id == id; });
  if (it == q.end()) return false;
  rec = std::move(it->rec);
  q.erase(it);
  return true;
}

void DnsAnalyzer::stream_data(bool is_orig, Timestamp ts, std::span<const uint8_t> bytes) {
  TcpFramer& f = framer_[is_orig ? 0 : 1];
  while (!bytes.empty() && !f.broken) {
    // Fill the buffer up to the length prefix, then up to the whole message; never more than one message.
    size_t want = f.buf.size() < 2 ? 2 : 2 + (size_t{f.buf[0]} << 8 | f.buf[1]);
    size_t n = std::min(want - f.buf.size(), bytes.size());
    f.buf.insert(f.buf.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
    bytes = bytes.subspan(n);
    if (f.buf.size() < 2) continue;
    size_t total = 2 + (size_t{f.buf[0]} << 8 | f.buf[1]);
    if (f.buf.size() < total) continue;
    message(ts, std::span<const uint8_t>(f.buf).subspan(2));
    f.buf.clear();
  }
}

void DnsAnalyzer::stream_gap(bool is_orig) { framer_[is_orig ? 0 : 1].broken = true; }

void DnsAnalyzer::finish() {
  for (Pending& p : queries_) out_.push_back(std::move(p.rec));
  for (Pending& p : replies_) out_.push_back(std::move(p.rec));
  queries_.clear();
  replies_.clear();
}

std::string decode_netbios_name(std::string_view name) {
  if (name.size() < 32) return std::string(name);
  std::string out;
  for (size_t i = 0; i < 32; i += 2) {
    char hi = name[i], lo = name[i + 1];
    if (hi < 'A' || hi > 'P' || lo < 'A' || lo > 'P') return std::string(name);
    out += static_cast<char>((hi - 'A') << 4 | (lo - 'A'));
  }
  out.pop_back();  // the 16th byte is the name's type suffix, not part of the name
  while (!out.empty() && (out.back() == ' ' || out.back() == '\0')) out.pop_back();
  return out;
}

}  // namespace vigil
