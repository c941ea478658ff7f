// HttpTransactions: how Zeek's HTTP scripts (base/protocols/http/main.zeek, entities.zeek) turn the HTTP
// analyzer's events into http.log rows.
//
// Rows wait in a table keyed by a request counter and a response counter, which pair the n-th reply with
// the n-th request (pipelining). A reply completes its row unless it is informational (1xx): those keep
// the row open for the final reply, remembering their code in info_code. A reply with no request gets a
// row of its own; a request never answered is logged when the connection ends. Every row created takes
// the next trans_depth, even one created by a late event after its transaction was logged (Zeek's
// behaviour, visible in its HTTP/0.9 baselines). Past kMaxPendingRequests unanswered requests the table
// is flushed, which also bounds the memory a connection can hold.
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

  std::map<uint64_t, HttpRecord> pending_;
  uint64_t current_request_ = 0;
  uint64_t current_response_ = 0;
  uint32_t trans_depth_ = 0;
  std::vector<HttpRecord> out_;
};

}  // namespace vigil
