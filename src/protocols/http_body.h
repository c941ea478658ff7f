// What an HTTP message's headers say about its body, and the counting of that body.
//
// HttpBodyFacts gathers the headers Zeek's HTTP_Entity acts on: Content-Length (the last one wins; one
// that is no number counts as 0, a negative one as absent), Transfer-Encoding: chunked (only in an
// HTTP/1.1 message), Content-Encoding gzip/deflate, a multipart or message/* Content-Type, and for a 206
// reply the Content-Range, whose length wins over a smaller Content-Length.
//
// HttpBodySink counts a body as Zeek counts it for request_body_len / response_body_len: decoded bytes
// when the body is encoded, lost bytes as if delivered, two more for each line of a body read line by
// line; and keeps the first kMimeSniffBytes for the MIME type. Body bytes are never stored beyond that.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "protocols/http_head.h"
#include "protocols/http_inflater.h"

namespace vigil {

struct HttpBodyFacts {
  enum class Encoding : uint8_t { kIdentity, kGzip, kDeflate };

  int64_t content_length = -1;  // negative: none given (a bad value counts as 0)
  bool chunked = false;
  Encoding encoding = Encoding::kIdentity;
  std::optional<std::string> multipart_boundary;
  bool message_type = false;  // message/*: an embedded message, read line by line like multipart

  // Multipart and message bodies are read line by line (MIME entities), not as raw bytes.
  bool read_by_lines() const { return multipart_boundary || message_type; }
  bool partial = false;  // a 206 reply with a usable Content-Range
  int64_t range_length = -1;
  int64_t range_first = -1;      // the range's first byte
  int64_t instance_length = -1;  // the whole resource's size, when stated

  // `chunked_allowed`: the message is HTTP/1.1; `partial_content`: it is a 206 reply.
  void note(const HttpHeader& h, bool chunked_allowed, bool partial_content);

 private:
  void note_content_length(std::string_view value);
  void note_content_range(std::string_view value);
};

class HttpBodySink {
 public:
  // `sniff`: keep the first bytes for a MIME type (not for multipart bodies, whose parts Zeek types apart).
  HttpBodySink(HttpBodyFacts::Encoding encoding, bool sniff);

  void data(std::span<const uint8_t> bytes);                  // raw body bytes, decoded if encoded
  void line(std::span<const uint8_t> kept, uint64_t length);  // a body line read in line mode
  void gap(uint64_t length);                                  // body bytes that were never seen
  // The body is complete. `whole_file`: Zeek also considers the file complete, and types it now; else
  // (a 206 reply's file, which Zeek keeps open for other ranges) only a full sniff buffer had typed it.
  void end(bool whole_file);

  uint64_t length() const { return length_; }
  const std::optional<std::string>& mime_type() const { return mime_type_; }

 private:
  void clear(std::span<const uint8_t> bytes);
  void keep(std::span<const uint8_t> bytes);
  void sniff();

  uint64_t length_ = 0;
  std::unique_ptr<HttpInflater> inflater_;
  bool sniff_;
  bool sniffed_ = false;
  std::vector<uint8_t> head_;
  std::optional<std::string> mime_type_;
};

}  // namespace vigil
