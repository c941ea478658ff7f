// The part of the STIX 2.1 pattern language vigil matches: comparisons of ipv4-addr, ipv6-addr and
// domain-name values joined by OR, inside one observation or across several ("[a] OR [b]").
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace vigil {

enum class StixObject { kIpv4, kIpv6, kDomain };

struct StixValue {
  StixObject object = StixObject::kIpv4;
  std::string_view value;  // the string literal, unescaped: a view of the pattern, or of ParsedPattern's storage
};

enum class PatternOutcome {
  kSupported,    // `values` holds every comparison vigil can match (others in the same OR are dropped)
  kUnsupported,  // valid-looking, but nothing vigil matches (hashes, URLs, AND, FOLLOWEDBY, qualifiers, ...)
  kMalformed,    // unbalanced quotes or brackets: `error` says which
};

// Move-only: values may view `storage`, which a copy would not carry along.
struct ParsedPattern {
  PatternOutcome outcome = PatternOutcome::kUnsupported;
  std::vector<StixValue> values;
  std::string error;
  // Unescaped text of the values that had escapes; the others view the pattern itself.
  std::unique_ptr<char[]> storage;
  size_t storage_size = 0;

  ParsedPattern() = default;
  ParsedPattern(ParsedPattern&&) = default;
  ParsedPattern& operator=(ParsedPattern&&) = default;
};

// Comparisons are `path = 'value'` (or, for addresses, `path ISSUBSET 'cidr'`); keywords ignore case.
// Parentheses are ignored: with OR as the only operator they cannot change the meaning.
// The values view `pattern` (or the result's storage), so `pattern` must outlive the result.
ParsedPattern parse_stix_pattern(std::string_view pattern);
// The same into `out`, reusing its memory: a bundle parses a million patterns without allocating for each.
void parse_stix_pattern(std::string_view pattern, ParsedPattern& out);

}  // namespace vigil
