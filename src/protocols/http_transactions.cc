// HttpTransactions: the event handlers of Zeek's HTTP scripts, one method each.
#include "protocols/http_transactions.h"

#include "protocols/http_head.h"

namespace vigil {
namespace {

bool informational(const std::optional<uint16_t>& code) { return code && *code >= 100 && *code <= 199; }

}  // namespace

HttpRecord& HttpTransactions::row_for(Timestamp ts, bool is_orig) {
  uint64_t key = is_orig ? current_request_ : current_response_;
  auto it = pending_.find(key);
  if (it != pending_.end()) return it->second;
  HttpRecord r;
  r.id.ts = ts;
  r.trans_depth = ++trans_depth_;
  return pending_.emplace(key, std::move(r)).first->second;
}

void HttpTransactions::request(Timestamp ts, std::string method, std::string uri) {
  if (current_request_ < current_response_) current_request_ = current_response_;  // replies ran ahead
  if (pending_.size() > kMaxPendingRequests || pending_bytes() > kMaxPendingBytes) flush_pending();
  ++current_request_;
  HttpRecord& r = row_for(ts, true);
  r.method = std::move(method);
  r.uri = std::move(uri);
}

// Logs what waits up to the newest request, to make room (HTTP_excessive_pipelining).
void HttpTransactions::flush_pending() {
  if (current_response_ == 0) ++current_response_;
  for (; current_response_ < current_request_; ++current_response_) {
    auto it = pending_.find(current_response_);
    if (it == pending_.end()) continue;
    out_.push_back(std::move(it->second));
    pending_.erase(it);
  }
}

size_t HttpTransactions::pending_bytes() const {
  auto size = [](const std::optional<std::string>& s) { return s ? s->size() : 0; };
  size_t total = 0;
  for (const auto& [key, r] : pending_) {
    total += size(r.method) + size(r.uri) + size(r.host) + size(r.referrer) + size(r.user_agent) + size(r.origin) +
             size(r.username) + size(r.status_msg);
    for (const std::string& p : r.proxied) total += p.size();
  }
  return total;
}

void HttpTransactions::reply(Timestamp ts, std::string version, uint16_t code, std::string reason) {
  auto it = pending_.find(current_response_);
  // A final reply after an informational one completes the same row.
  if (it == pending_.end() || (it->second.status_code && !informational(it->second.status_code))) ++current_response_;
  HttpRecord& r = row_for(ts, false);
  r.status_code = code;
  r.status_msg = reason;
  r.version = std::move(version);
  if (informational(code)) {
    r.info_code = code;
    r.info_msg = std::move(reason);
  }
}

void HttpTransactions::header(Timestamp ts, bool is_orig, std::string_view name_upper, std::string_view value) {
  HttpRecord& r = row_for(ts, is_orig);
  if (is_orig) apply_request_header(r, name_upper, value);
}

void HttpTransactions::mime_type(Timestamp ts, bool is_orig, std::string type) {
  HttpRecord& r = row_for(ts, is_orig);
  std::vector<std::string>& types = is_orig ? r.orig_mime_types : r.resp_mime_types;
  if (types.size() < kMaxMimeTypes) types.push_back(std::move(type));
}

void HttpTransactions::message_done(Timestamp ts, bool is_orig, uint64_t body_length) {
  HttpRecord& r = row_for(ts, is_orig);
  if (is_orig) {
    r.request_body_len = body_length;
    return;
  }
  r.response_body_len = body_length;
  if (informational(r.status_code)) return;  // the final reply is still to come
  out_.push_back(std::move(r));
  pending_.erase(current_response_);
}

void HttpTransactions::finish() {
  for (auto& [key, r] : pending_)
    if (key != 0) out_.push_back(std::move(r));  // Zeek never uses the row at index 0
  pending_.clear();
}

}  // namespace vigil
