// JsonMembers: the members of a JSON object written one by one ("\"a\":1,\"b\":\"x\""), without the
// braces, so a detector's own fields can be spliced into a finding's object. Strings are escaped as
// Zeek's JSON writer does (report/zeek_log_text.h): valid UTF-8 as is, other bytes as the text \xNN.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vigil {

class JsonMembers {
 public:
  JsonMembers& number(std::string_view key, double v);  // %.6g; NaN and infinities as null
  JsonMembers& uint(std::string_view key, uint64_t v);
  JsonMembers& text(std::string_view key, std::string_view v);
  JsonMembers& boolean(std::string_view key, bool v);
  JsonMembers& texts(std::string_view key, const std::vector<std::string>& v);
  JsonMembers& uints(std::string_view key, const std::vector<uint64_t>& v);
  JsonMembers& raw(std::string_view key, std::string_view json);  // a value already written as JSON
  JsonMembers& object(std::string_view key, const JsonMembers& members);
  const std::string& str() const { return out_; }
  bool empty() const { return out_.empty(); }

 private:
  std::string& key(std::string_view k);
  std::string out_;
};

}  // namespace vigil
