// CaptureFile: reads one pcap or pcapng file (optionally gzip-compressed), packet by packet or in batches.
//
// libpcap reads every format; plain classic pcap files in the machine's byte order (nearly every large
// capture) go through PcapRecordReader instead, which reads the same records without a copy per packet.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <span>
#include <string>

#include "core/status.h"
#include "core/timestamp.h"
#include "sources/pcap/raw_packet.h"

struct pcap;

namespace vigil {

class PcapRecordReader;

enum class CaptureReader {
  kFastest,      // the direct reader where it applies, libpcap otherwise
  kLibpcapOnly,  // always libpcap: the reference the direct reader is tested against
};

class CaptureFile {
 public:
  // Opens `path`; gzip compression is recognised by its magic bytes, not by the file name.
  static Result<std::unique_ptr<CaptureFile>> open(const std::string& path,
                                                   CaptureReader reader = CaptureReader::kFastest);
  ~CaptureFile();
  CaptureFile(const CaptureFile&) = delete;
  CaptureFile& operator=(const CaptureFile&) = delete;

  // Fills `out` with the next packet. False at the end of the file or on an error; then error() tells
  // which (is_ok() at a clean end). Packets read before an error stay valid and counted.
  // `out.data` stays valid until the next call of next() or next_batch().
  bool next(RawPacket& out);
  // Fills up to out.size() packets and returns how many (at least one until the end); all of them stay
  // valid until the next call. 0 at the end or on an error, as for next().
  size_t next_batch(std::span<RawPacket> out);  const Status& error() const { return error_; }

  const std::string& path() const { return path_; }
  int link_type() const { return link_type_; }
  bool compressed() const { return gz_ != nullptr; }
  bool direct() const { return direct_ != nullptr; }  // read by PcapRecordReader rather than libpcap
  uint64_t file_size() const { return file_size_; }
  // How far into the file (on-disk bytes) reading has come; cheap enough for a progress line, not per packet.
  uint64_t position() const;

 private:
  CaptureFile() = default;
  Status open_impl(const std::string& path, CaptureReader reader);
  Status locate_error(const char* pcap_message) const;
  bool next_from_libpcap(RawPacket& out);

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
  std::unique_ptr<PcapRecordReader> direct_;
};

}  // namespace vigil
