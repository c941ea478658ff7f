#include "cli/output_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace vigil::cli {

Status write_output_file(const std::string& path, std::string_view content) {
  if (path == "-") {
    if (std::fwrite(content.data(), 1, content.size(), stdout) != content.size())
      return Status::io_error("cannot write to stdout");
    return Status::ok();
  }
  std::string tmp = path + ".partial";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) return Status::io_error(std::string("cannot create it: ") + std::strerror(errno)).at(path);
  bool written = std::fwrite(content.data(), 1, content.size(), f) == content.size();
  bool closed = std::fclose(f) == 0;
  if (!written || !closed || std::rename(tmp.c_str(), path.c_str()) != 0) {
    Status st = Status::io_error(std::string("cannot write it: ") + std::strerror(errno)).at(path);
    std::remove(tmp.c_str());
    return st;
  }
  return Status::ok();
}

}  // namespace vigil::cli
