// A Zeek TSV log's rows as maps from field name to value: how the simulator tests compare logs written
// by different paths (the simulator, vigil convert of its capture) field by field.
#pragma once

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace vigil::test {

inline std::vector<std::map<std::string, std::string>> read_tsv_log(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::vector<std::string> fields;
  std::vector<std::map<std::string, std::string>> out;
  auto split = [](const std::string& s) {
    std::vector<std::string> v;
    std::stringstream ss(s);
    std::string f;
    while (std::getline(ss, f, '\t')) v.push_back(f);
    return v;
  };
  while (std::getline(in, line)) {
    if (line.rfind("#fields", 0) == 0) fields = split(line.substr(8));
    if (line.empty() || line[0] == '#') continue;
    auto v = split(line);
    std::map<std::string, std::string> row;
    for (size_t i = 0; i < fields.size() && i < v.size(); ++i) row[fields[i]] = v[i];
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace vigil::test
