// Host names for servers, as a client would put them in TLS SNI: realistic in shape, all fake.
#pragma once

#include <cstdint>
#include <string>

namespace gencap {

// The name of one site a server hosts. `server` identifies the server (its
// index, with `internal` telling internal hosts from external servers);
// `site` picks among the few sites one server hosts, as a CDN or shared
// front end does (0 is its main one). The same arguments always give the
// same name, so a server is known by the same names all capture long.
//
// External names end in example.com, example.net, example.org or the
// reserved TLD .example (RFC 2606), internal ones in corp.example.org, so
// none of them can be a real site.
std::string server_name(uint32_t server, bool internal, uint32_t site);

}  // namespace gencap
