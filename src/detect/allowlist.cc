// Allowlist: names matched on label boundaries (suffixes), addresses through a NetSet.
#include "detect/allowlist.h"

#include <fstream>
#include <sstream>

#include "detect/channel.h"

namespace vigil {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool looks_like_address(std::string_view s) {
  return s.find(':') != std::string_view::npos || s.find('/') != std::string_view::npos ||
         IpAddr::parse(s).has_value();
}

bool is_name_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '*';
}

}  // namespace

Result<Allowlist> Allowlist::parse(std::string_view text, const std::string& origin) {
  Allowlist list;
  uint64_t line_no = 0;
  while (!text.empty()) {
    size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
    ++line_no;
    if (size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    line = trim(line);
    if (line.empty()) continue;
    if (looks_like_address(line)) {
      if (Status st = list.nets_.add(line); !st.is_ok())
        return std::move(st).at_line(origin, line_no);
    } else {
      std::string name = normalise_server_name(line);
      if (name.starts_with("*.")) name.erase(0, 2);  // "*.example.com" means what "example.com" does
      for (char c : name)
        if (!is_name_character(c) || c == '*')
          return Status::invalid_argument("not a name, address or CIDR: '" + std::string(line) + "'").at_line(origin, line_no);
      list.names_.insert(std::move(name));
    }
    ++list.entries_;
  }
  return list;
}

Result<Allowlist> Allowlist::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::not_found("cannot open allowlist").at(path);
  std::ostringstream text;
  text << in.rdbuf();
  return parse(text.str(), path);
}

bool Allowlist::allows_name(std::string_view name) const {
  if (names_.empty()) return false;
  while (!name.empty()) {
    if (names_.contains(std::string(name))) return true;
    size_t dot = name.find('.');
    if (dot == std::string_view::npos) break;
    name.remove_prefix(dot + 1);
  }
  return false;
}

}  // namespace vigil
