#include "protocols/ftp_analyzer.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/text_format.h"

namespace vigil {
namespace {

constexpr std::array<std::string_view, 10> kLoggedCommands = {"APPE", "DELE", "RETR", "STOR", "STOU",
                                                              "ACCT", "PORT", "PASV", "EPRT", "EPSV"};
// Commands whose argument names a file or directory: Zeek logs them as a URL on the server.
constexpr std::array<std::string_view, 13> kFileCommands = {"APPE", "CWD", "DELE", "MKD",  "RETR", "RMD", "RNFR",
                                                            "RNTO", "STOR", "STOU", "REST", "SIZE", "MDTM"};
constexpr std::array<std::string_view, 4> kGuestIds = {"anonymous", "ftp", "ftpuser", "guest"};

bool one_of(std::string_view s, std::span<const std::string_view> set) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}


// Reads a decimal number of at most `max`; advances `s`.
std::optional<unsigned> number(std::string_view& s, unsigned max) {
  unsigned v = 0;
  size_t n = 0;
  while (n < s.size() && n < 6 && std::isdigit(static_cast<unsigned char>(s[n]))) v = v * 10 + (s[n++] - '0');
  if (n == 0 || n == 6 || v > max) return std::nullopt;
  s.remove_prefix(n);
  return v;
}

}  // namespace

bool ftp_logged_command(std::string_view command) { return one_of(command, kLoggedCommands); }
bool ftp_file_command(std::string_view command) { return one_of(command, kFileCommands); }
bool ftp_guest_user(std::string_view user) {
  std::string lower(user);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return one_of(lower, kGuestIds);
}

namespace {

std::string url_host(const IpAddr& a) {  // Zeek's addr_to_uri: IPv6 in brackets
  std::string text = a.to_string();
  if (a.is_v4()) return text;
  std::string out(1, '[');
  out.append(text).push_back(']');
  return out;
}

}  // namespace

std::optional<std::pair<IpAddr, uint16_t>> parse_ftp_host_port(std::string_view s) {
  unsigned v[6];
  for (int i = 0; i < 6; ++i) {
    s = trim(s);
    auto n = number(s, 255);
    if (!n) return std::nullopt;
    v[i] = *n;
    s = trim(s);
    if (i < 5) {
      if (s.empty() || s.front() != ',') return std::nullopt;
      s.remove_prefix(1);
    }
  }
  uint16_t port = static_cast<uint16_t>(v[4] << 8 | v[5]);
  if (port == 0) return std::nullopt;
  return std::pair{IpAddr::v4(v[0] << 24 | v[1] << 16 | v[2] << 8 | v[3]), port};
}

std::optional<std::pair<IpAddr, uint16_t>> parse_ftp_eprt(std::string_view arg) {
  arg = trim(arg);
  if (arg.size() < 5) return std::nullopt;
  char d = arg.front();  // the delimiter: any printable character, '|' in practice
  if (!std::isprint(static_cast<unsigned char>(d)) || std::isalnum(static_cast<unsigned char>(d))) return std::nullopt;
  std::string_view fields[3];
  arg.remove_prefix(1);
  for (auto& f : fields) {
    size_t end = arg.find(d);
    if (end == std::string_view::npos) return std::nullopt;
    f = arg.substr(0, end);
    arg.remove_prefix(end + 1);
  }
  if (fields[0] != "1" && fields[0] != "2") return std::nullopt;
  auto address = IpAddr::parse(fields[1]);
  std::string_view p = fields[2];
  auto port = number(p, 65535);
  if (!address || address->is_v4() != (fields[0] == "1") || !port || !p.empty() || *port == 0) return std::nullopt;
  return std::pair{*address, static_cast<uint16_t>(*port)};
}

std::optional<uint16_t> parse_ftp_epsv(std::string_view reply) {
  size_t open = reply.find('(');
  if (open == std::string_view::npos || open + 5 > reply.size()) return std::nullopt;
  std::string_view s = reply.substr(open + 1);
  char d = s.front();
  if (s.size() < 4 || s[1] != d || s[2] != d) return std::nullopt;
  s.remove_prefix(3);
  auto port = number(s, 65535);
  if (!port || *port == 0 || s.empty() || s.front() != d) return std::nullopt;
  return static_cast<uint16_t>(*port);
}

