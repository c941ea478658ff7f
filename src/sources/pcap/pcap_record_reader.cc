// PcapRecordReader: block reads, in-place record parsing, libpcap's length rules.
#include "sources/pcap/pcap_record_reader.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace vigil {
namespace {

constexpr size_t kBlock = 256 << 10;  // small enough to stay in L2 between the kernel's copy and the parse
constexpr size_t kRecordHeader = 16;

uint32_t native32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

}  // namespace

PcapRecordReader::PcapRecordReader(int fd, uint64_t offset, PcapRecordFormat format)
    : fd_(fd), format_(format), buffer_(kBlock), offset_(offset) {
  if (::lseek(fd_, static_cast<off_t>(offset), SEEK_SET) < 0) fail(Status::io_error(std::strerror(errno)));
#ifdef POSIX_FADV_SEQUENTIAL
  ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);  // a hint for read-ahead; failure changes nothing
#endif
}

PcapRecordReader::~PcapRecordReader() { ::close(fd_); }

bool PcapRecordReader::fail(Status s) {
  error_ = std::move(s);
  eof_ = true;
  begin_ = end_ = 0;
  return false;
}

bool PcapRecordReader::fill(size_t need) {
  if (end_ - begin_ >= need) return true;
  if (eof_) return false;
  if (need > buffer_.size()) buffer_.resize(need);  // max_caplen bounds this
  if (buffer_.size() - begin_ < need) {             // move the partial record to the front
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  while (end_ - begin_ < need) {
    ssize_t n = ::read(fd_, buffer_.data() + end_, buffer_.size() - end_);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(Status::io_error(std::strerror(errno)));
    if (n == 0) {
      eof_ = true;
      return false;
    }
    end_ += static_cast<size_t>(n);
  }
  return true;
}

size_t PcapRecordReader::next_batch(std::span<RawPacket> out) {
  size_t n = 0;
  while (n < out.size()) {
    // A refill moves or overwrites the block, so it may only happen before the first packet of a batch.
    bool available = end_ - begin_ >= kRecordHeader || (n == 0 && fill(kRecordHeader));
    if (!available) {
      if (n == 0 && error_.is_ok() && end_ != begin_)
        fail(Status::corruption("truncated dump file; tried to read " + std::to_string(kRecordHeader) +
                                " header bytes, only got " + std::to_string(end_ - begin_)));
      return n;
    }
    const uint8_t* h = buffer_.data() + begin_;
    uint32_t sec = native32(h), frac = native32(h + 4), caplen = native32(h + 8), len = native32(h + 12);
    if (caplen > format_.max_caplen) {
      bool over_snapshot = caplen > format_.snapshot;
      fail(Status::corruption("invalid packet capture length " + std::to_string(caplen) + ", bigger than " +
                              (over_snapshot ? "snaplen of " : "maximum of ") +
                              std::to_string(over_snapshot ? format_.snapshot : format_.max_caplen)));
      return n;
    }
    size_t record = kRecordHeader + caplen;
    if (end_ - begin_ < record) {
      if (n > 0) return n;  // finish this batch; the next call refills
      if (!fill(record)) {
        if (error_.is_ok())
          fail(Status::corruption("truncated dump file; tried to read " + std::to_string(caplen) +
                                  " captured bytes, only got " + std::to_string(end_ - begin_ - kRecordHeader)));
        return 0;
      }
      h = buffer_.data() + begin_;
    }
    RawPacket& p = out[n++];
    // Both time fields are signed 32-bit in libpcap's record header (times before 1970, or garbage).
    int64_t seconds = static_cast<int32_t>(sec), fraction = static_cast<int32_t>(frac);
    p.ts = Timestamp{seconds * 1'000'000'000 + fraction * (format_.nanosecond ? 1 : 1000)};
    p.wire_len = len;
    p.data = std::span<const uint8_t>(h + kRecordHeader, std::min(caplen, format_.snapshot));
    p.link_type = format_.link_type;
    begin_ += record;
    offset_ += record;
  }
  return n;
}

}  // namespace vigil
