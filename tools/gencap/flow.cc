// Step queue handling shared by all flow kinds.
#include "flow.h"

#include "frame_builder.h"

namespace gencap {

bool Flow::has_step() {
  // A planning call may produce no packet (e.g. a response whose ACK was
  // already sent), so keep asking until there is one or the flow is over.
  while (next_step >= steps.size()) {
    const bool more = protocol == kProtoTcp ? plan_tcp(*this) : plan_datagram(*this);
    if (!more) return false;
  }
  return true;
}

}  // namespace gencap
