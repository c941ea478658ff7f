// PcapRecordReader: the records of a classic pcap file read straight from its descriptor in large blocks.
//
// libpcap reads a classic pcap with two small freads per packet and copies every packet into its own
// buffer; on a fast disk or the page cache that copy and the per-packet calls cost as much as all the
// decoding. This reader hands out packets as spans into one large block instead. It handles only what
// it can match exactly — version 2.4 files in the machine's own byte order, uncompressed — and mirrors
// libpcap's record rules (the snapshot-length cut and the maximum record length); CaptureFile sends every
// other file through libpcap, and a differential test and fuzz target hold the two to the same output.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/status.h"
#include "sources/pcap/raw_packet.h"

namespace vigil {

struct PcapRecordFormat {
  bool nanosecond = false;      // timestamps in ns (magic a1b23c4d) rather than µs
  uint32_t snapshot = 0;        // libpcap's effective snapshot length: longer records are cut to it
  uint32_t max_caplen = 0;      // libpcap's limit for the link type: a longer record is a corrupt file
  int link_type = 0;            // copied into every packet
};

class PcapRecordReader {
 public:
  // Takes ownership of `fd`, positioned anywhere; reading starts at `offset` (just after the file header).
  PcapRecordReader(int fd, uint64_t offset, PcapRecordFormat format);
  ~PcapRecordReader();
  PcapRecordReader(const PcapRecordReader&) = delete;
  PcapRecordReader& operator=(const PcapRecordReader&) = delete;

  // Fills `out` with up to out.size() packets and returns how many. Their data stays valid until the next
  // call. 0 means the end of the file or an error; error() tells which (is_ok() at a clean end).
  size_t next_batch(std::span<RawPacket> out);
  // The error, with the byte offset of the record it concerns (no file name: the caller adds it).
  const Status& error() const { return error_; }
  uint64_t offset() const { return offset_; }  // byte offset of the next unread record

 private:
  bool fill(size_t need);  // makes at least `need` bytes available from begin_; false at end of file
  bool fail(Status s);

  int fd_;
  PcapRecordFormat format_;
  std::vector<uint8_t> buffer_;
  size_t begin_ = 0, end_ = 0;  // unread bytes in buffer_
  uint64_t offset_;             // file offset of buffer_[begin_]
  bool eof_ = false;
  Status error_;
};

}  // namespace vigil
