// IndicatorSet: hash tables per prefix length for addresses, a case-insensitive name table walked by suffix.
#include "intel/indicator_set.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace vigil {
namespace {

// Labels end up in findings and reports: keep them short and printable.
constexpr size_t kMaxLabelBytes = 200;
// Name blocks grow from 4 KiB (a small feed, a fuzz input) to 1 MiB; a name (<= 253 bytes) fits any fresh one.
constexpr size_t kFirstNameBlockBytes = 4 << 10;
constexpr size_t kMaxNameBlockBytes = 1 << 20;

constexpr char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view drop_trailing_dot(std::string_view s) {
  if (!s.empty() && s.back() == '.') s.remove_suffix(1);
  return s;
}

uint64_t label_count_bit(size_t labels) { return uint64_t{1} << std::min<size_t>(labels, 63); }

uint32_t v4_mask(uint8_t len) { return len == 0 ? 0 : ~uint32_t{0} << (32 - len); }

// Masks for the raw 8-byte halves of an IpAddr, per prefix length 0..128.
struct RawMask {
  uint64_t hi = 0, lo = 0;
};
const std::array<RawMask, 129>& v6_masks() {
  static const std::array<RawMask, 129> masks = [] {
    std::array<RawMask, 129> m{};
    for (int len = 0; len <= 128; ++len) {
      std::array<uint8_t, 16> b{};
      for (int i = 0; i < 16; ++i) {
        int keep = std::min(8, std::max(0, len - 8 * i));
        b[i] = static_cast<uint8_t>(keep == 0 ? 0 : (0xff << (8 - keep)) & 0xff);
      }
      std::memcpy(&m[len].hi, b.data(), 8);
      std::memcpy(&m[len].lo, b.data() + 8, 8);
    }
    return m;
  }();
  return masks;
}

IpAddr from_raw(uint64_t hi, uint64_t lo) {
  std::array<uint8_t, 16> b{};
  std::memcpy(b.data(), &hi, 8);
  std::memcpy(b.data() + 8, &lo, 8);
  return IpAddr::v6_bytes(b);
}

// Control bytes and anything that is not valid UTF-8 become '?'; the result is cut at kMaxLabelBytes.
std::string clean_label(std::string_view in) {
  std::string out;
  out.reserve(std::min(in.size(), kMaxLabelBytes));
  size_t i = 0;
  while (i < in.size() && out.size() < kMaxLabelBytes) {
    auto c = static_cast<unsigned char>(in[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    bool ok = len != 0 && i + len <= in.size() && out.size() + len <= kMaxLabelBytes;
    for (size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(in[i + k]) & 0xc0) == 0x80;
    if (ok && len == 1 && (c < 0x20 || c == 0x7f)) ok = false;
    if (!ok) {
      out += '?';
      ++i;
      continue;
    }
    out.append(in.substr(i, len));
    i += len;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

std::string Indicator::to_string() const {
  switch (kind) {
    case IndicatorKind::kName: return name;
    case IndicatorKind::kAddress: return address.to_string();
    case IndicatorKind::kNetwork: break;
  }
  return address.to_string() + "/" + std::to_string(prefix_len);
}

std::string IndicatorMatch::indicator() const {
  Indicator i;
  i.kind = kind;
  i.address = address;
  i.prefix_len = prefix_len;
  if (kind == IndicatorKind::kName) i.name = std::string(name);
  return i.to_string();
}

size_t IndicatorSet::V6Hash::operator()(const V6Key& k) const {
  uint64_t h = (k.hi ^ (k.lo * 0x9e3779b97f4a7c15ull)) * 0xff51afd7ed558ccdull;
  return static_cast<size_t>(h ^ (h >> 32));
}

size_t IndicatorSet::NameHash::operator()(std::string_view s) const {
  uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a over the lower-cased bytes
  for (char c : drop_trailing_dot(s)) h = (h ^ static_cast<unsigned char>(lower(c))) * 0x100000001b3ull;
  return static_cast<size_t>(h ^ (h >> 29));
}

bool IndicatorSet::NameEqual::operator()(std::string_view a, std::string_view b) const {
  b = drop_trailing_dot(b);  // a, stored, never has one
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

FeedId IndicatorSet::add_feed(std::string name) {
  feeds_.push_back(std::move(name));
  return static_cast<FeedId>(feeds_.size() - 1);
}

uint32_t IndicatorSet::intern_label(std::string_view label) {
  if (label.empty()) return 0;
  if (labels_.empty()) {
    labels_.emplace_back();
    label_ids_.emplace(std::string_view(labels_.front()), 0);
  }
  // Most labels are already short printable ASCII: looked up as they are, copied only when new.
  bool clean = label.size() <= kMaxLabelBytes && label.back() != ' ';
  for (size_t i = 0; clean && i < label.size(); ++i) clean = label[i] >= 0x20 && label[i] < 0x7f;
  if (clean) {
    if (auto it = label_ids_.find(label); it != label_ids_.end()) return it->second;
    labels_.emplace_back(label);
  } else {
    std::string cleaned = clean_label(label);
    if (auto it = label_ids_.find(cleaned); it != label_ids_.end()) return it->second;
    labels_.push_back(std::move(cleaned));
  }
  auto id = static_cast<uint32_t>(labels_.size() - 1);
  label_ids_.emplace(std::string_view(labels_.back()), id);
  return id;
}

std::string_view IndicatorSet::store_name(std::string_view name) {
  if (name_blocks_.empty() || name_block_used_ + name.size() > name_block_size_) {
    name_block_size_ = name_blocks_.empty() ? kFirstNameBlockBytes : std::min(kMaxNameBlockBytes, 2 * name_block_size_);
    name_block_size_ = std::max(name_block_size_, name.size());
    name_blocks_.push_back(std::make_unique_for_overwrite<char[]>(name_block_size_));
    name_block_used_ = 0;
  }
  char* at = name_blocks_.back().get() + name_block_used_;
  std::transform(name.begin(), name.end(), at, lower);  // parse_indicator already lowers; a direct add may not
  name_block_used_ += name.size();
  return {at, name.size()};
}

void IndicatorSet::note_length(std::vector<uint8_t>& lengths, uint8_t len) {
  if (!lengths.empty() && lengths.front() == len) return;  // the usual case: a run of /32s
  if (std::find(lengths.begin(), lengths.end(), len) != lengths.end()) return;
  lengths.push_back(len);
  std::sort(lengths.begin(), lengths.end(), std::greater<>());
}

bool IndicatorSet::add(FeedId feed, Indicator indicator, std::string_view label) {
  if (feed >= feeds_.size()) return false;
  // One hash probe: try_emplace leaves the key alone when it is already there.
  Entry* slot = nullptr;
  switch (indicator.kind) {
    case IndicatorKind::kName: {
      if (!indicator.name.empty() && indicator.name.back() == '.') indicator.name.pop_back();
      if (indicator.name.empty() || indicator.name.size() > kMaxNameBytes ||
          names_.contains(std::string_view(indicator.name)))
        break;
      slot = names_.try_emplace(store_name(indicator.name), Entry{feed, 0}).first;
      name_label_counts_ |= label_count_bit(1 + std::count(indicator.name.begin(), indicator.name.end(), '.'));
      break;
    }
    case IndicatorKind::kAddress:
    case IndicatorKind::kNetwork: {
      bool v4 = indicator.address.is_v4();
      uint8_t max = v4 ? 32 : 128;
      uint8_t len = indicator.kind == IndicatorKind::kAddress ? max : std::min(indicator.prefix_len, max);
      if (v4) {
        auto [value, inserted] = v4_[len].try_emplace(indicator.address.v4_host_order() & v4_mask(len), Entry{feed, 0});
        if (inserted) slot = value;
        note_length(v4_lengths_, len);
      } else {
        const RawMask& m = v6_masks()[len];
        auto [value, inserted] =
            v6_[len].try_emplace(V6Key{indicator.address.hi() & m.hi, indicator.address.lo() & m.lo}, Entry{feed, 0});
        if (inserted) slot = value;
        note_length(v6_lengths_, len);
      }
      break;
    }
  }
  if (slot == nullptr) return false;
  slot->label = intern_label(label);
  ++size_;
  return true;
}

void IndicatorSet::drop_feed(FeedId feed) {
  auto keep = [feed](const auto&, const Entry& e) { return e.feed != feed; };
  size_ = 0;
  v4_lengths_.clear();
  v6_lengths_.clear();
  for (size_t len = 0; len < v4_.size(); ++len) {
    v4_[len].retain(keep);
    size_ += v4_[len].size();
    if (!v4_[len].empty()) v4_lengths_.push_back(static_cast<uint8_t>(len));
  }
  for (size_t len = 0; len < v6_.size(); ++len) {
    v6_[len].retain(keep);
    size_ += v6_[len].size();
    if (!v6_[len].empty()) v6_lengths_.push_back(static_cast<uint8_t>(len));
  }
  std::sort(v4_lengths_.begin(), v4_lengths_.end(), std::greater<>());
  std::sort(v6_lengths_.begin(), v6_lengths_.end(), std::greater<>());
  name_label_counts_ = 0;
  names_.retain([&](std::string_view name, const Entry& e) {
    if (e.feed == feed) return false;
    name_label_counts_ |= label_count_bit(1 + std::count(name.begin(), name.end(), '.'));
    return true;
  });
  size_ += names_.size();
}

void IndicatorSet::prefetch(const Indicator& indicator) const {
  if (indicator.kind == IndicatorKind::kName) {
    names_.prefetch(std::string_view(indicator.name));
    return;
  }
  bool v4 = indicator.address.is_v4();
  uint8_t max = v4 ? 32 : 128;
  uint8_t len = indicator.kind == IndicatorKind::kAddress ? max : std::min(indicator.prefix_len, max);
  if (v4) {
    v4_[len].prefetch(indicator.address.v4_host_order() & v4_mask(len));
  } else {
    const RawMask& m = v6_masks()[len];
    v6_[len].prefetch(V6Key{indicator.address.hi() & m.hi, indicator.address.lo() & m.lo});
  }
}

IndicatorMatch IndicatorSet::make_match(const Entry& e) const {
  IndicatorMatch m;
  m.feed = feeds_[e.feed];
  if (e.label != 0) m.label = labels_[e.label];
  return m;
}

std::optional<IndicatorMatch> IndicatorSet::match_address(const IpAddr& a) const {
  if (a.is_v4()) {
    uint32_t v = a.v4_host_order();
    for (uint8_t len : v4_lengths_) {
      uint32_t key = v & v4_mask(len);
      auto* found = v4_[len].find(key);
      if (found == nullptr) continue;
      IndicatorMatch m = make_match(found->value);
      m.kind = len == 32 ? IndicatorKind::kAddress : IndicatorKind::kNetwork;
      m.address = IpAddr::v4(key);
      m.prefix_len = len;
      return m;
    }
    return std::nullopt;
  }
  for (uint8_t len : v6_lengths_) {
    const RawMask& mask = v6_masks()[len];
    V6Key key{a.hi() & mask.hi, a.lo() & mask.lo};
    auto* found = v6_[len].find(key);
    if (found == nullptr) continue;
    IndicatorMatch m = make_match(found->value);
    m.kind = len == 128 ? IndicatorKind::kAddress : IndicatorKind::kNetwork;
    m.address = from_raw(key.hi, key.lo);
    m.prefix_len = len;
    return m;
  }
  return std::nullopt;
}

std::optional<IndicatorMatch> IndicatorSet::match_name(std::string_view name) const {
  if (names_.empty()) return std::nullopt;
  name = drop_trailing_dot(name);
  if (name.size() > kMaxNameBytes) {  // start at the first label boundary a listed name could begin at
    size_t dot = name.find('.', name.size() - kMaxNameBytes - 1);
    if (dot == std::string_view::npos) return std::nullopt;
    name.remove_prefix(dot + 1);
  }
  size_t labels = 1 + std::count(name.begin(), name.end(), '.');
  for (; !name.empty(); --labels) {
    if (auto* found = (name_label_counts_ & label_count_bit(labels)) ? names_.find(name) : nullptr) {
      IndicatorMatch m = make_match(found->value);
      m.kind = IndicatorKind::kName;
      m.name = found->key;
      return m;
    }
    size_t dot = name.find('.');
    if (dot == std::string_view::npos) break;
    name.remove_prefix(dot + 1);
  }
  return std::nullopt;
}

}  // namespace vigil
