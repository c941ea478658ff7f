// Names of the conn.log enumerations.
#include "core/conn_record.h"

#include <array>

namespace vigil {

std::string_view to_string(TransportProto p) {
  switch (p) {
    case TransportProto::kTcp: return "tcp";
    case TransportProto::kUdp: return "udp";
    case TransportProto::kIcmp: return "icmp";
    case TransportProto::kUnknown: break;
  }
  return "unknown_transport";
}

std::string_view to_string(ConnState s) {
  static constexpr std::array<std::string_view, 13> kNames = {"S0",   "S1",   "SF",     "REJ",   "S2", "S3", "RSTO",
                                                              "RSTR", "RSTOS0", "RSTRH", "SH", "SHR", "OTH"};
  return kNames[static_cast<size_t>(s)];
}

}  // namespace vigil
