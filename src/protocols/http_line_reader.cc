// HttpLineReader: the line and plain-delivery rules of Zeek's ContentLine analyzer, bounded.
#include "protocols/http_line_reader.h"

#include <algorithm>
#include <cstring>

namespace vigil {
namespace {

// The offset of the first CR or LF at or after `from`, or the size: two memchr scans (vectorised) rather
// than a loop over every byte, since bodies read as lines (chunked, until close) can be long.
size_t next_line_end(std::span<const uint8_t> bytes, size_t from) {
  const uint8_t* begin = bytes.data() + from;
  size_t n = bytes.size() - from;
  const void* lf = n ? std::memchr(begin, '\n', n) : nullptr;
  size_t until = lf ? static_cast<size_t>(static_cast<const uint8_t*>(lf) - begin) : n;
  const void* cr = until ? std::memchr(begin, '\r', until) : nullptr;
  if (cr) until = static_cast<size_t>(static_cast<const uint8_t*>(cr) - begin);
  return from + until;
}

}  // namespace

void HttpLineReader::feed(std::span<const uint8_t> bytes, Consumer& consumer) {
  while (!bytes.empty() && !consumer.stopped()) {
    delivery_fresh_ = false;
    size_t n = step(bytes, consumer);
    bytes = bytes.subspan(n);
    count_delivered(n, consumer);
  }
}

void HttpLineReader::end_of_stream(Consumer& consumer) {
  static constexpr uint8_t kLf[] = {'\n'};
  if (length_ > 0) feed(kLf, consumer);
}

void HttpLineReader::set_delivery_size(int64_t n) {
  delivery_ = n;
  delivery_fresh_ = true;
}

// One unit of work: a swallowed LF, a run of plain bytes, or the scan for one line end.
size_t HttpLineReader::step(std::span<const uint8_t> bytes, Consumer& consumer) {
  if (!crlf_only_ && last_char_ == '\r' && bytes[0] == '\n') {
    last_char_ = '\n';  // the LF of a CRLF split across deliveries
    return 1;
  }
  if (plain_ > 0) {
    size_t n = static_cast<size_t>(std::min<int64_t>(plain_, static_cast<int64_t>(bytes.size())));
    last_char_ = 0;
    plain_ -= static_cast<int64_t>(n);
    consumer.plain(bytes.first(n));
    return n;
  }
  size_t limit = bytes.size();
  if (delivery_ > 0) limit = static_cast<size_t>(std::min<int64_t>(delivery_, static_cast<int64_t>(limit)));
  return scan_line(bytes.first(limit), consumer);
}

// Appends bytes to the current line up to its end; returns how many bytes were used.
size_t HttpLineReader::scan_line(std::span<const uint8_t> bytes, Consumer& consumer) {
  for (size_t i = 0; i < bytes.size(); ++i) {
    size_t run = next_line_end(bytes, i);  // bytes before it join the line in one step
    if (run > i) {
      append_run(bytes.subspan(i, run - i));
      i = run;
      if (i == bytes.size()) break;
    }
    uint8_t c = bytes[i];
    if (c == '\r') {
      if (i + 1 < bytes.size() && bytes[i + 1] == '\n') {
        last_char_ = '\n';
        emit(consumer);
        return i + 2;
      }
      if (!crlf_only_) {
        last_char_ = '\r';
        emit(consumer);
        return i + 1;
      }
    } else if (c == '\n') {
      if (last_char_ == '\r') {  // only in CRLF-only mode, where the CR was kept in the line
        last_char_ = '\n';
        if (length_ == 0) continue;
        drop_last();
        emit(consumer);
        return i + 1;
      }
      if (!crlf_only_) {
        last_char_ = '\n';
        emit(consumer);
        return i + 1;
      }
    }
    append(c);
    last_char_ = c;
  }
  return bytes.size();
}

void HttpLineReader::count_delivered(size_t n, Consumer& consumer) {
  if (delivery_fresh_) {
    delivery_fresh_ = false;
    return;
  }
  if (delivery_ <= 0) return;
  delivery_ -= std::min<int64_t>(delivery_, static_cast<int64_t>(n));
  if (delivery_ > 0) return;
  delivery_ = -1;
  static constexpr uint8_t kCrlf[] = {'\r', '\n'};
  if (length_ > 0 && !consumer.stopped()) scan_line(kCrlf, consumer);
}

void HttpLineReader::append(uint8_t c) {
  ++length_;
  if (line_.size() < kMaxLineBytes) line_.push_back(c);
}

void HttpLineReader::append_run(std::span<const uint8_t> run) {
  length_ += run.size();
  size_t room = kMaxLineBytes - std::min(line_.size(), kMaxLineBytes);
  line_.insert(line_.end(), run.begin(), run.begin() + static_cast<std::ptrdiff_t>(std::min(room, run.size())));
  last_char_ = run.back();
}

void HttpLineReader::drop_last() {
  if (line_.size() == length_) line_.pop_back();
  --length_;
}

void HttpLineReader::emit(Consumer& consumer) {
  Line l{line_, length_};
  consumer.line(l);
  line_.clear();
  length_ = 0;
}

}  // namespace vigil