std::string ftp_path(std::string_view cwd, std::string_view path) {
  std::string joined = path.starts_with('/') ? std::string(path) : std::string(cwd) + "/" + std::string(path);
  std::vector<std::string_view> parts;
  std::string_view rest = joined;
  bool absolute = rest.starts_with('/');
  while (!rest.empty()) {
    size_t slash = rest.find('/');
    std::string_view part = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
    if (part.empty() || part == ".") continue;
    if (part == ".." && !parts.empty() && parts.back() != "..") {
      parts.pop_back();
      continue;
    }
    if (part == ".." && absolute) continue;  // above the root is the root
    parts.push_back(part);
  }
  std::string out = absolute ? "/" : "";
  for (size_t i = 0; i < parts.size(); ++i) out.append(i ? "/" : "").append(parts[i]);
  return out;
}

class FtpAnalyzer::Side final : public HttpLineReader::Consumer {
 public:
  Side(FtpAnalyzer& a, bool is_orig) : a_(a), is_orig_(is_orig) {}
  void line(const HttpLineReader::Line& l) override {
    std::string_view text(reinterpret_cast<const char*>(l.bytes.data()), l.bytes.size());
    if (is_orig_) a_.command_line(text);
    else a_.reply_line(text);
  }
  void plain(std::span<const uint8_t>) override {}
  bool stopped() const override { return false; }

 private:
  FtpAnalyzer& a_;
  bool is_orig_;
};

void FtpAnalyzer::deliver(bool is_orig, Timestamp ts, std::span<const uint8_t> bytes) {
  if (lost_[is_orig ? 0 : 1] || starts_tls_) return;
  now_ = ts;
  delivered_ += bytes.size();
  Side side(*this, is_orig);
  lines_[is_orig ? 0 : 1].feed(bytes, side);
}

void FtpAnalyzer::gap(bool is_orig) { lost_[is_orig ? 0 : 1] = true; }

void FtpAnalyzer::command_line(std::string_view line) {
  line = trim(line);
  size_t space = line.find_first_of(" \t");
  std::string_view word = line.substr(0, space);
  // Zeek's is_ftp_cmd and FTP::max_command_length: anything else is ignored, line and all.
  if (word.size() < 3 || word.size() > kMaxCommand ||
      !std::all_of(word.begin(), word.end(), [](char c) { return std::isgraph(static_cast<unsigned char>(c)); }))
    return;
  confirmed_ = true;  // Zeek confirms FTP on the client's first valid command
  std::string command(word);
  for (char& c : command) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::string_view arg = space == std::string_view::npos ? std::string_view{} : trim(line.substr(space));
  if (command == "USER") user_ = std::string(arg.substr(0, kMaxUser));
  if (command == "PASS") password_ = std::string(arg.substr(0, kMaxPassword));
  bool announces = command == "PASV" || command == "EPSV" || command == "PORT" || command == "EPRT";
  if (announces) channel_.reset();  // a row shows the channel its own command announced, or none
  if (command == "PORT" || command == "EPRT") {
    auto target = command == "PORT" ? parse_ftp_host_port(arg) : parse_ftp_eprt(arg);
    if (target) announced_.push_back(*(channel_ = FtpDataChannel{false, server_, target->first, target->second}));
  }
  if (pending_.size() >= kMaxPending) return;  // Zeek's FTP_too_many_pending_commands: not queued
  pending_.push_back({now_, std::move(command), std::string(arg), std::nullopt, {}});
}

