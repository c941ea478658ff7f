// HttpMessage: one HTTP request or reply, read as Zeek's HTTP_Message and HTTP_Entity read it.
//
// Header lines come first (folded lines joined; a line that is empty or starts with NUL ends them). What
// follows depends on the headers and on what the connection expects (RFC 9112 section 6.3, as Zeek
// applies it): no body (a reply to HEAD, 1xx, 204, 304; a request with neither length nor chunking); a
// multipart body read line by line up to its closing boundary or its length; chunks (size line, raw
// data, CRLF, and trailer fields after the last chunk); Content-Length bytes read raw; raw bytes up to
// the end of the connection (a reply that says "Connection: close", or an encoded one without length);
// otherwise, for a reply, lines up to the end of the connection.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "protocols/http_body.h"
#include "protocols/http_head.h"
#include "protocols/http_line_reader.h"

namespace vigil {

class HttpMessage {
 public:
  enum class ExpectBody : uint8_t { kNo, kMaybe, kYes };
  enum class Gap : uint8_t { kNotInBody, kSkipped, kSkippedToEnd };

  // What the message asks of its connection (Zeek's analyzer state, read when a header arrives).
  class Context {
   public:
    virtual void header(bool is_orig, const HttpHeader& h) = 0;  // each field, chunk trailers included
    virtual bool chunked_allowed() const = 0;                    // the message is HTTP/1.1
    virtual bool partial_content() const = 0;                    // a 206 reply is being read
    virtual bool connection_close() const = 0;                   // the server said "Connection: close"

   protected:
    ~Context() = default;
  };

  HttpMessage(bool is_orig, ExpectBody expect) : is_orig_(is_orig), expect_(expect) {}

  // Each returns true when the call completed the message. `reader` is the direction's line reader,
  // switched to raw delivery for the body as the headers require.
  bool line(const HttpLineReader::Line& line, HttpLineReader& reader, Context& context);
  bool plain(std::span<const uint8_t> bytes, HttpLineReader& reader);
  // `length` bytes of the direction were lost. Inside a body of known size they are counted and skipped.
  Gap gap(uint64_t length, HttpLineReader& reader);
  // Ends the message before its natural end (the connection ended, or bytes were lost).
  void end(HttpLineReader& reader, Context& context);

  bool ended() const { return ended_; }
  uint64_t body_length() const { return body_ ? body_->length() : 0; }
  std::optional<std::string> mime_type() const { return body_ ? body_->mime_type() : std::nullopt; }

 private:
  enum class Chunk : uint8_t { kNone, kAnnounced, kSize, kData, kDataCrlf, kTrailer, kDone };
  enum class Part : uint8_t { kPreamble, kHeaders, kBody };

  void submit(const std::optional<HttpHeader>& h, Context& context);
  bool headers_done(HttpLineReader& reader, Context& context);
  bool body_line(const HttpLineReader::Line& line, HttpLineReader& reader);
  bool entity_line(const HttpLineReader::Line& line, HttpLineReader& reader);
  bool count_line_body(int64_t n, HttpLineReader& reader);
  void chunk_size_line(std::span<const uint8_t> bytes, HttpLineReader& reader);
  bool finish_body(HttpLineReader& reader);
  bool whole_file() const;

  bool is_orig_;
  ExpectBody expect_;
  bool in_header_ = true;
  bool ended_ = false;
  HttpHeaderFolder folder_;
  HttpBodyFacts facts_;
  Chunk chunk_ = Chunk::kNone;
  Part part_ = Part::kPreamble;
  bool partial_reply_ = false;  // a 206 reply: Zeek keeps its file open unless it is known complete
  int64_t expect_data_ = 0;     // raw bytes still due: of the body (Content-Length) or of the current chunk
  std::optional<HttpBodySink> body_;
};

}  // namespace vigil
