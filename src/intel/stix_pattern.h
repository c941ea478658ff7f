// The part of the STIX 2.1 pattern language vigil matches: comparisons of ipv4-addr, ipv6-addr and
// domain-name values joined by OR, inside one observation or across several ("[a] OR [b]").
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vigil {

enum class StixObject { kIpv4, kIpv6, kDomain };

struct StixValue {
  StixObject object = StixObject::kIpv4;
  std::string value;  // the string literal, unescaped
};

enum class PatternOutcome {
  kSupported,    // `values` holds every comparison vigil can match (others in the same OR are dropped)
  kUnsupported,  // valid-looking, but nothing vigil matches (hashes, URLs, AND, FOLLOWEDBY, qualifiers, ...)
  kMalformed,    // unbalanced quotes or brackets: `error` says which
};

struct ParsedPattern {
  PatternOutcome outcome = PatternOutcome::kUnsupported;
  std::vector<StixValue> values;
  std::string error;
};

// Comparisons are `path = 'value'` (or, for addresses, `path ISSUBSET 'cidr'`); keywords ignore case.
// Parentheses are ignored: with OR as the only operator they cannot change the meaning.
ParsedPattern parse_stix_pattern(std::string_view pattern);

}  // namespace vigil