void FtpAnalyzer::reply_line(std::string_view line) {
  uint16_t code = 0;
  if (line.size() >= 3 && std::isdigit(static_cast<unsigned char>(line[0])) &&
      std::isdigit(static_cast<unsigned char>(line[1])) && std::isdigit(static_cast<unsigned char>(line[2])))
    code = static_cast<uint16_t>((line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0'));
  if (in_multiline_) {  // "123-" ... until "123 ": the lines between change nothing
    if (code != multiline_code_ || line.size() <= 3 || line[3] != ' ') return;
    in_multiline_ = false;
  } else if (code < 100 || (line.size() > 3 && line[3] != ' ' && line[3] != '-')) {
    // Zeek's "non-numeric reply code", "invalid reply code", "invalid reply line": not FTP after all.
    violation();
    return;
  } else if (line.size() > 3 && line[3] == '-') {
    in_multiline_ = true;
    multiline_code_ = code;
  }
  std::string_view msg = trim(line.substr(std::min<size_t>(4, line.size())));
  if (pending_.empty()) return;  // the greeting, or a reply nobody asked for
  Pending& p = pending_.front();
  p.reply_code = code;
  p.reply_msg = std::string(msg.substr(0, kMaxReply));
  if (code >= 200 && !in_multiline_) final_reply(p);
}

// Zeek's DPD removes an analyzer that violates its protocol, and with it the service, unless the
// violation comes after the first kViolationWindow bytes (DPD::ignore_violations_after).
void FtpAnalyzer::violation() {
  if (delivered_ > kViolationWindow) return;
  confirmed_ = false;
  lost_[0] = lost_[1] = true;
}

// What a final reply teaches: the working directory, a passive data channel; then the row.
void FtpAnalyzer::final_reply(Pending& p) {
  uint16_t code = *p.reply_code;
  if (code == 227 && p.command == "PASV") {
    size_t start = p.reply_msg.find('(');
    std::string_view numbers = std::string_view(p.reply_msg).substr(start == std::string::npos ? 0 : start + 1);
    while (!numbers.empty() && !std::isdigit(static_cast<unsigned char>(numbers.front()))) numbers.remove_prefix(1);
    numbers = numbers.substr(0, numbers.find_first_not_of("0123456789, "));
    if (auto target = parse_ftp_host_port(numbers))
      announced_.push_back(*(channel_ = FtpDataChannel{true, client_, target->first, target->second}));
  } else if (code == 229 && p.command == "EPSV") {
    if (auto port = parse_ftp_epsv(p.reply_msg)) announced_.push_back(*(channel_ = FtpDataChannel{true, client_, server_, *port}));
  } else if (code == 257 && (p.command == "PWD" || p.command == "XPWD")) {
    size_t open = p.reply_msg.find('"'), close = p.reply_msg.find('"', open + 1);
    if (open != std::string::npos && close != std::string::npos) cwd_ = p.reply_msg.substr(open + 1, close - open - 1);
  } else if (code == 250 && p.command == "CWD") {
    cwd_ = ftp_path(cwd_, p.arg);
  } else if (code == 234 && p.command == "AUTH" && p.arg == "TLS") {
    starts_tls_ = true;
  } else if ((code == 200 || code == 250) && p.command == "CDUP") {
    cwd_ = ftp_path(cwd_, "..");
  }
  if (cwd_.size() > kMaxArg) cwd_.resize(kMaxArg);  // CWD after CWD would otherwise grow it without end
  log(p);
  pending_.pop_front();
}

void FtpAnalyzer::log(Pending& p) {
  bool announces = p.command == "PASV" || p.command == "EPSV" || p.command == "PORT" || p.command == "EPRT";
  if (!ftp_logged_command(p.command)) return;
  FtpRecord r;
  r.id.ts = p.ts;
  r.user = user_;
  if (password_) r.password = ftp_guest_user(user_) ? *password_ : "<hidden>";
  r.command = p.command;
  std::string arg = p.arg;
  if (ftp_file_command(p.command)) {
    std::string path = ftp_path(cwd_, arg);
    arg = "ftp://" + url_host(server_) + (path.starts_with('/') ? "" : "/") + path;
  }
  if (!arg.empty()) r.arg = arg.substr(0, kMaxArg);
  r.reply_code = p.reply_code;
  if (p.reply_code) r.reply_msg = p.reply_msg;
  if (announces && channel_) r.data_channel = channel_;
  records_.push_back(std::move(r));
}

void FtpAnalyzer::finish() {
  for (int side = 0; side < 2; ++side) {
    Side s(*this, side == 0);
    if (!lost_[side]) lines_[side].end_of_stream(s);
  }
  while (!pending_.empty()) {
    log(pending_.front());
    pending_.pop_front();
  }
}

}  // namespace vigil
