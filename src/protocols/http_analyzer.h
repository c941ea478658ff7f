// HttpAnalyzer: the HTTP/1.x requests and replies of one TCP connection, paired into http.log rows.
//
// The protocol side follows Zeek's HTTP analyzer (src/analyzer/protocol/http/HTTP.cc): each direction is
// cut into lines and raw runs (HttpLineReader), a request line starts a request message and a status line
// a reply message (HttpMessage), and replies are matched with the requests still unanswered, oldest
// first, to know whether a reply may have a body (not after HEAD). HTTP/0.9 replies are raw bytes up to
// the end of the connection; after "CONNECT" is answered with 200, or a 101 switches protocols, the
// connection is no longer HTTP. Bytes lost inside a body of known size are counted and skipped; lost
// anywhere else, they end the analysis of that direction (of both, for the originator), as in Zeek.
// A line that is neither a request nor a status line where one is due is a protocol violation: it ends
// that direction, and once the connection was confirmed as HTTP (in its first 10 KiB) the whole analysis,
// which also withdraws the confirmation (Zeek's DPD framework removes the analyzer and the service).
// The logging side (which row a message belongs to, when a row is complete) is HttpTransactions.
//
// Input is attacker-written: lines are bounded, bodies are counted and never stored (only their first
// bytes, for the MIME type), and the table of open rows is bounded.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/app_records.h"
#include "core/timestamp.h"
#include "protocols/http_line.h"
#include "protocols/http_line_reader.h"
#include "protocols/http_message.h"
#include "protocols/http_transactions.h"

namespace vigil {

// Whether the originator's first data segment opens an HTTP request: a request line naming HTTP
// ("... HTTP/"), or a known method followed by a space or the end of the line (HTTP/0.9). A first line
// that names another protocol ("RTSP/1.0", "SIP/2.0") is not HTTP.
bool looks_like_http_request(std::span<const uint8_t> first_orig_payload);

class HttpAnalyzer final : private HttpMessage::Context {
 public:
  // Requests waiting for their reply are remembered up to this many (Zeek keeps them all).
  static constexpr size_t kMaxUnanswered = 1024;
  // Violations further into the connection than this leave the analyzer in place
  // (DPD::ignore_violations_after).
  static constexpr uint64_t kViolationWindow = 10 * 1024;

  HttpAnalyzer() = default;
  HttpAnalyzer(const HttpAnalyzer&) = delete;
  HttpAnalyzer& operator=(const HttpAnalyzer&) = delete;

  // The next in-order bytes of one direction; `ts` is the time of the packet that carried them.
  void deliver(bool is_orig, Timestamp ts, std::span<const uint8_t> bytes);
  // `len` bytes of one direction will never be delivered.
  void gap(bool is_orig, uint64_t len);
  // The connection ended: partial lines and open messages end, and open rows are logged.
  void finish();

  // Nothing more can be learnt from further bytes.
  bool done() const;
  // Zeek's analyzer confirmation (conn.log service "http"): a request line was parsed, and no violation
  // removed the analyzer since.
  bool confirmed() const { return confirmed_; }
  std::vector<HttpRecord> take_records() { return rows_.take(); }

 private:
  enum class RequestState : uint8_t { kLine, kMessage, kNothing };
  enum class ReplyState : uint8_t { kLine, kMessage, kNothing, kHttp09 };
  struct Side {
    HttpLineReader reader;
    std::optional<HttpMessage> message;
    bool skipping = false;  // bytes were lost outside a body: the direction is no longer read
  };
  class Feed;  // a direction's HttpLineReader::Consumer

  void request_line(const HttpLineReader::Line& line);
  void reply_line(const HttpLineReader::Line& line);
  void start_request(RequestLine r);
  void expect_http09_reply();
  void http09_reply(std::span<const uint8_t> bytes);
  void message_line(bool is_orig, const HttpLineReader::Line& line);
  void message_plain(bool is_orig, std::span<const uint8_t> bytes);
  void message_ended(bool is_orig);
  void request_made(bool interrupted);
  void reply_made(bool interrupted);
  void end_of_stream(bool is_orig);
  void set_version(HttpVersion& v, HttpVersion seen);
  HttpMessage::ExpectBody reply_expects_body() const;
  bool stopped(bool is_orig) const;
  void settle_violation();
  Side& side(bool is_orig) { return is_orig ? orig_ : resp_; }

  // HttpMessage::Context
  void header(bool is_orig, const HttpHeader& h) override;
  bool chunked_allowed() const override;
  bool partial_content() const override { return reply_code_ == 206; }
  bool connection_close() const override { return connection_close_; }

  Side orig_, resp_;
  RequestState request_state_ = RequestState::kLine;
  ReplyState reply_state_ = ReplyState::kLine;
  bool request_ongoing_ = false;
  bool reply_ongoing_ = false;
  uint64_t num_requests_ = 0;
  bool keep_alive_ = false;
  bool connection_close_ = false;
  HttpVersion request_version_, reply_version_;
  uint16_t reply_code_ = 0;
  std::deque<bool> unanswered_;  // requests without a final reply, oldest first: was it HEAD?
  bool connect_request_ = false;
  bool tunneled_ = false;  // CONNECT succeeded: the rest is another protocol
  bool upgrade_connection_ = false;
  bool upgrade_protocol_ = false;
  bool upgraded_ = false;  // 101 Switching Protocols
  bool confirmed_ = false;
  bool violation_ = false;   // seen while handling the current delivery; acted on after it
  bool removed_ = false;     // a violation after confirmation removed the analyzer
  uint64_t seen_bytes_ = 0;  // both directions, lost bytes included
  bool finished_ = false;
  Timestamp now_;
  HttpTransactions rows_;
};

}  // namespace vigil
