// HttpBodyFacts and HttpBodySink: Zeek's HTTP_Entity::SubmitHeader rules and body_length accounting.
#include "protocols/http_body.h"

#include <algorithm>
#include <limits>

#include "protocols/http_mime.h"

namespace vigil {

void HttpBodyFacts::note(const HttpHeader& h, bool chunked_allowed, bool partial_content) {
  std::string_view name = h.name;
  std::string_view token = header_value_token(h.value);
  if (equals_ignoring_case(name, "content-length")) {
    note_content_length(token);
  } else if (equals_ignoring_case(name, "content-range")) {
    if (partial_content) note_content_range(h.value);
  } else if (equals_ignoring_case(name, "transfer-encoding")) {
    if (equals_ignoring_case(token, "chunked") && chunked_allowed) chunked = true;
  } else if (equals_ignoring_case(name, "content-encoding")) {
    if (equals_ignoring_case(token, "gzip") || equals_ignoring_case(token, "x-gzip")) encoding = Encoding::kGzip;
    if (equals_ignoring_case(token, "deflate")) encoding = Encoding::kDeflate;
  } else if (equals_ignoring_case(name, "content-type")) {
    multipart_boundary = vigil::multipart_boundary(h.value);
    message_type = is_message_type(h.value);
  }
}

void HttpBodyFacts::note_content_length(std::string_view token) {
  if (token.empty()) return;
  LenientInt n = parse_lenient_int(token, 10);
  // Not a number, negative, or beyond int64 (Zeek's weirds for request smuggling attempts): no body.
  content_length = n.ok && !n.overflow && n.value >= 0 ? n.value : 0;
  if (partial && range_length != content_length) content_length = std::max(content_length, range_length);
}

// "bytes FIRST-LAST/TOTAL": the range's length, when it is positive.
void HttpBodyFacts::note_content_range(std::string_view value) {
  if (header_value_token(value) != "bytes") return;
  std::string range;
  for (char c : header_value_after_token(value))
    if (c != ' ') range += c;
  size_t slash = range.find('/');
  if (slash == std::string::npos) return;
  std::string_view spec = std::string_view(range).substr(0, slash);
  size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return;
  LenientInt first = parse_lenient_int(spec.substr(0, dash), 10);
  LenientInt last = parse_lenient_int(spec.substr(dash + 1), 10);
  if (!first.ok || !last.ok || first.overflow || last.overflow) return;
  // FIRST has no sign (the first '-' ends it), so LAST - FIRST cannot overflow; the + 1 can.
  if (last.value < first.value || last.value - first.value == std::numeric_limits<int64_t>::max()) return;
  partial = true;
  range_length = last.value - first.value + 1;
  range_first = first.value;
  std::string_view instance = std::string_view(range).substr(slash + 1);
  if (instance != "*") {
    LenientInt total = parse_lenient_int(instance, 10);
    instance_length = total.ok && !total.overflow ? total.value : 0;
  }
  if (content_length > 0) content_length = std::max(content_length, range_length);
  else content_length = range_length;
}

HttpBodySink::HttpBodySink(HttpBodyFacts::Encoding encoding, bool sniff) : sniff_(sniff) {
  if (encoding != HttpBodyFacts::Encoding::kIdentity) inflater_ = std::make_unique<HttpInflater>();
}

void HttpBodySink::data(std::span<const uint8_t> bytes) {
  if (!inflater_) {
    clear(bytes);
    return;
  }
  inflater_->feed(bytes, [this](std::span<const uint8_t> decoded) { clear(decoded); });
}

void HttpBodySink::line(std::span<const uint8_t> kept, uint64_t length) {
  if (inflater_) {  // the line's own bytes go to the decoder; the line break is not counted
    data(kept);
    return;
  }
  static constexpr uint8_t kCrlf[] = {'\r', '\n'};
  length_ += length + 2;
  keep(kept);
  keep(kCrlf);
}

void HttpBodySink::gap(uint64_t length) {
  length_ += length;
  if (inflater_) inflater_->stop();
  sniff();  // Zeek types a file from what it has when bytes go missing
}

void HttpBodySink::end(bool whole_file) {
  if (whole_file) sniff();
}

void HttpBodySink::clear(std::span<const uint8_t> bytes) {
  length_ += bytes.size();
  keep(bytes);
}

void HttpBodySink::keep(std::span<const uint8_t> bytes) {
  if (!sniff_ || sniffed_) return;
  size_t room = kMimeSniffBytes - head_.size();
  head_.insert(head_.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(std::min(room, bytes.size())));
  if (head_.size() == kMimeSniffBytes) sniff();
}

void HttpBodySink::sniff() {
  if (!sniff_ || sniffed_) return;
  sniffed_ = true;
  if (auto type = sniff_mime_type(head_)) mime_type_ = std::string(*type);
  head_ = {};
}

}  // namespace vigil
