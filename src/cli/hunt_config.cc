// The TOML configuration read with toml++ (Debian's libtomlplusplus-dev). Every key is checked: a wrong
// type or an unknown key is an error naming the file, line and key, so a typo never passes silently.
#include "cli/hunt_config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace vigil::cli {
namespace {

Status error_at(const toml::node& node, const std::string& origin, const std::string& message) {
  return Status::invalid_argument(message).at_line(origin, node.source().begin.line);
}

Status strings(const toml::node& node, const std::string& origin, const std::string& key, std::vector<std::string>& out) {
  const toml::array* array = node.as_array();
  if (!array) return error_at(node, origin, key + " must be a list of strings");
  for (const toml::node& item : *array) {
    const auto* s = item.as_string();
    if (!s) return error_at(item, origin, key + " must be a list of strings");
    out.push_back(s->get());
  }
  return Status::ok();
}

Status number(const toml::node& node, const std::string& origin, const std::string& key, double low, double high,
              std::optional<double>& out) {
  std::optional<double> v = node.value<double>();
  if (!v || *v < low || *v > high)
    return error_at(node, origin, key + " must be a number from " + std::to_string(low) + " to " + std::to_string(high));
  out = v;
  return Status::ok();
}

Status detector_table(const toml::table& table, const std::string& name, const std::string& origin, HuntConfig& c) {
  DetectorConfig& d = c.detectors[name];
  for (const auto& [key, node] : table) {
    std::string k(key.str()), where = name + "." + k;
    Status st;
    if (k == "min_confidence") st = number(node, origin, where, 0, 1, d.min_confidence);
    else if (k == "allow") st = strings(node, origin, where, d.allow);
    else if (k == "allow_files") st = strings(node, origin, where, d.allow_files);
    else if (name == "long-connection" && k == "min_session_s") st = number(node, origin, where, 1, 1e9, c.min_session_s);
    else if (name == "long-connection" && k == "min_connected_s")
      st = number(node, origin, where, 1, 1e9, c.min_connected_s);
    else st = error_at(node, origin, "unknown key " + where);
    if (!st.is_ok()) return st;
  }
  return Status::ok();
}

}  // namespace

Result<HuntConfig> parse_hunt_config(std::string_view text, const std::string& origin) {
  toml::table root;
  try {
    root = toml::parse(text, origin);
  } catch (const toml::parse_error& e) {
    return Status::invalid_argument(std::string(e.description())).at_line(origin, e.source().begin.line);
  }
  HuntConfig c;
  for (const auto& [key, node] : root) {
    std::string k(key.str());
    Status st;
    if (k == "internal") {
      st = strings(node, origin, k, c.internal);
    } else if (k == "allow") {
      st = strings(node, origin, k, c.allow);
    } else if (k == "allow_files") {
      st = strings(node, origin, k, c.allow_files);
    } else if (k == "feeds") {
      st = strings(node, origin, k, c.feeds);
    } else if (k == "min_confidence") {
      st = number(node, origin, k, 0, 1, c.min_confidence);
    } else if (k == "top") {
      std::optional<int64_t> v = node.value<int64_t>();
      if (!v || *v < 0) st = error_at(node, origin, "top must be a whole number, 0 or more");
      else c.top = static_cast<size_t>(*v);
    } else if (std::find(std::begin(kDetectorNames), std::end(kDetectorNames), k) != std::end(kDetectorNames)) {
      if (const toml::table* t = node.as_table()) st = detector_table(*t, k, origin, c);
      else st = error_at(node, origin, "[" + k + "] must be a table");
    } else {
      st = error_at(node, origin, "unknown key " + k);
    }
    if (!st.is_ok()) return st;
  }
  Allowlist check;  // entries are checked now, so an error names the configuration file
  for (const std::string& e : c.allow)
    if (auto a = Allowlist::parse(e, origin + ": allow"); !a.is_ok()) return a.status();
  for (const auto& [name, d] : c.detectors)
    for (const std::string& e : d.allow)
      if (auto a = Allowlist::parse(e, origin + ": " + name + ".allow"); !a.is_ok()) return a.status();
  return c;
}

Result<HuntConfig> load_hunt_config(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::not_found("cannot open the configuration file").at(path);
  std::ostringstream text;
  text << in.rdbuf();
  Result<HuntConfig> c = parse_hunt_config(text.str(), path);
  if (c.is_ok()) {
    size_t slash = path.rfind('/');
    c.value().base_dir = slash == std::string::npos ? "." : path.substr(0, slash);
  }
  return c;
}

Result<Allowlist> HuntConfig::allowlist_for(std::string_view detector, const std::vector<std::string>& extra_files) const {
  std::string text;
  auto add_file = [&](const std::string& file, bool relative) -> Status {
    std::string path = relative && !file.starts_with("/") ? base_dir + "/" + file : file;
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::not_found("cannot open allowlist").at(path);
    std::ostringstream body;
    body << in.rdbuf();
    if (auto a = Allowlist::parse(body.str(), path); !a.is_ok()) return a.status();  // errors name the file's line
    text += body.str() + "\n";
    return Status::ok();
  };
  for (const std::string& f : extra_files)
    if (Status st = add_file(f, false); !st.is_ok()) return st;
  for (const std::string& f : allow_files)
    if (Status st = add_file(f, true); !st.is_ok()) return st;
  for (const std::string& e : allow) text += e + "\n";
  if (auto d = detectors.find(detector); d != detectors.end()) {
    for (const std::string& f : d->second.allow_files)
      if (Status st = add_file(f, true); !st.is_ok()) return st;
    for (const std::string& e : d->second.allow) text += e + "\n";
  }
  return Allowlist::parse(text, "allowlist");
}

double HuntConfig::min_confidence_for(std::string_view detector, double fallback) const {
  if (auto d = detectors.find(detector); d != detectors.end() && d->second.min_confidence) return *d->second.min_confidence;
  return min_confidence.value_or(fallback);
}

}  // namespace vigil::cli
