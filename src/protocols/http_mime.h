// MIME type sniffing from the first bytes of a body, for http.log's orig_mime_types and resp_mime_types.
//
// Zeek names a file's type by matching its first 4096 bytes (default_file_bof_buffer_size) against the
// file-magic signatures of base/frameworks/files/magic and keeping the strongest match. This is a
// hand-written subset of those signatures, with their names and strengths: the text formats (plain text,
// HTML, XML, JSON, JavaScript, scripts) and the common binary magic numbers (images, archives,
// executables, PDF, Flash, Office). A body nothing matches has no type, as in Zeek.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace vigil {

// How much of a body Zeek looks at.
inline constexpr size_t kMimeSniffBytes = 4096;

// The strongest matching type for a body that starts with `head` (at most kMimeSniffBytes are looked at).
std::optional<std::string_view> sniff_mime_type(std::span<const uint8_t> head);

}  // namespace vigil
