// DNS message parsing: header, questions, answers, with Zeek's rendering of answer data.
#include "protocols/dns_message.h"

#include <algorithm>

#include <array>

#include "core/ip_addr.h"

namespace vigil {
namespace {

constexpr size_t kHeader = 12;
constexpr size_t kMaxName = 255;
constexpr int kMaxJumps = 128;
constexpr size_t kMaxRecords = 1000;  // per section: more is not a real message, and bounds the work

uint16_t u16(std::span<const uint8_t> m, size_t at) { return static_cast<uint16_t>(m[at] << 8 | m[at + 1]); }
uint32_t u32(std::span<const uint8_t> m, size_t at) {
  return uint32_t{m[at]} << 24 | uint32_t{m[at + 1]} << 16 | uint32_t{m[at + 2]} << 8 | m[at + 3];
}

enum : uint16_t {
  kA = 1, kNs = 2, kCname = 5, kSoa = 6, kNull = 10, kWks = 11, kPtr = 12, kHinfo = 13, kMx = 15, kTxt = 16,
  kAaaa = 28, kLoc = 29, kSrv = 33, kOpt = 41, kDs = 43, kSshfp = 44, kRrsig = 46, kNsec = 47, kDnskey = 48,
  kNsec3 = 50, kNsec3Param = 51, kSvcb = 64, kHttps = 65, kSpf = 99, kTkey = 249, kTsig = 250, kCaa = 257,
  kBinds = 65534
};

// A name inside rdata, folded, "<Root>" for the root as Zeek shows it.
DnsParseError rdata_name(std::span<const uint8_t> msg, size_t at, std::string& out) {
  size_t next = 0;
  if (auto e = read_dns_name(msg, at, out, next); e != DnsParseError::kNone) return e;
  out = out.empty() ? "<Root>" : dns_fold_case(std::move(out));
  return DnsParseError::kNone;
}

// TXT and SPF: each character-string as "TXT <length> <bytes>", joined by spaces (Zeek's rendering).
bool render_strings(std::span<const uint8_t> rdata, std::string_view tag, std::string& out) {
  size_t at = 0;
  while (at < rdata.size()) {
    size_t len = rdata[at];
    if (at + 1 + len > rdata.size()) return false;
    if (!out.empty()) out += ' ';
    out += tag;
    out += ' ';
    out += std::to_string(len);
    out += ' ';
    out.append(reinterpret_cast<const char*>(rdata.data() + at + 1), len);
    at += 1 + len;
  }
  return true;
}

// The rdata of one answer as Zeek's answers field shows it.
DnsParseError render_rdata(std::span<const uint8_t> msg, size_t at, size_t len, uint16_t type, std::string& out) {
  std::span<const uint8_t> rdata = msg.subspan(at, len);
  size_t next = 0;
  switch (type) {
    case kA:
      if (len != 4) return DnsParseError::kTruncated;
      out = IpAddr::v4_bytes(std::span<const uint8_t, 4>(rdata.data(), 4)).to_string();
      return DnsParseError::kNone;
    case kAaaa:
      if (len != 16) return DnsParseError::kTruncated;
      out = IpAddr::v6_bytes(std::span<const uint8_t, 16>(rdata.data(), 16)).to_string();
      return DnsParseError::kNone;
    case kNs:
    case kCname:
    case kPtr:
    case kSoa:  // Zeek shows the primary name server (mname)
      if (auto e = read_dns_name(msg, at, out, next); e != DnsParseError::kNone) return e;
      out = dns_fold_case(std::move(out));
      return DnsParseError::kNone;
    case kMx:  // preference, exchange: Zeek shows the exchange
      if (len < 3) return DnsParseError::kTruncated;
      if (auto e = read_dns_name(msg, at + 2, out, next); e != DnsParseError::kNone) return e;
      out = dns_fold_case(std::move(out));
      return DnsParseError::kNone;
    case kSrv:  // priority, weight, port, target: Zeek shows the target
      if (len < 7) return DnsParseError::kTruncated;
      if (auto e = read_dns_name(msg, at + 6, out, next); e != DnsParseError::kNone) return e;
      out = dns_fold_case(std::move(out));
      return DnsParseError::kNone;
    case kRrsig: {  // type covered, algorithm, labels, TTL, expiry, inception, key tag, signer
      if (len < 19) return DnsParseError::kTruncated;
      std::string signer;
      if (auto e = rdata_name(msg, at + 18, signer); e != DnsParseError::kNone) return e;
      out = "RRSIG " + std::to_string(u16(msg, at)) + " " + signer;
      return DnsParseError::kNone;
    }
    case kDnskey:  // flags, protocol, algorithm
      if (len < 4) return DnsParseError::kTruncated;
      out = "DNSKEY " + std::to_string(rdata[3]);
      return DnsParseError::kNone;
    case kDs:  // key tag, algorithm, digest type
      if (len < 4) return DnsParseError::kTruncated;
      out = "DS " + std::to_string(rdata[2]) + " " + std::to_string(rdata[3]);
      return DnsParseError::kNone;
    case kNsec: {  // Zeek shows the owner and the next name; the owner is added by the caller
      std::string next_name;
      if (auto e = rdata_name(msg, at, next_name); e != DnsParseError::kNone) return e;
      out = "NSEC " + next_name;
      return DnsParseError::kNone;
    }
    case kNsec3: out = "NSEC3"; return DnsParseError::kNone;
    case kNsec3Param: out = "NSEC3PARAM"; return DnsParseError::kNone;
    case kSshfp: {  // algorithm, fingerprint type, fingerprint
      if (len < 2) return DnsParseError::kTruncated;
      static constexpr char kHex[] = "0123456789abcdef";
      out = "SSHFP: ";
      for (uint8_t b : rdata.subspan(2)) {
        out += kHex[b >> 4];
        out += kHex[b & 15];
      }
      return DnsParseError::kNone;
    }
    case kLoc:  // version, size, horizontal and vertical precision, ...
      if (len < 4) return DnsParseError::kTruncated;
      out = "LOC:  " + std::to_string(rdata[1]) + " " + std::to_string(rdata[2]) + " " + std::to_string(rdata[3]);
      return DnsParseError::kNone;
    case kBinds: out = "BIND9 signing signal"; return DnsParseError::kNone;
    // Types Zeek's analyzer parses but its scripts do not log: no entry in answers or TTLs.
    case kWks:
    case kHinfo:
    case kOpt:
    case kSvcb:
    case kHttps:
    case kTkey:
    case kTsig:
    case kCaa: out.clear(); return DnsParseError::kNone;
    case kTxt: return render_strings(rdata, "TXT", out) ? DnsParseError::kNone : DnsParseError::kTruncated;
    case kSpf: return render_strings(rdata, "SPF", out) ? DnsParseError::kNone : DnsParseError::kTruncated;
    default: out = "<unknown type=" + std::to_string(type) + ">"; return DnsParseError::kNone;
  }
}

}  // namespace

std::string dns_fold_case(std::string name) {
  for (char& c : name)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return name;
}

std::string_view to_string(DnsParseError e) {
  switch (e) {
    case DnsParseError::kNone: return "none";
    case DnsParseError::kTruncated: return "truncated DNS message";
    case DnsParseError::kBadName: return "malformed DNS name";
    case DnsParseError::kTooManyRecords: return "too many DNS records";
  }
  return "?";
}

DnsParseError read_dns_name(std::span<const uint8_t> msg, size_t at, std::string& name, size_t& next) {
  name.clear();
  name.reserve(48);  // most names fit: one allocation instead of a growth per label
  size_t length = 0;  // wire length of the name so far (labels + length bytes), bounded by 255
  int jumps = 0;
  bool jumped = false;
  size_t limit = at;  // a pointer must go to an offset before the one it was read at
  for (;;) {
    if (at >= msg.size()) return DnsParseError::kTruncated;
    uint8_t len = msg[at];
    if ((len & 0xc0) == 0xc0) {  // compression pointer
      if (at + 1 >= msg.size()) return DnsParseError::kTruncated;
      size_t target = static_cast<size_t>((len & 0x3f) << 8 | msg[at + 1]);
      if (!jumped) next = at + 2;
      if (target >= limit || ++jumps > kMaxJumps) return DnsParseError::kBadName;
      jumped = true;
      limit = target;
      at = target;
      continue;
    }
    if ((len & 0xc0) != 0) return DnsParseError::kBadName;  // 0x40 and 0x80 label types: obsolete/unused
    if (len == 0) {
      if (!jumped) next = at + 1;
      return ++length > kMaxName ? DnsParseError::kBadName : DnsParseError::kNone;
    }
    if (at + 1 + len > msg.size()) return DnsParseError::kTruncated;
    length += 1 + len;
    if (length > kMaxName) return DnsParseError::kBadName;
    if (!name.empty()) name += '.';
    name.append(reinterpret_cast<const char*>(msg.data() + at + 1), len);
    at += 1 + len;
  }
}

DnsParseError parse_dns_message(std::span<const uint8_t> msg, DnsMessage& out) {
  out = DnsMessage{};
  if (msg.size() < kHeader) return DnsParseError::kTruncated;
  out.id = u16(msg, 0);
  uint16_t flags = u16(msg, 2);
  out.qr = flags & 0x8000;
  out.opcode = static_cast<uint8_t>((flags >> 11) & 0xf);
  out.AA = flags & 0x0400;
  out.TC = flags & 0x0200;
  out.RD = flags & 0x0100;
  out.RA = flags & 0x0080;
  out.Z = static_cast<uint8_t>((flags >> 4) & 0x7);
  out.rcode = static_cast<uint8_t>(flags & 0xf);
  out.qdcount = u16(msg, 4);
  size_t qd = out.qdcount, an = u16(msg, 6);
  if (qd > kMaxRecords || an > kMaxRecords) return DnsParseError::kTooManyRecords;
  size_t at = kHeader;
  out.questions.reserve(std::min<size_t>(qd, 4));
  out.answers.reserve(std::min<size_t>(an, 16));
  for (size_t i = 0; i < qd; ++i) {
    DnsQuestion q;
    if (auto e = read_dns_name(msg, at, q.name, at); e != DnsParseError::kNone) return e;
    if (at + 4 > msg.size()) return DnsParseError::kTruncated;
    q.qtype = u16(msg, at);
    q.qclass = u16(msg, at + 2);
    at += 4;
    out.questions.push_back(std::move(q));
  }
  for (size_t i = 0; i < an; ++i) {
    DnsAnswer a;
    if (auto e = read_dns_name(msg, at, a.name, at); e != DnsParseError::kNone) return e;
    if (at + 10 > msg.size()) return DnsParseError::kTruncated;
    a.type = u16(msg, at);
    a.rclass = u16(msg, at + 2);
    a.ttl = u32(msg, at + 4);
    size_t rdlength = u16(msg, at + 8);
    at += 10;
    if (at + rdlength > msg.size()) return DnsParseError::kTruncated;
    if (auto e = render_rdata(msg, at, rdlength, a.type, a.text); e != DnsParseError::kNone) return e;
    if (a.type == kNsec) a.text.insert(4, dns_fold_case(a.name) + " ");  // "NSEC <owner> <next>"
    at += rdlength;
    out.answers.push_back(std::move(a));
  }
  return DnsParseError::kNone;
}

}  // namespace vigil
