// view_of(FtpUploadFinding): files stored on an FTP server outside, in the clear.
#include "core/text_format.h"
#include "report/finding_view.h"
#include "report/json_members.h"

namespace vigil {

FindingView view_of(const FtpUploadFinding& f) {
  FindingView v;
  v.detector = "ftp-upload";
  v.host = f.host;
  ChannelKey key{f.host, f.server, f.port, TransportProto::kTcp, {}, Direction::kOutbound};
  v.subject = destination_text(key);
  v.targets = {f.server.to_string()};
  v.severity = Severity::kMedium;  // some organisations still exchange files with partners this way
  v.confidence = f.confidence;
  v.first_ns = f.first_ns;
  v.last_ns = f.last_ns;
  std::string first = f.files.empty() ? std::string() : f.files.front().url;
  if (size_t slash = first.rfind('/'); slash != std::string::npos) first = first.substr(slash + 1);
  v.headline = format("%zu file%s uploaded over cleartext FTP as %s%s%s", f.uploads, f.uploads == 1 ? "" : "s",
                      f.user.c_str(), first.empty() ? "" : ": ", first.c_str());
  v.evidence = explain(f);
  JsonMembers m;
  m.text("server", f.server.to_string()).uint("port", f.port).text("user", f.user);
  std::vector<std::string> urls;
  std::vector<uint64_t> replies, bytes;
  for (const FtpUploadFile& file : f.files) {
    urls.push_back(file.url);
    replies.push_back(file.reply_code);
    bytes.push_back(file.bytes.value_or(0));
  }
  m.texts("files", urls).uints("reply_codes", replies).uints("file_bytes", bytes);
  m.uint("uploads", f.uploads).uint("stored", f.stored).uint("bytes", f.bytes).uint("sessions", f.sessions);
  m.uint("prevalence", f.prevalence);
  v.json_fields = m.str();
  return v;
}

}  // namespace vigil
