// DnsPairer's record merging.
#include "sources/logs/eve_dns_pairer.h"

namespace vigil {

void add_answers(DnsRecord& to, DnsRecord&& from) {
  for (auto& a : from.answers) to.answers.push_back(std::move(a));
  to.TTLs.insert(to.TTLs.end(), from.TTLs.begin(), from.TTLs.end());
}

void add_reply(DnsRecord& to, DnsRecord&& reply) {
  if (reply.id.ts >= to.id.ts) to.rtt = reply.id.ts - to.id.ts;
  to.rcode = reply.rcode;
  to.AA = reply.AA;
  to.TC = reply.TC;
  to.RD = to.RD || reply.RD;  // the reply echoes the query's RD
  to.RA = reply.RA;
  to.Z = reply.Z;
  if (!to.query) to.query = std::move(reply.query);
  if (!to.qtype) to.qtype = reply.qtype;
  add_answers(to, std::move(reply));
}

}  // namespace vigil
