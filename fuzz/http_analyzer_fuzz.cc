// Fuzzes the HTTP analyzer on both directions of a connection: request and status lines, header folding,
// every body framing (lengths, chunks, multipart, until close, HTTP/0.9), gzip decoding, MIME sniffing,
// gaps, and the pairing of replies with requests.
//
// Input: records of [flags][length: 2 bytes, big-endian][payload]. flags bit 0: from the originator;
// bit 1: a gap of `length` bytes (no payload follows). A record's payload is cut to what remains.
#include <algorithm>

#include "protocols/http_analyzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  vigil::HttpAnalyzer http;
  bool first = true;
  int64_t ns = 0;
  size_t rows = 0;
  for (size_t i = 0; i + 3 <= size && !http.done();) {
    uint8_t flags = data[i];
    size_t len = size_t{data[i + 1]} << 8 | data[i + 2];
    i += 3;
    bool is_orig = flags & 1;
    ns += 1'000'000;
    if (flags & 2) {
      http.gap(is_orig, len);
      continue;
    }
    len = std::min(len, size - i);
    std::span<const uint8_t> payload(data + i, len);
    i += len;
    if (first && is_orig) (void)vigil::looks_like_http_request(payload);
    first = false;
    http.deliver(is_orig, vigil::Timestamp{ns}, payload);
    rows += http.take_records().size();
  }
  http.finish();
  for (const vigil::HttpRecord& r : http.take_records()) rows += r.trans_depth + r.resp_mime_types.size();
  return rows == static_cast<size_t>(-1);
}
