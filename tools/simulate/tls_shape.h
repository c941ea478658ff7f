// The TLS client a simulated connection imitates (gencap's ClientHello shapes), fixed per server name so
// that every connection to one name shows the same handshake sizes, as one client library would.
#pragma once

#include <string_view>

#include "flow.h"
#include "sim_random.h"

namespace vigil::sim {

// `browser`: a Chrome-like hello (GREASE, h2); otherwise a curl/OpenSSL-like one, as implants and
// agents built on a TLS library send.
inline gencap::TlsState tls_state_for(std::string_view sni, bool browser) {
  gencap::TlsState tls;
  tls.active = true;
  tls.client = browser ? gencap::TlsClient::kChrome : gencap::TlsClient::kCurl;
  tls.grease = browser;
  tls.alpn_h2 = browser;
  uint64_t h = hash_name(sni);
  tls.server_records = static_cast<uint8_t>(1 + h % 4);
  tls.server_name = std::string(sni);
  tls.seed = h;
  return tls;
}

}  // namespace vigil::sim
