// HttpAnalyzer: Zeek's HTTP_Analyzer request/reply state machine, feeding HttpTransactions.
#include "protocols/http_analyzer.h"

#include <algorithm>
#include <string_view>

namespace vigil {
namespace {

constexpr HttpVersion kHttp09{0, 9};
constexpr HttpVersion kHttp11{1, 1};
constexpr size_t kMaxSniffedLine = 16 * 1024;

std::string_view as_text(std::span<const uint8_t> bytes) {
  return std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

// Zeek compares a method with strncasecmp over the method's own length, so "HE" counts as HEAD.
bool abbreviates(std::string_view method, std::string_view full) {
  return !method.empty() && method.size() <= full.size() && equals_ignoring_case(method, full.substr(0, method.size()));
}

// "RTSP/1.0", "SIP/2.0": a protocol name and version as the last word of a line.
bool names_other_protocol(std::string_view line) {
  size_t space = line.find_last_of(' ');
  std::string_view word = space == std::string_view::npos ? line : line.substr(space + 1);
  size_t slash = word.find('/');
  if (slash == 0 || slash == std::string_view::npos || word.size() != slash + 4) return false;
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  return std::all_of(word.begin(), word.begin() + static_cast<std::ptrdiff_t>(slash),
                     [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }) &&
         digit(word[slash + 1]) && word[slash + 2] == '.' && digit(word[slash + 3]);
}

bool is_known_method(std::string_view token) {
  static constexpr std::string_view kMethods[] = {
      "GET",   "POST", "HEAD", "PUT",  "DELETE", "OPTIONS", "TRACE",  "CONNECT",   "PATCH", "PROPFIND", "PROPPATCH",
      "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "POLL",    "REPORT", "SUBSCRIBE", "BMOVE", "SEARCH",   "QUERY"};
  return std::find(std::begin(kMethods), std::end(kMethods), token) != std::end(kMethods);
}

bool is_method_prefix(std::string_view s) {
  for (std::string_view m : {"GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS"})
    if (s.size() < m.size() && m.substr(0, s.size()) == s) return true;
  return false;
}

}  // namespace

bool looks_like_http_request(std::span<const uint8_t> payload) {
  std::string_view text = as_text(payload.first(std::min(payload.size(), kMaxSniffedLine)));
  size_t start = text.find_first_not_of("\r\n");  // Zeek skips empty lines before a request
  if (start == std::string_view::npos) return false;
  text = text.substr(start);
  std::string_view line = text.substr(0, text.find_first_of("\r\n"));
  if (line.find("HTTP/") != std::string_view::npos) return true;
  if (names_other_protocol(line)) return false;
  size_t end_of_method = line.find_first_of(" \t");
  if (is_known_method(line.substr(0, end_of_method))) return true;
  // A segment that stops inside the method ("G", then "ET / HTTP/1.0"): Zeek's signatures see the
  // stream, not the segment, so a client that sends its request byte by byte is still recognised.
  bool whole_segment = line.size() == text.size() && end_of_method == std::string_view::npos;
  return whole_segment && is_method_prefix(line);
}

// Hands a direction's lines and raw runs to the analyzer.
class HttpAnalyzer::Feed final : public HttpLineReader::Consumer {
 public:
  Feed(HttpAnalyzer& a, bool is_orig) : a_(a), is_orig_(is_orig) {}
  void line(const HttpLineReader::Line& line) override {
    if (is_orig_) a_.request_line(line);
    else a_.reply_line(line);
  }
  void plain(std::span<const uint8_t> bytes) override { a_.message_plain(is_orig_, bytes); }
  bool stopped() const override { return a_.stopped(is_orig_); }

 private:
  HttpAnalyzer& a_;
  bool is_orig_;
};

void HttpAnalyzer::deliver(bool is_orig, Timestamp ts, std::span<const uint8_t> bytes) {
  if (finished_ || bytes.empty() || upgraded_ || tunneled_ || removed_) return;
  now_ = ts;
  seen_bytes_ += bytes.size();
  if (!is_orig && reply_state_ == ReplyState::kHttp09) {
    http09_reply(bytes);
    return;
  }
  Feed feed(*this, is_orig);
  side(is_orig).reader.feed(bytes, feed);
  if (violation_) settle_violation();
}

// Zeek acts on a violation once the packet is processed: a confirmed analyzer is removed, which ends its
// open messages; the rows already begun stay and are logged when the connection ends.
void HttpAnalyzer::settle_violation() {
  violation_ = false;
  if (!confirmed_ || seen_bytes_ > kViolationWindow) return;
  removed_ = true;
  confirmed_ = false;
  request_made(true);
  reply_made(true);
}

void HttpAnalyzer::gap(bool is_orig, uint64_t len) {
  if (finished_ || len == 0 || upgraded_ || tunneled_ || removed_) return;
  seen_bytes_ += len;
  Side& s = side(is_orig);
  if (s.skipping) return;
  if (s.message) {
    HttpMessage::Gap g = s.message->gap(len, s.reader);
    if (g == HttpMessage::Gap::kSkippedToEnd) message_ended(is_orig);
    if (g != HttpMessage::Gap::kNotInBody) return;
  }
  // Outside a body the framing is lost. Without the requests, replies cannot be framed either.
  if (is_orig) request_made(true);
  reply_made(true);
  s.skipping = true;
}

void HttpAnalyzer::finish() {
  if (finished_) return;
  // The server's end first: an HTTP/0.9 server closes before its client does.
  end_of_stream(false);
  end_of_stream(true);
  request_made(true);
  reply_made(true);
  rows_.finish();
  finished_ = true;
}

bool HttpAnalyzer::done() const {
  bool requests_over = orig_.skipping || request_state_ == RequestState::kNothing;
  bool replies_over = resp_.skipping || reply_state_ == ReplyState::kNothing;
  return finished_ || upgraded_ || tunneled_ || removed_ || (requests_over && replies_over);
}

bool HttpAnalyzer::stopped(bool is_orig) const {
  if (upgraded_ || tunneled_ || removed_ || (is_orig ? orig_ : resp_).skipping) return true;
  return is_orig ? request_state_ == RequestState::kNothing : reply_state_ == ReplyState::kNothing;
}

void HttpAnalyzer::request_line(const HttpLineReader::Line& line) {
  if (request_state_ == RequestState::kMessage) {
    message_line(true, line);
    return;
  }
  if (request_state_ != RequestState::kLine) return;
  if (std::optional<RequestLine> r = parse_request_line(line.bytes)) {
    if (r->version) set_version(request_version_, *r->version);
    // HTTP/0.9 has only GET: without a three-letter method and a URI it is probably not HTTP at all.
    bool plausible = request_version_ != kHttp09 || (r->method.size() >= 3 && !r->uri.empty());
    if (plausible) {
      start_request(std::move(*r));
      return;
    }
  }
  // Garbage where a request should start ends the analysis of requests, unless requests are not
  // expected any more (crud after the single request of a non-persistent connection) or the line is empty.
  bool request_expected = num_requests_ == 0 || keep_alive_;
  if (request_expected && line.length != 0) {
    request_state_ = RequestState::kNothing;
    violation_ = true;
  }
}

void HttpAnalyzer::start_request(RequestLine r) {
  ++num_requests_;
  request_state_ = RequestState::kMessage;
  request_ongoing_ = true;
  unanswered_.push_back(abbreviates(r.method, "HEAD"));
  if (unanswered_.size() > kMaxUnanswered) unanswered_.pop_front();
  confirmed_ = true;
  if (abbreviates(r.method, "CONNECT")) connect_request_ = true;
  rows_.request(now_, std::move(r.method), unescape_uri(r.uri));
  orig_.message.emplace(true, HttpMessage::ExpectBody::kMaybe);
  if (request_version_ == kHttp09) expect_http09_reply();
}

// The reply to an HTTP/0.9 request will be raw bytes. A reply message still open is ended first, and a new
// one will be started for the raw bytes (Zeek's "http_09_reply_before_request").
void HttpAnalyzer::expect_http09_reply() {
  if (resp_.message) {
    if (!resp_.message->ended()) {
      resp_.message->end(resp_.reader, *this);
      message_ended(false);
    }
    resp_.message.reset();
  }
  reply_state_ = ReplyState::kHttp09;
}

void HttpAnalyzer::reply_line(const HttpLineReader::Line& line) {
  if (reply_state_ == ReplyState::kMessage) {
    message_line(false, line);
    // After "200" to CONNECT, what follows the reply's header is the tunnelled protocol.
    if (connect_request_ && line.length == 0) tunneled_ = true;
    return;
  }
  if (reply_state_ != ReplyState::kLine) return;
  std::optional<StatusLine> s = parse_status_line(line.bytes);
  if (!s) {
    if (line.length != 0) {
      reply_state_ = ReplyState::kNothing;
      violation_ = true;
    }
    return;
  }
  set_version(reply_version_, s->version);
  if (!unanswered_.empty()) confirmed_ = true;
  reply_state_ = ReplyState::kMessage;
  reply_ongoing_ = true;
  reply_code_ = s->code;
  rows_.reply(now_, reply_version_.text(), reply_code_, s->reason ? std::move(*s->reason) : "<empty>");
  if (connect_request_ && reply_code_ != 200) connect_request_ = false;
  resp_.message.emplace(false, reply_expects_body());
}

// An HTTP/0.9 reply has no status line and no header: all the server sends, up to the end, is its body.
void HttpAnalyzer::http09_reply(std::span<const uint8_t> bytes) {
  if (!resp_.message) {
    set_version(reply_version_, kHttp09);
    if (!unanswered_.empty()) {
      confirmed_ = true;
      unanswered_.pop_front();
    }
    connection_close_ = true;
    reply_ongoing_ = true;
    rows_.reply(now_, reply_version_.text(), reply_code_, "<empty>");
    resp_.message.emplace(false, reply_expects_body());
    if (resp_.message->line(HttpLineReader::Line{}, resp_.reader, *this)) message_ended(false);
  }
  if (resp_.message->plain(bytes, resp_.reader)) message_ended(false);
}

void HttpAnalyzer::message_line(bool is_orig, const HttpLineReader::Line& line) {
  Side& s = side(is_orig);
  if (s.message && s.message->line(line, s.reader, *this)) message_ended(is_orig);
}

void HttpAnalyzer::message_plain(bool is_orig, std::span<const uint8_t> bytes) {
  Side& s = side(is_orig);
  if (s.message && s.message->plain(bytes, s.reader)) message_ended(is_orig);
}

// Zeek's http_message_done event (with the file_sniff event before it), then RequestMade / ReplyMade.
void HttpAnalyzer::message_ended(bool is_orig) {
  const HttpMessage& m = *side(is_orig).message;
  if (auto type = m.mime_type()) rows_.mime_type(now_, is_orig, std::move(*type));
  rows_.message_done(now_, is_orig, m.body_length());
  if (is_orig) request_made(false);
  else reply_made(false);
}

void HttpAnalyzer::request_made(bool interrupted) {
  if (!request_ongoing_) return;
  request_ongoing_ = false;
  if (orig_.message && !orig_.message->ended()) {
    orig_.message->end(orig_.reader, *this);
    message_ended(true);  // re-enters here, but no longer ongoing
  }
  request_state_ = interrupted ? RequestState::kNothing : RequestState::kLine;
}

void HttpAnalyzer::reply_made(bool interrupted) {
  if (!reply_ongoing_) return;
  reply_ongoing_ = false;
  if (resp_.message && !resp_.message->ended()) {
    resp_.message->end(resp_.reader, *this);
    message_ended(false);
  }
  bool informational = reply_code_ >= 100 && reply_code_ < 200;
  if (!informational && !unanswered_.empty()) unanswered_.pop_front();
  // A 101 with "Connection: upgrade" and an Upgrade protocol switches the connection away from HTTP.
  if (reply_code_ == 101 && unanswered_.size() == 1 && upgrade_connection_ && upgrade_protocol_) upgraded_ = true;
  reply_code_ = 0;
  upgrade_connection_ = false;
  upgrade_protocol_ = false;
  reply_state_ = interrupted || upgraded_ ? ReplyState::kNothing : ReplyState::kLine;
}

void HttpAnalyzer::end_of_stream(bool is_orig) {
  Side& s = side(is_orig);
  bool raw_http09 = !is_orig && reply_state_ == ReplyState::kHttp09;
  if (!upgraded_ && !tunneled_ && !removed_ && !s.skipping && !raw_http09) {
    Feed feed(*this, is_orig);
    s.reader.end_of_stream(feed);
  }
  if (is_orig) request_made(false);
  else reply_made(false);
}

// Zeek keeps the last version seen; HTTP/1.1 or later on either side makes the connection persistent.
void HttpAnalyzer::set_version(HttpVersion& v, HttpVersion seen) {
  v = seen;
  if (v.persistent()) keep_alive_ = true;
}

HttpMessage::ExpectBody HttpAnalyzer::reply_expects_body() const {
  if (!unanswered_.empty() && unanswered_.front()) return HttpMessage::ExpectBody::kNo;  // a reply to HEAD
  bool informational = reply_code_ >= 100 && reply_code_ < 200;
  if (informational || reply_code_ == 204 || reply_code_ == 304) return HttpMessage::ExpectBody::kNo;
  return HttpMessage::ExpectBody::kYes;
}

void HttpAnalyzer::header(bool is_orig, const HttpHeader& h) {
  std::string_view token = header_value_token(h.value);
  if (equals_ignoring_case(h.name, "connection")) {
    // Only the client's keep-alive is believed; only the server's close and upgrade matter.
    if (is_orig && equals_ignoring_case(token, "keep-alive")) keep_alive_ = true;
    if (!is_orig && equals_ignoring_case(token, "close")) connection_close_ = true;
    if (!is_orig && equals_ignoring_case(token, "upgrade")) upgrade_connection_ = true;
  }
  if (!is_orig && equals_ignoring_case(h.name, "upgrade")) upgrade_protocol_ = !token.empty();
  rows_.header(now_, is_orig, upper_case(h.name), h.value);
}

bool HttpAnalyzer::chunked_allowed() const { return (request_ongoing_ ? request_version_ : reply_version_) == kHttp11; }

}  // namespace vigil
