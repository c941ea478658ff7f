// HttpMessage: Zeek's header/body state machine for one message, framing included.
#include "protocols/http_message.h"

#include <climits>
#include <limits>
#include <string_view>

namespace vigil {
namespace {

bool ends_headers(const HttpLineReader::Line& line) { return line.length == 0 || line.bytes[0] == 0; }

std::string_view as_text(std::span<const uint8_t> bytes) {
  return std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

}  // namespace

bool HttpMessage::line(const HttpLineReader::Line& line, HttpLineReader& reader, Context& context) {
  if (ended_) return false;
  if (!in_header_) return body_line(line, reader);
  if (ends_headers(line)) {
    submit(folder_.finish(), context);
    in_header_ = false;
    return headers_done(reader, context);
  }
  submit(folder_.line(line.bytes), context);
  return false;
}

bool HttpMessage::plain(std::span<const uint8_t> bytes, HttpLineReader& reader) {
  if (ended_ || !body_) return false;
  auto n = static_cast<int64_t>(bytes.size());
  if (facts_.read_by_lines()) {  // raw only after a gap was skipped
    body_->data(bytes);
    return count_line_body(n, reader);
  }
  if (chunk_ != Chunk::kNone) {
    if (chunk_ != Chunk::kData) return false;
    expect_data_ -= n;
    if (expect_data_ <= 0) {
      reader.set_plain(0);
      chunk_ = Chunk::kDataCrlf;
    }
    body_->data(bytes);
    return false;
  }
  body_->data(bytes);
  if (facts_.content_length < 0) return false;  // up to the end of the connection
  expect_data_ -= n;
  if (expect_data_ > 0) return false;
  reader.set_plain(0);
  return finish_body(reader);
}

HttpMessage::Gap HttpMessage::gap(uint64_t length, HttpLineReader& reader) {
  // Zeek skips a gap only inside a body that has begun and whose remaining size covers it.
  if (body_length() == 0 || ended_) return Gap::kNotInBody;
  bool sized =
      chunk_ == Chunk::kData || (chunk_ == Chunk::kNone && facts_.content_length >= 0);
  if (!sized || expect_data_ < 0 || static_cast<uint64_t>(expect_data_) < length) return Gap::kNotInBody;
  body_->gap(length);
  expect_data_ -= static_cast<int64_t>(length);
  reader.set_plain(expect_data_);
  if (chunk_ == Chunk::kData) {
    if (expect_data_ == 0) chunk_ = Chunk::kDataCrlf;
    return Gap::kSkipped;
  }
  if (expect_data_ > 0) return Gap::kSkipped;
  finish_body(reader);
  return Gap::kSkippedToEnd;
}

void HttpMessage::end(HttpLineReader& reader, Context& context) {
  if (ended_) return;
  if (in_header_) {
    submit(folder_.finish(), context);
    in_header_ = false;
  }
  finish_body(reader);
}

void HttpMessage::submit(const std::optional<HttpHeader>& h, Context& context) {
  if (!h) return;
  // Any "Transfer-Encoding: chunked", even among chunk trailers, (re)starts chunked reading in Zeek.
  facts_.chunked = false;
  facts_.note(*h, context.chunked_allowed(), context.partial_content());
  if (facts_.chunked) chunk_ = Chunk::kAnnounced;
  context.header(is_orig_, *h);
}

// The empty line after the header fields: decides how the body is framed (Zeek's SubmitAllHeaders).
bool HttpMessage::headers_done(HttpLineReader& reader, Context& context) {
  if (chunk_ == Chunk::kTrailer) {
    chunk_ = Chunk::kDone;
    return finish_body(reader);
  }
  if (expect_ == ExpectBody::kNo) return finish_body(reader);
  partial_reply_ = context.partial_content();
  body_.emplace(facts_.encoding, !facts_.read_by_lines());
  if (facts_.read_by_lines()) {
    if (facts_.content_length == 0) return finish_body(reader);
    if (facts_.content_length > 0) {
      expect_data_ = facts_.content_length;
      reader.set_delivery_size(expect_data_);
    }
    return false;
  }
  if (chunk_ == Chunk::kAnnounced) {
    chunk_ = Chunk::kSize;
    return false;
  }
  if (facts_.content_length >= 0) {
    if (facts_.content_length == 0) return finish_body(reader);
    expect_data_ = facts_.content_length;
    reader.set_plain(expect_data_);
    return false;
  }
  if (context.connection_close() || facts_.encoding != HttpBodyFacts::Encoding::kIdentity) {
    expect_data_ = INT_MAX;  // Zeek's "until the end of the connection"
    reader.set_plain(expect_data_);
    return false;
  }
  if (expect_ != ExpectBody::kYes) return finish_body(reader);
  return false;  // a reply body read line by line until the connection ends
}

bool HttpMessage::body_line(const HttpLineReader::Line& line, HttpLineReader& reader) {
  if (facts_.read_by_lines()) return entity_line(line, reader);
  if (chunk_ == Chunk::kSize) chunk_size_line(line.bytes, reader);
  else if (chunk_ == Chunk::kDataCrlf) chunk_ = Chunk::kSize;
  else if (chunk_ == Chunk::kNone && facts_.content_length < 0) body_->line(line.bytes, line.length);
  return false;
}

// A chunk-size line: hex digits, then anything (extensions). No number, or zero, is the last chunk.
void HttpMessage::chunk_size_line(std::span<const uint8_t> bytes, HttpLineReader& reader) {
  LenientInt size = parse_lenient_int(as_text(bytes), 16);
  int64_t n = !size.ok ? 0 : size.overflow ? std::numeric_limits<int64_t>::max() : size.value;
  if (n > 0) {
    chunk_ = Chunk::kData;
    expect_data_ = n;
    reader.set_plain(n);
    return;
  }
  in_header_ = true;  // trailer fields, up to an empty line
  chunk_ = Chunk::kTrailer;
}

// Multipart (and message/*) bodies are counted line by line, two bytes for each line end, up to the closing
// boundary or the Content-Length. Inside a part's content only CRLF ends a line, so bare CR and LF bytes
// stay part of the data.
bool HttpMessage::entity_line(const HttpLineReader::Line& line, HttpLineReader& reader) {
  body_->line(line.bytes, line.length);
  if (facts_.multipart_boundary) {
    std::string_view text = as_text(line.bytes);
    const std::string& boundary = *facts_.multipart_boundary;
    if (text.size() >= 2 + boundary.size() && text.substr(0, 2) == "--" &&
        text.substr(2, boundary.size()) == boundary) {
      if (text.substr(2 + boundary.size(), 2) == "--") return finish_body(reader);
      part_ = Part::kHeaders;
      reader.set_crlf_only(false);
    } else if (part_ == Part::kHeaders && ends_headers(line)) {
      part_ = Part::kBody;
      reader.set_crlf_only(true);
    }
  }
  return count_line_body(static_cast<int64_t>(line.length) + 2, reader);
}

// With a Content-Length, a line-read body ends when its lines (line ends counted as two bytes) cover it.
bool HttpMessage::count_line_body(int64_t n, HttpLineReader& reader) {
  if (facts_.content_length <= 0) return false;
  expect_data_ -= n;
  if (expect_data_ > 0) return false;
  reader.set_plain(0);
  return finish_body(reader);
}

bool HttpMessage::finish_body(HttpLineReader& reader) {
  if (body_) body_->end(whole_file());
  ended_ = true;
  reader.set_crlf_only(false);
  reader.set_delivery_size(-1);
  return true;
}

// Whether Zeek's file analysis sees the body's file as complete when the message ends: always, except for
// a 206 reply, whose file is complete only when it covers the stated size from its first byte.
bool HttpMessage::whole_file() const {
  if (!partial_reply_) return true;
  auto have = static_cast<int64_t>(body_length());
  if (facts_.partial) return facts_.range_first == 0 && facts_.instance_length > 0 && have >= facts_.instance_length;
  bool sized = facts_.content_length > 0 && facts_.encoding == HttpBodyFacts::Encoding::kIdentity;
  return sized && have >= facts_.content_length;
}

}  // namespace vigil
