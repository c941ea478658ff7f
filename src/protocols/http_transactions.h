// HttpTransactions: how Zeek's HTTP scripts (base/protocols/http/main.zeek, entities.zeek) turn the HTTP
// analyzer's events into http.log rows.
//
// Rows wait in a table keyed by a request counter and a response counter, which pair the n-th reply with
// the n-th request (pipelining). A reply completes its row unless it is informational (1xx): those keep
// the row open for the final reply, remembering their code in info_code. A reply with no request gets a
// row of its own; a request never answered is logged when the connection ends. Every row created takes
// the next trans_depth, even one created by a late event after its transaction was logged (Zeek's
// behaviour, visible in its HTTP/0.9 baselines). Past kMaxPendingRequests unanswered requests the table
// is flushed, as in Zeek; vigil also flushes when the open rows hold more than kMaxPendingBytes of text
// (long URIs and headers), so a connection's memory stays bounded.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/app_records.h"
#include "core/timestamp.h"

namespace vigil {

class HttpTransactions {
 public:
  static constexpr size_t kMaxPendingRequests = 100;  // HTTP::max_pending_requests
  static constexpr size_t kMaxMimeTypes = 15;         // HTTP::max_files_orig / max_files_resp
  static constexpr size_t kMaxPendingBytes = 4 << 20;

  void request(Timestamp ts, std::string method, std::string uri);
  void reply(Timestamp ts, std::string version, uint16_t code, std::string reason);
  void header(Timestamp ts, bool is_orig, std::string_view name_upper, std::string_view value);
  void mime_type(Timestamp ts, bool is_orig, std::string type);
  void message_done(Timestamp ts, bool is_orig, uint64_t body_length);
  // The connection ended: every open row is logged (finalize_http).
  void finish();

  std::vector<HttpRecord> take() { return std::exchange(out_, {}); }

 private:
  HttpRecord& row_for(Timestamp ts, bool is_orig);  // Zeek's set_state
  void flush_pending();
  size_t pending_bytes() const;

  std::map<uint64_t, HttpRecord> pending_;
  uint64_t current_request_ = 0;
  uint64_t current_response_ = 0;
  uint32_t trans_depth_ = 0;
  std::vector<HttpRecord> out_;
};

}  // namespace vigil
