// DNS numbers as the names Zeek writes in dns.log: qtype_name, qclass_name, rcode_name, opcode_name.
// A number Zeek has no name for gets Zeek's fallback form ("query-65534", "qclass-32769", "rcode-24").
#pragma once

#include <cstdint>
#include <string>

namespace vigil {

std::string dns_qtype_name(uint16_t qtype);    // 1 -> "A", 255 -> "*"
std::string dns_qclass_name(uint16_t qclass);  // 1 -> "C_INTERNET"
std::string dns_rcode_name(uint16_t rcode);    // 3 -> "NXDOMAIN", 3842 -> "BADSIG"
// NetBIOS name service (port 137) numbers its opcodes differently, and Zeek names them apart.
std::string dns_opcode_name(uint8_t opcode, bool netbios = false);  // 5 -> "dynamic-update"

}  // namespace vigil
