// CaptureFile: reads one pcap or pcapng file (optionally gzip-compressed) through libpcap, packet by packet.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <span>
#include <string>

#include "core/status.h"
#include "core/timestamp.h"

struct pcap;

namespace vigil {

// One captured frame as read from the file. `data` stays valid until the next call to next().
struct RawPacket {
  Timestamp ts;
  uint32_t wire_len = 0;  // length on the wire
  std::span<const uint8_t> data;  // the captured bytes (may be shorter than wire_len)
  int link_type = 0;      // the DLT_/LINKTYPE_ value of the file
};

class CaptureFile {
 public:
  // Opens `path`; gzip compression is recognised by its magic bytes, not by the file name.
  static Result<std::unique_ptr<CaptureFile>> open(const std::string& path);
  ~CaptureFile();
  CaptureFile(const CaptureFile&) = delete;
  CaptureFile& operator=(const CaptureFile&) = delete;

  // Fills `out` with the next packet. False at the end of the file or on an error; then error() tells
  // which (is_ok() at a clean end). Packets read before an error stay valid and counted.
  bool next(RawPacket& out);
  const Status& error() const { return error_; }

  const std::string& path() const { return path_; }
  int link_type() const { return link_type_; }
  bool compressed() const { return gz_ != nullptr; }
  uint64_t file_size() const { return file_size_; }
  // How far into the file (on-disk bytes) reading has come; cheap enough for a progress line, not per packet.
  uint64_t position() const;

 private:
  CaptureFile() = default;
  Status open_impl(const std::string& path);
  Status locate_error(const char* pcap_message) const;

  std::string path_;
  pcap* pcap_ = nullptr;
  FILE* file_ = nullptr;  // owned by pcap_ once handed to it
  void* gz_ = nullptr;    // gzFile when compressed; owned by the FILE cookie
  int link_type_ = 0;
  bool classic_pcap_ = false;     // classic pcap: record offsets are computed exactly
  uint64_t record_header_len_ = 16;
  uint64_t next_record_offset_ = 24;  // byte offset (uncompressed) of the next classic-pcap record
  uint64_t file_size_ = 0;
  Status error_;
  bool done_ = false;
};

}  // namespace vigil
