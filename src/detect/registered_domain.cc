// RegisteredDomains: the Public Suffix List through libpsl, with the reverse-lookup and internal-suffix
// rules in front of it and a small cache behind it.
#include "detect/registered_domain.h"

#include <libpsl.h>

#include <array>
#include <fstream>
#include <functional>

namespace vigil {
namespace {

// Suffixes that are resolved on site and never reach a server an outsider controls (RFC 6762 .local,
// RFC 8375 home.arpa, RFC 2606/6761 reserved names, and the customary private ones).
constexpr std::array<std::string_view, 12> kInternalSuffixes = {
    "local", "localhost", "localdomain", "lan", "home", "internal", "intranet",
    "corp", "private", "home.arpa", "invalid", "test"};

bool ends_with_label(std::string_view name, std::string_view suffix) {
  if (name.size() < suffix.size() || name.substr(name.size() - suffix.size()) != suffix) return false;
  return name.size() == suffix.size() || name[name.size() - suffix.size() - 1] == '.';
}

bool is_decimal_octet(std::string_view l) {
  if (l.empty() || l.size() > 3) return false;
  unsigned v = 0;
  for (char c : l) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  return v <= 255;
}

bool is_nibble(std::string_view l) {
  return l.size() == 1 && ((l[0] >= '0' && l[0] <= '9') || (l[0] >= 'a' && l[0] <= 'f'));
}

// Labels of `prefix` (dot-separated, non-empty) all pass `ok`, and there are at most `max_labels`.
template <typename Pred>
bool labels_all(std::string_view prefix, size_t max_labels, Pred ok) {
  size_t count = 0;
  while (!prefix.empty()) {
    size_t dot = prefix.find('.');
    std::string_view label = prefix.substr(0, dot);
    if (!ok(label) || ++count > max_labels) return false;
    if (dot == std::string_view::npos) break;
    prefix.remove_prefix(dot + 1);
  }
  return true;
}

// Start of the last `n` labels of `name` (0 when it has no more than n).
size_t last_labels_start(std::string_view name, size_t n) {
  size_t pos = name.size();
  for (size_t seen = 0; seen < n; ++seen) {
    size_t dot = pos == 0 ? std::string_view::npos : name.rfind('.', pos - 1);
    if (dot == std::string_view::npos) return 0;
    pos = dot;
  }
  return pos + 1;
}

bool printable_ascii(std::string_view s) {
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) return false;
  }
  return true;
}

NameSplit make_split(std::string_view name, size_t registered_start, bool grouped) {
  NameSplit s;
  s.kind = NameKind::kRegistered;
  s.registered = name.substr(registered_start);
  s.subdomain = registered_start == 0 ? std::string_view{} : name.substr(0, registered_start - 1);
  s.grouped = grouped;
  return s;
}

}  // namespace

void RegisteredDomains::PslFree::operator()(psl_ctx_st* p) const { psl_free(p); }

RegisteredDomains::RegisteredDomains() : cache_(kCacheSlots) {
  builtin_ = psl_builtin();
  psl_.reset(psl_latest(nullptr));
  if (psl_ && psl_.get() != builtin_) {
    source_ = std::string("system list, newer than the built-in copy (") +
              (psl_dist_filename() ? psl_dist_filename() : "?") + ")";
  } else {
    psl_.reset();  // psl_latest gave the built-in copy (psl_free ignores it, but keep ownership plain)
    source_ = "built-in";
  }
  // The text form of the list beside the binary one (Debian's publicsuffix package ships both).
  std::string dat = psl_dist_filename() ? psl_dist_filename() : "";
  if (dat.ends_with(".dafsa")) dat.replace(dat.size() - 6, 6, ".dat");
  if (!dat.empty()) read_rule_parents(dat);
}

RegisteredDomains::~RegisteredDomains() = default;

void RegisteredDomains::read_rule_parents(const std::string& dat_path) {
  std::ifstream in(dat_path);
  std::string line;
  while (in && std::getline(in, line)) {
    if (line.empty() || line.starts_with("//")) continue;
    line = line.substr(0, line.find_first_of(" \t\r"));
    if (line.starts_with("!")) line.erase(0, 1);
    for (size_t dot = line.find('.'); dot != std::string::npos; dot = line.find('.', dot + 1))
      rule_parents_.insert(line.substr(dot + 1));
  }
}

std::string_view RegisteredDomains::known_registered(std::string_view name) const {
  if (known_.empty()) return {};
  size_t pos = name.size();
  for (size_t labels = 1; labels <= kMaxRuleLabels + 1; ++labels) {
    size_t dot = pos == 0 ? std::string_view::npos : name.rfind('.', pos - 1);
    std::string_view suffix = dot == std::string_view::npos ? name : name.substr(dot + 1);
    if (labels >= 2 && known_.find(suffix) != known_.end()) return suffix;
    if (dot == std::string_view::npos) break;
    pos = dot;
  }
  return {};
}

