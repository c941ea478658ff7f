#include "report/json_members.h"

#include <cmath>

#include "core/text_format.h"
#include "report/zeek_log_text.h"

namespace vigil {

std::string& JsonMembers::key(std::string_view k) {
  if (!out_.empty()) out_ += ',';
  append_json_string(out_, k);
  out_ += ':';
  return out_;
}

JsonMembers& JsonMembers::number(std::string_view k, double v) {
  key(k) += std::isfinite(v) ? format("%.6g", v) : std::string("null");
  return *this;
}

JsonMembers& JsonMembers::uint(std::string_view k, uint64_t v) {
  append_u64(key(k), v);
  return *this;
}

JsonMembers& JsonMembers::text(std::string_view k, std::string_view v) {
  append_json_string(key(k), v);
  return *this;
}

JsonMembers& JsonMembers::boolean(std::string_view k, bool v) {
  key(k) += v ? "true" : "false";
  return *this;
}

JsonMembers& JsonMembers::texts(std::string_view k, const std::vector<std::string>& v) {
  std::string& out = key(k);
  out += '[';
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    append_json_string(out, v[i]);
  }
  out += ']';
  return *this;
}

JsonMembers& JsonMembers::uints(std::string_view k, const std::vector<uint64_t>& v) {
  std::string& out = key(k);
  out += '[';
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    append_u64(out, v[i]);
  }
  out += ']';
  return *this;
}

JsonMembers& JsonMembers::raw(std::string_view k, std::string_view json) {
  key(k) += json;
  return *this;
}

JsonMembers& JsonMembers::object(std::string_view k, const JsonMembers& members) {
  std::string& out = key(k);
  out += '{';
  out += members.str();
  out += '}';
  return *this;
}

}  // namespace vigil
