// TlsRecordFramer: header bytes, then body bytes (kept or counted), then the record.
#include "protocols/tls_record_framer.h"

#include <algorithm>

namespace vigil {

void TlsRecordFramer::feed(std::span<const uint8_t> bytes, Handler& handler) {
  while (!stopped_ && !bytes.empty()) {
    if (!in_body_) {
      size_t n = std::min(kHeaderSize - head_have_, bytes.size());
      std::copy_n(bytes.begin(), n, head_.begin() + static_cast<std::ptrdiff_t>(head_have_));
      head_have_ += n;
      bytes = bytes.subspan(n);
      if (head_have_ < kHeaderSize) return;
      std::optional<Framing> framing = handler.record_header(head_);
      if (!framing) {
        stopped_ = true;
        return;
      }
      framing_ = *framing;
      in_body_ = true;
      body_have_ = 0;
      body_.clear();
    }
    size_t n = std::min(framing_.body_length - body_have_, bytes.size());
    if (framing_.keep_body) body_.insert(body_.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
    body_have_ += n;
    bytes = bytes.subspan(n);
    if (body_have_ == framing_.body_length && !finish_record(handler)) stopped_ = true;
  }
}

bool TlsRecordFramer::finish_record(Handler& handler) {
  in_body_ = false;
  head_have_ = 0;
  bool go_on = handler.record(head_, body_);
  body_.clear();
  return go_on;
}

}  // namespace vigil