void RegisteredDomains::remember(std::string_view registered) {
  if (rule_parents_.empty() || registered.find("xn--") != std::string_view::npos) return;
  if (rule_parents_.count(std::string(registered))) return;
  if (known_.size() >= kMaxKnown) known_.clear();
  known_.emplace(registered);
}

int32_t RegisteredDomains::lookup(std::string_view tail) {
  size_t h = std::hash<std::string_view>{}(tail) & (kCacheSlots - 1);
  Slot& slot = cache_[h];
  if (slot.tail == tail) {
    ++hits_;
    return slot.registered_offset;
  }
  ++misses_;
  scratch_.assign(tail);
  const psl_ctx_t* ctx = psl_ ? psl_.get() : builtin_;
  const char* r = ctx ? psl_registrable_domain(ctx, scratch_.c_str()) : nullptr;
  slot.tail.assign(tail);
  slot.registered_offset = r ? static_cast<int32_t>(r - scratch_.c_str()) : -1;
  return slot.registered_offset;
}

NameSplit RegisteredDomains::split(std::string_view name) {
  NameSplit none;
  if (name.empty()) return none;
  for (std::string_view zone : {std::string_view("in-addr.arpa"), std::string_view("ip6.arpa")}) {
    if (!ends_with_label(name, zone)) continue;
    if (name.size() == zone.size()) {
      none.kind = NameKind::kPublicSuffix;
      return none;
    }
    std::string_view prefix = name.substr(0, name.size() - zone.size() - 1);
    bool v4 = zone == "in-addr.arpa";
    bool well_formed = v4 ? labels_all(prefix, 4, is_decimal_octet) : labels_all(prefix, 32, is_nibble);
    if (well_formed) {
      none.kind = NameKind::kReverseLookup;
      return none;
    }
    return make_split(name, name.size() - zone.size(), true);
  }
  for (std::string_view suffix : kInternalSuffixes) {
    if (ends_with_label(name, suffix)) {
      none.kind = NameKind::kInternalSuffix;
      return none;
    }
  }
  size_t tail_start = last_labels_start(name, kMaxRuleLabels + 1);
  std::string_view tail = name.substr(tail_start);
  if (!printable_ascii(tail)) {
    // libpsl wants UTF-8 and would try to convert it; raw bytes are not a suffix anyone listed. Only the
    // labels right of the last odd one go to libpsl; when they are a public suffix (or there are none), the
    // odd label and what follows are the registered domain, as the list's implicit "*" rule would have it.
    size_t odd = tail.size();
    while (odd > 0 && printable_ascii(tail.substr(odd - 1, 1))) --odd;
    size_t label_end = tail.find('.', odd - 1);
    size_t clean_start = label_end == std::string_view::npos ? tail.size() : label_end + 1;
    int32_t offset = clean_start < tail.size() ? lookup(tail.substr(clean_start)) : -1;
    if (offset >= 0) return make_split(name, tail_start + clean_start + static_cast<size_t>(offset), true);
    size_t odd_label_start = tail.rfind('.', odd - 1);
    odd_label_start = odd_label_start == std::string_view::npos ? 0 : odd_label_start + 1;
    return make_split(name, tail_start + odd_label_start, true);
  }
  std::string_view known = known_registered(tail);
  if (!known.empty()) {
    ++known_hits_;
    return make_split(name, name.size() - known.size(), false);
  }
  int32_t offset = lookup(tail);
  if (offset < 0) {
    none.kind = NameKind::kPublicSuffix;
    return none;
  }
  remember(tail.substr(static_cast<size_t>(offset)));
  return make_split(name, tail_start + static_cast<size_t>(offset), false);
}

NameRepairs normalise_query_name(std::string_view raw, std::string& out, size_t max_bytes) {
  NameRepairs repairs;
  out.clear();
  if (raw.size() > max_bytes * 2) {  // no need to look at more than twice what is kept
    raw = raw.substr(raw.size() - max_bytes * 2);
    repairs.truncated = true;
  }
  bool at_label_start = true;
  for (char c : raw) {
    if (c == '.') {
      if (at_label_start) {
        if (!out.empty()) repairs.empty_labels = true;  // a leading dot is the root, not an empty label
        continue;
      }
      out.push_back('.');
      at_label_start = true;
      continue;
    }
    at_label_start = false;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  if (!out.empty() && out.back() == '.') out.pop_back();
  if (out.size() > max_bytes) {
    size_t cut = out.find('.', out.size() - max_bytes);
    out.erase(0, cut == std::string::npos ? out.size() - max_bytes : cut + 1);
    repairs.truncated = true;
  }
  return repairs;
}

}  // namespace vigil
