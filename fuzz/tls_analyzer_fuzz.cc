// Fuzzes the TLS analyzer: record framing, handshake reassembly, hello/certificate/key-exchange parsing,
// the encryption state machine and the fingerprints, on both directions of a made-up connection.
//
// Input: a mode byte. Odd: the rest is one handshake message body, given to every message parser and the
// fingerprints directly. Even: the rest is chunks of [flags][length: 2 bytes][bytes], flags bit 0 for the
// originator and bit 1 for a gap in that direction before the chunk; the first chunk also goes through
// looks_like_tls. Seeds: fuzz/corpus/tls_analyzer, written by fuzz/make_tls_corpus.py.
#include <algorithm>

#include "protocols/tls_analyzer.h"
#include "protocols/tls_fingerprint.h"
#include "protocols/tls_hello.h"
#include "protocols/tls_server_params.h"
#include "protocols/x509_summary.h"

namespace {

size_t parse_everything(std::span<const uint8_t> body) {
  size_t sum = 0;
  vigil::ClientHello ch;
  if (vigil::parse_client_hello(body, ch)) sum += vigil::ja3(ch).size() + vigil::ja4(ch).size();
  vigil::ClientHello v2;
  if (vigil::parse_sslv2_client_hello(body, v2)) sum += v2.ciphers.size();
  vigil::ServerHello sh;
  if (vigil::parse_server_hello(body, sh)) sum += vigil::ja3s(sh).size();
  if (auto certs = vigil::parse_certificate_list(body)) {
    sum += certs->size();
    for (std::span<const uint8_t> der : *certs)  // OpenSSL's X.509 parser on attacker-written DER
      if (auto s = vigil::summarize_certificate(der)) sum += s->subject.size() + s->self_signed;
  }
  if (auto curve = vigil::server_key_exchange_curve(body)) sum += *curve;
  return sum;
}

size_t run_stream(std::span<const uint8_t> in) {
  vigil::TlsAnalyzer tls;
  bool first = true;
  size_t sum = 0;
  while (in.size() >= 3) {
    uint8_t flags = in[0];
    size_t len = std::min<size_t>(size_t{in[1]} << 8 | in[2], in.size() - 3);
    std::span<const uint8_t> chunk = in.subspan(3, len);
    in = in.subspan(3 + len);
    bool is_orig = flags & 1;
    if (first) sum += vigil::looks_like_tls(chunk);
    first = false;
    if (flags & 2) tls.gap(is_orig, 1);
    tls.deliver(is_orig, chunk);
  }
  vigil::SslRecord r = tls.record();
  return sum + tls.confirmed() + r.cert_chain_fps.size() + (r.ssl_history ? r.ssl_history->size() : 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  std::span<const uint8_t> rest(data + 1, size - 1);
  size_t sum = (data[0] & 1) ? parse_everything(rest) : run_stream(rest);
  return sum == static_cast<size_t>(-1);
}
