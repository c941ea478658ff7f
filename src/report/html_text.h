// Text into HTML. Everything vigil prints into a page (names, user agents, file names, evidence lines)
// may have been written by an attacker, so it goes through html_escape: the five characters that can
// start or end markup or an attribute become entities, and control bytes become visible "\xNN".
#pragma once

#include <string>
#include <string_view>

namespace vigil {

// Safe in element content and in double- or single-quoted attribute values.
void append_html_escaped(std::string& out, std::string_view text);
std::string html_escape(std::string_view text);

// The Content-Security-Policy source for an inline script: "'sha256-<base64>'" of its exact text.
std::string csp_script_hash(std::string_view script);

}  // namespace vigil
