// A tokenizer for STIX patterns and a walk over the OR-only subset vigil can match. Tokens are read one at a
// time (twice: once to check quotes and brackets, once to parse), so a pattern costs no allocation.
#include "intel/stix_pattern.h"

#include <cstring>
#include <optional>

#include "core/text_format.h"

namespace vigil {
namespace {

enum class Tok { kOpenBracket, kCloseBracket, kOpenParen, kCloseParen, kWord, kString, kOperator, kOther };

struct Token {
  Tok kind;
  std::string_view text;  // kString: between the quotes, still escaped
};

bool word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == ':' || c == '.' || c == '*';
}

enum class Lexed { kToken, kEnd, kUnterminated };

// The token at `i` (after any whitespace) into `out`, `i` moved past it.
Lexed lex(std::string_view p, size_t& i, Token& out) {
  while (i < p.size() && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n')) ++i;
  if (i >= p.size()) return Lexed::kEnd;
  char c = p[i];
  if (c == '[' || c == ']' || c == '(' || c == ')') {
    out = {c == '['   ? Tok::kOpenBracket
           : c == ']' ? Tok::kCloseBracket
           : c == '(' ? Tok::kOpenParen
                      : Tok::kCloseParen,
           p.substr(i, 1)};
    ++i;
  } else if (c == '\'') {
    size_t j = i + 1;
    while (j < p.size() && p[j] != '\'') j += p[j] == '\\' ? 2 : 1;
    if (j >= p.size()) return Lexed::kUnterminated;
    out = {Tok::kString, p.substr(i + 1, j - i - 1)};
    i = j + 1;
  } else if (c == '=' || c == '!' || c == '<' || c == '>') {
    size_t len = i + 1 < p.size() && p[i + 1] == '=' ? 2 : 1;
    out = {Tok::kOperator, p.substr(i, len)};
    i += len;
  } else if (word_char(c)) {
    size_t j = i;
    while (j < p.size() && word_char(p[j])) ++j;
    out = {Tok::kWord, p.substr(i, j - i)};
    i = j;
  } else {
    out = {Tok::kOther, p.substr(i, 1)};
    ++i;
  }
  return Lexed::kToken;
}

// Empty when every string is terminated and brackets and parentheses pair up; else the problem. An
// unterminated string anywhere is the problem reported, even after an unbalanced bracket.
const char* check_structure(std::string_view p) {
  std::string open;  // the open brackets: a string, so the usual few fit without allocating
  bool balanced = true;
  Token t;
  size_t i = 0;
  for (Lexed l; (l = lex(p, i, t)) != Lexed::kEnd;) {
    if (l == Lexed::kUnterminated) return "unterminated string in pattern";
    if (t.kind == Tok::kOpenBracket || t.kind == Tok::kOpenParen) {
      open.push_back(t.kind == Tok::kOpenBracket ? '[' : '(');
    } else if (balanced && (t.kind == Tok::kCloseBracket || t.kind == Tok::kCloseParen)) {
      char want = t.kind == Tok::kCloseBracket ? '[' : '(';
      if (open.empty() || open.back() != want) balanced = false;
      else open.pop_back();
    }
  }
  return balanced && open.empty() ? nullptr : "unbalanced brackets in pattern";
}

// The tokens of a checked pattern in order, parentheses left out: with OR as the only operator they cannot
// change the meaning.
class Tokens {
 public:
  explicit Tokens(std::string_view p) : p_(p) { advance(); }
  bool at(Tok kind) const { return more_ && tok_.kind == kind; }
  bool at_end() const { return !more_; }
  bool at_or() const { return at(Tok::kWord) && equals_ascii_ci(tok_.text, "or"); }
  const Token& token() const { return tok_; }
  void advance() {
    do more_ = lex(p_, pos_, tok_) == Lexed::kToken;
    while (more_ && (tok_.kind == Tok::kOpenParen || tok_.kind == Tok::kCloseParen));
  }

 private:
  std::string_view p_;
  size_t pos_ = 0;
  Token tok_{Tok::kOther, {}};
  bool more_ = false;
};

std::optional<StixObject> object_of(std::string_view path) {
  if (equals_ascii_ci(path, "ipv4-addr:value")) return StixObject::kIpv4;
  if (equals_ascii_ci(path, "ipv6-addr:value")) return StixObject::kIpv6;
  if (equals_ascii_ci(path, "domain-name:value")) return StixObject::kDomain;
  return std::nullopt;
}

// `s` with \x escapes undone: `s` itself when it has none, else a copy in `out`'s storage.
std::string_view unescape(std::string_view s, size_t pattern_size, ParsedPattern& out, size_t& used) {
  if (s.find('\\') == std::string_view::npos) return s;
  if (out.storage_size < pattern_size) {  // the unescaped values together are never longer than the pattern
    out.storage = std::make_unique_for_overwrite<char[]>(pattern_size);
    out.storage_size = pattern_size;
  }
  char* begin = out.storage.get() + used;
  char* at = begin;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) ++i;
    *at++ = s[i];
  }
  used += static_cast<size_t>(at - begin);
  return {begin, static_cast<size_t>(at - begin)};
}

// observation (OR observation)*, observation = '[' comparison (OR comparison)* ']'. False when the pattern
// is not of that form (or holds something else vigil cannot match); `out.values` holds what it can.
bool parse_observations(std::string_view pattern, ParsedPattern& out) {
  Tokens t(pattern);
  size_t used = 0;
  while (true) {
    if (!t.at(Tok::kOpenBracket)) return false;
    t.advance();
    while (true) {
      // comparison: path ['.'-words or quoted path parts] operator 'string'
      if (!t.at(Tok::kWord)) return false;
      std::string_view path = t.token().text;
      t.advance();
      bool plain_path = true;
      while (t.at(Tok::kString) || (t.at(Tok::kWord) && t.token().text.front() == '.')) {
        plain_path = false;  // file:hashes.'SHA-256'
        t.advance();
      }
      if (t.at_end()) return false;
      bool equals = t.at(Tok::kOperator) && t.token().text == "=";
      bool subset = t.at(Tok::kWord) && equals_ascii_ci(t.token().text, "issubset");
      if (!equals && !subset && !t.at(Tok::kOperator) && !t.at(Tok::kWord)) return false;
      t.advance();
      if (!t.at(Tok::kString)) return false;  // NOT, IN (...), numbers: not ours
      std::string_view value = t.token().text;
      t.advance();
      std::optional<StixObject> object = plain_path ? object_of(path) : std::nullopt;
      if (object && (equals || (subset && *object != StixObject::kDomain)))
        out.values.push_back({*object, unescape(value, pattern.size(), out, used)});
      if (!t.at_or()) break;
      t.advance();
    }
    if (!t.at(Tok::kCloseBracket)) return false;
    t.advance();
    if (t.at_end()) return true;
    if (!t.at_or()) return false;  // AND, FOLLOWEDBY, WITHIN, REPEATS, START ... STOP
    t.advance();
  }
}

}  // namespace

void parse_stix_pattern(std::string_view pattern, ParsedPattern& out) {
  out.values.clear();
  out.error.clear();
  if (const char* problem = check_structure(pattern)) {
    out.outcome = PatternOutcome::kMalformed;
    out.error = problem;
    return;
  }
  if (!parse_observations(pattern, out)) out.values.clear();
  out.outcome = out.values.empty() ? PatternOutcome::kUnsupported : PatternOutcome::kSupported;
}

ParsedPattern parse_stix_pattern(std::string_view pattern) {
  ParsedPattern out;
  parse_stix_pattern(pattern, out);
  return out;
}

}  // namespace vigil
