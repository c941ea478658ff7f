// RegisteredDomains: splits a DNS query name into the registered domain (the part someone registered under
// a public suffix, from the Public Suffix List through libpsl) and the subdomain in front of it, and sorts
// out names that have none: bare suffixes, reverse lookups, internal-only names. docs/dns-detection.md
// gives the rules.
//
//   RegisteredDomains psl;
//   NameSplit s = psl.split("a1b2.t.evil.co.uk");   // s.registered "evil.co.uk", s.subdomain "a1b2.t"
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

struct psl_ctx_st;  // libpsl's context (libpsl.h), kept out of this header

namespace vigil {

enum class NameKind : uint8_t {
  kRegistered,      // a registered domain was found (possibly a grouped one: see NameSplit::grouped)
  kEmpty,           // nothing left after removing dots
  kPublicSuffix,    // the name is itself a public suffix ("com", "co.uk", "local", "in-addr.arpa")
  kReverseLookup,   // a well-formed in-addr.arpa / ip6.arpa name: an address, not data
  kInternalSuffix,  // under a suffix that never leaves the site (.local, .lan, .internal, .corp, home.arpa, ...)
};

struct NameSplit {
  NameKind kind = NameKind::kEmpty;
  std::string_view registered;  // into the name given to split()
  std::string_view subdomain;   // the labels in front of `registered`, without the joining dot; may be empty
  bool grouped = false;         // not the list's answer: a malformed reverse name grouped under its arpa zone,
                                // or a non-ASCII tail grouped by its last two labels
};

class RegisteredDomains {
 public:
  // Loads the newest list libpsl knows: the system file (/usr/share/publicsuffix, Debian's publicsuffix
  // package) when it is newer than the copy built into libpsl, else the built-in copy (psl_latest).
  RegisteredDomains();
  ~RegisteredDomains();
  RegisteredDomains(const RegisteredDomains&) = delete;
  RegisteredDomains& operator=(const RegisteredDomains&) = delete;

  // `name` must already be normalised: lower case ASCII letters, no leading, trailing or doubled dots
  // (normalise_query_name). The views point into `name`.
  NameSplit split(std::string_view name);

  // Where the list came from ("/usr/share/publicsuffix/public_suffix_list.dafsa" or "built-in").
  const std::string& source() const { return source_; }
  size_t cache_hits() const { return hits_ + known_hits_; }
  size_t cache_misses() const { return misses_; }

  // The deepest rule of the list in labels. The answer for a name depends only on its last
  // kMaxRuleLabels + 1 labels, so only those are given to libpsl and cached; a test checks the system file.
  static constexpr size_t kMaxRuleLabels = 5;
  static constexpr size_t kCacheSlots = 1u << 14;

 private:
  struct PslFree {
    void operator()(psl_ctx_st* p) const;
  };
  // A direct-mapped cache of libpsl's answer per tail (the last kMaxRuleLabels + 1 labels): benign names
  // repeat, and libpsl costs about a microsecond a call.
  struct Slot {
    std::string tail;
    int32_t registered_offset = -1;  // where the registered domain starts in the tail; -1: none
  };
  int32_t lookup(std::string_view tail);
  void read_rule_parents(const std::string& dat_path);
  // The registered domain of `name` from known_, or empty: names under a registered domain already
  // confirmed need no libpsl call.
  std::string_view known_registered(std::string_view name) const;
  void remember(std::string_view registered);

  // Fast path (docs/dns-detection.md). rule_parents_: every proper suffix of every rule in the list's text
  // form (a domain with some rule below it). known_: registered domains libpsl returned that are not rule
  // parents and not IDN: for them no rule lies below, so any name ending in them has them as its
  // registered domain. Empty (no fast path) when the text form of the list is not found.
  std::unordered_set<std::string> rule_parents_;
  struct ViewHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_set<std::string, ViewHash, std::equal_to<>> known_;
  static constexpr size_t kMaxKnown = 1u << 16;

  std::unique_ptr<psl_ctx_st, PslFree> psl_;
  const psl_ctx_st* builtin_ = nullptr;
  std::string source_;
  std::vector<Slot> cache_;
  std::string scratch_;  // NUL-terminated copy for libpsl
  size_t hits_ = 0, misses_ = 0, known_hits_ = 0;
};

// Lower-cases ASCII letters, drops the trailing dot and empty labels ("a..b." -> "a.b"), and keeps at most
// the last `max_bytes` bytes (whole labels). Returns into `out`; counts what it changed.
struct NameRepairs {
  bool empty_labels = false;
  bool truncated = false;
};
NameRepairs normalise_query_name(std::string_view raw, std::string& out, size_t max_bytes);

}  // namespace vigil
