// A tokenizer for STIX patterns and a walk over the OR-only subset vigil can match.
#include "intel/stix_pattern.h"

#include "core/text_format.h"

#include <optional>

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

// False (with `error`) on an unterminated string.
bool tokenize(std::string_view p, std::vector<Token>& out, std::string& error) {
  size_t i = 0;
  while (i < p.size()) {
    char c = p[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
    } else if (c == '[' || c == ']' || c == '(' || c == ')') {
      out.push_back({c == '['   ? Tok::kOpenBracket
                     : c == ']' ? Tok::kCloseBracket
                     : c == '(' ? Tok::kOpenParen
                                : Tok::kCloseParen,
                     p.substr(i, 1)});
      ++i;
    } else if (c == '\'') {
      size_t j = i + 1;
      while (j < p.size() && p[j] != '\'') j += p[j] == '\\' ? 2 : 1;
      if (j >= p.size()) {
        error = "unterminated string in pattern";
        return false;
      }
      out.push_back({Tok::kString, p.substr(i + 1, j - i - 1)});
      i = j + 1;
    } else if (c == '=' || c == '!' || c == '<' || c == '>') {
      size_t len = i + 1 < p.size() && p[i + 1] == '=' ? 2 : 1;
      out.push_back({Tok::kOperator, p.substr(i, len)});
      i += len;
    } else if (word_char(c)) {
      size_t j = i;
      while (j < p.size() && word_char(p[j])) ++j;
      out.push_back({Tok::kWord, p.substr(i, j - i)});
      i = j;
    } else {
      out.push_back({Tok::kOther, p.substr(i, 1)});
      ++i;
    }
  }
  return true;
}

bool balanced(const std::vector<Token>& tokens) {
  std::vector<Tok> open;
  for (const Token& t : tokens) {
    if (t.kind == Tok::kOpenBracket || t.kind == Tok::kOpenParen) {
      open.push_back(t.kind);
    } else if (t.kind == Tok::kCloseBracket || t.kind == Tok::kCloseParen) {
      Tok want = t.kind == Tok::kCloseBracket ? Tok::kOpenBracket : Tok::kOpenParen;
      if (open.empty() || open.back() != want) return false;
      open.pop_back();
    }
  }
  return open.empty();
}

std::string unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) ++i;
    out += s[i];
  }
  return out;
}

std::optional<StixObject> object_of(std::string_view path) {
  if (equals_ascii_ci(path, "ipv4-addr:value")) return StixObject::kIpv4;
  if (equals_ascii_ci(path, "ipv6-addr:value")) return StixObject::kIpv6;
  if (equals_ascii_ci(path, "domain-name:value")) return StixObject::kDomain;
  return std::nullopt;
}

}  // namespace

ParsedPattern parse_stix_pattern(std::string_view pattern) {
  ParsedPattern out;
  std::vector<Token> all;
  if (!tokenize(pattern, all, out.error)) {
    out.outcome = PatternOutcome::kMalformed;
    return out;
  }
  if (!balanced(all)) {
    out.outcome = PatternOutcome::kMalformed;
    out.error = "unbalanced brackets in pattern";
    return out;
  }
  std::vector<Token> t;
  for (const Token& tok : all)
    if (tok.kind != Tok::kOpenParen && tok.kind != Tok::kCloseParen) t.push_back(tok);

  // observation (OR observation)*, observation = '[' comparison (OR comparison)* ']'
  auto is_or = [&](size_t i) { return i < t.size() && t[i].kind == Tok::kWord && equals_ascii_ci(t[i].text, "or"); };
  size_t i = 0;
  while (true) {
    if (i >= t.size() || t[i].kind != Tok::kOpenBracket) return ParsedPattern{};
    ++i;
    while (true) {
      // comparison: path ['.'-words or quoted path parts] operator 'string'
      if (i >= t.size() || t[i].kind != Tok::kWord) return ParsedPattern{};
      std::string_view path = t[i++].text;
      bool plain_path = true;
      while (i < t.size() && (t[i].kind == Tok::kString || (t[i].kind == Tok::kWord && t[i].text.front() == '.'))) {
        plain_path = false;  // file:hashes.'SHA-256'
        ++i;
      }
      if (i >= t.size()) return ParsedPattern{};
      bool equals = t[i].kind == Tok::kOperator && t[i].text == "=";
      bool subset = t[i].kind == Tok::kWord && equals_ascii_ci(t[i].text, "issubset");
      if (!equals && !subset && t[i].kind != Tok::kOperator && t[i].kind != Tok::kWord) return ParsedPattern{};
      ++i;
      if (i >= t.size() || t[i].kind != Tok::kString) return ParsedPattern{};  // NOT, IN (...), numbers: not ours
      std::string_view value = t[i++].text;
      std::optional<StixObject> object = plain_path ? object_of(path) : std::nullopt;
      if (object && (equals || (subset && *object != StixObject::kDomain)))
        out.values.push_back({*object, unescape(value)});
      if (!is_or(i)) break;
      ++i;
    }
    if (i >= t.size() || t[i].kind != Tok::kCloseBracket) return ParsedPattern{};
    ++i;
    if (i == t.size()) break;
    if (!is_or(i)) return ParsedPattern{};  // AND, FOLLOWEDBY, WITHIN, REPEATS, START ... STOP
    ++i;
  }
  out.outcome = out.values.empty() ? PatternOutcome::kUnsupported : PatternOutcome::kSupported;
  return out;
}

}  // namespace vigil
