// Truth TSV: writing and reading back.
#include "truth_file.h"

#include <cstdio>
#include <fstream>
#include <sstream>

namespace vigil::sim {
namespace {

constexpr const char* kColumns[] = {"implant", "label", "internal", "name", "addresses", "port", "proto",
                                    "sleep_s", "mean_interval_s", "jitter_model", "jitter", "drop",
                                    "working_hours", "check_ins", "first_ts", "last_ts", "detector", "direction"};
constexpr size_t kColumnCount = std::size(kColumns);

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

// Zeek's form for times: seconds with six decimals.
std::string seconds(int64_t ns) {
  std::string out;
  append_seconds(out, ns);
  return out;
}

std::vector<std::string> split(const std::string& line, char sep) {
  std::vector<std::string> out;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, sep)) out.push_back(field);
  if (!line.empty() && line.back() == sep) out.emplace_back();
  return out;
}

bool parse_ts(const std::string& s, int64_t& ns) {
  size_t dot = s.find('.');
  try {
    int64_t secs = std::stoll(s.substr(0, dot));
    int64_t frac = 0;
    if (dot != std::string::npos) {
      std::string digits = (s.substr(dot + 1) + "000000000").substr(0, 9);
      frac = std::stoll(digits);
    }
    ns = secs * 1'000'000'000 + frac;
    return true;
  } catch (...) {
    return false;
  }
}

Status parse_row(const std::vector<std::string>& f, TruthChannel& t) {
  if (f.size() != kColumnCount) return Status::corruption("expected " + std::to_string(kColumnCount) + " columns");
  try {
    t.implant = f[0] == "T";
    t.label = f[1];
    auto internal = IpAddr::parse(f[2]);
    if (!internal) return Status::corruption("bad internal address '" + f[2] + "'");
    t.internal = *internal;
    t.name = f[3];
    for (const std::string& a : split(f[4], ',')) {
      auto ip = IpAddr::parse(a);
      if (!ip) return Status::corruption("bad address '" + a + "'");
      t.addresses.push_back(*ip);
    }
    t.port = static_cast<uint16_t>(std::stoul(f[5]));
    t.proto = f[6] == "udp" ? TransportProto::kUdp : TransportProto::kTcp;
    t.sleep_s = std::stod(f[7]);
    t.mean_interval_s = std::stod(f[8]);
    t.jitter_model = f[9];
    t.jitter = std::stod(f[10]);
    t.drop = std::stod(f[11]);
    t.working_hours = f[12] == "T";
    t.check_ins = std::stoull(f[13]);
  } catch (...) {
    return Status::corruption("bad number");
  }
  if (!parse_ts(f[14], t.first_ns) || !parse_ts(f[15], t.last_ns)) return Status::corruption("bad time");
  t.detector = f[16];
  t.direction = f[17];
  return Status::ok();
}

}  // namespace

std::string truth_header() {
  std::string out;
  for (size_t i = 0; i < kColumnCount; ++i) {
    if (i > 0) out += '\t';
    out += kColumns[i];
  }
  return out;
}

std::string truth_row(const TruthChannel& t) {
  std::string addresses;
  for (const IpAddr& a : t.addresses) {
    if (!addresses.empty()) addresses += ',';
    a.append_to(addresses);
  }
  std::string out;
  auto col = [&out](const std::string& v) {
    if (!out.empty()) out += '\t';
    out += v;
  };
  col(t.implant ? "T" : "F");
  col(t.label);
  col(t.internal.to_string());
  col(t.name);
  col(addresses);
  col(std::to_string(t.port));
  col(std::string(to_string(t.proto)));
  col(number(t.sleep_s));
  col(number(t.mean_interval_s));
  col(t.jitter_model);
  col(number(t.jitter));
  col(number(t.drop));
  col(t.working_hours ? "T" : "F");
  col(std::to_string(t.check_ins));
  col(seconds(t.first_ns));
  col(seconds(t.last_ns));
  col(t.detector);
  col(t.direction);
  return out;
}

Status write_truth(const std::string& path, const std::vector<TruthChannel>& truth) {
  std::ofstream out(path);
  if (!out) return Status::io_error("cannot write").at(path);
  out << truth_header() << "\n";
  for (const TruthChannel& t : truth) out << truth_row(t) << "\n";
  out.close();
  if (!out) return Status::io_error("write failed").at(path);
  return Status::ok();
}

Result<std::vector<TruthChannel>> read_truth(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::not_found("cannot open").at(path);
  std::string line;
  if (!std::getline(in, line) || line != truth_header())
    return Status::corruption("not a truth file: the header line differs").at_line(path, 1);
  std::vector<TruthChannel> out;
  uint64_t line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty()) continue;
    TruthChannel t;
    Status s = parse_row(split(line, '\t'), t);
    if (!s.is_ok()) return std::move(s).at_line(path, line_no);
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace vigil::sim
