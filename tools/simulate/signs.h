// Places the other signs of intrusion and their benign look-alikes (sign_profile.h): malicious instances
// on distinct random hosts, each with its own domain, name or address; look-alikes on their share of hosts,
// sharing their well-known names. Every (host, channel) gets a truth row.
#pragma once

#include <memory>
#include <vector>

#include "sim_channel.h"
#include "simulator.h"
#include "world.h"

namespace vigil::sim {

// Appends the channels of scenario.signs to `channels` and their truth rows to `truth`. Called after the
// implants and the background are placed, so that their names and addresses stay what they were.
void add_signs(const Scenario& scenario, World& world, std::vector<std::unique_ptr<SimChannel>>& channels,
               std::vector<TruthChannel>& truth);

// Well-known names the look-alikes share (none of them can come out of World::new_name).
inline constexpr const char* kLongPollName = "rt.teams.microsoft.com";
inline constexpr const char* kBackupName = "f003.backblazeb2.com";
inline constexpr const char* kUpdateName = "dl.delivery.mp.microsoft.com";
inline constexpr const char* kAvZone = "q.avrep-cloud.net";
inline constexpr const char* kAvDomain = "avrep-cloud.net";

}  // namespace vigil::sim
