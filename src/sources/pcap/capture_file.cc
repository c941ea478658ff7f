// CaptureFile: libpcap over a plain FILE or a zlib-decompressing FILE cookie.
#include "sources/pcap/capture_file.h"

#include <fcntl.h>
#include <pcap/pcap.h>
#include <sys/stat.h>
#include <zlib.h>

#include <array>
#include <cerrno>
#include <bit>
#include <cstring>

#include "sources/pcap/pcap_record_reader.h"

namespace vigil {
namespace {

constexpr size_t kStdioBuffer = 1 << 20;  // large reads: libpcap issues two small freads per packet
constexpr uint32_t kPcapMagicUsec = 0xa1b2c3d4;
constexpr uint32_t kPcapMagicNsec = 0xa1b23c4d;
constexpr uint32_t kPcapMagicModified = 0xa1b2cd34;  // Kuznetzov's pcap with 24-byte record headers
constexpr uint32_t kPcapngMagic = 0x0a0d0d0a;
constexpr uint64_t kPcapFileHeader = 24;
constexpr uint32_t kLibpcapMaxCaplen = 262144;  // libpcap's limit for all but a few link types (below)

// Cookie state for reading a gzip stream as a FILE. Tracks the uncompressed position for ftell.
struct GzCookie {
  gzFile gz;
  uint64_t pos = 0;
};

ssize_t gz_read(void* cookie, char* buf, size_t size) {
  auto* c = static_cast<GzCookie*>(cookie);
  int n = gzread(c->gz, buf, static_cast<unsigned>(std::min<size_t>(size, 1u << 30)));
  if (n < 0) {
    errno = EIO;
    return -1;
  }
  c->pos += static_cast<uint64_t>(n);
  return n;
}

int gz_seek(void* cookie, off64_t* offset, int whence) {
  auto* c = static_cast<GzCookie*>(cookie);
  if (whence == SEEK_CUR && *offset == 0) {  // ftell: the only seek libpcap needs from us
    *offset = static_cast<off64_t>(c->pos);
    return 0;
  }
  errno = ESPIPE;
  return -1;
}

int gz_close(void* cookie) {
  auto* c = static_cast<GzCookie*>(cookie);
  int rc = gzclose(c->gz);
  delete c;
  return rc == Z_OK ? 0 : EOF;
}

uint32_t read_u32(const std::array<uint8_t, 4>& b, bool little) {
  return little ? (uint32_t{b[0]} | uint32_t{b[1]} << 8 | uint32_t{b[2]} << 16 | uint32_t{b[3]} << 24)
                : (uint32_t{b[3]} | uint32_t{b[2]} << 8 | uint32_t{b[1]} << 16 | uint32_t{b[0]} << 24);
}

}  // namespace

// Whether PcapRecordReader reads this file exactly as libpcap would: classic pcap version 2.4 (older
// versions may swap caplen and len), the machine's own byte order (libpcap byte-swaps some link-layer
// headers of foreign-order files), and a link type with libpcap's usual 262144-byte record limit.
bool direct_reading_applies(const std::array<uint8_t, 24>& header, int link_type) {
  uint32_t magic;
  uint16_t major, minor;
  std::memcpy(&magic, header.data(), 4);
  std::memcpy(&major, header.data() + 4, 2);
  std::memcpy(&minor, header.data() + 6, 2);
  bool large_records = link_type == DLT_DBUS || link_type == DLT_USBPCAP || link_type == 279 /* EBHSCR */;
  return (magic == kPcapMagicUsec || magic == kPcapMagicNsec) && major == 2 && minor == 4 && !large_records;
}

Result<std::unique_ptr<CaptureFile>> CaptureFile::open(const std::string& path, CaptureReader reader) {
  std::unique_ptr<CaptureFile> f(new CaptureFile());
  Status s = f->open_impl(path, reader);
  if (!s.is_ok()) return std::move(s).at(path);
  return f;
}

Status CaptureFile::open_impl(const std::string& path, CaptureReader reader) {
  path_ = path;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return Status::not_found(std::strerror(errno));
  if (S_ISDIR(st.st_mode)) return Status::invalid_argument("is a directory, not a capture file");
  file_size_ = static_cast<uint64_t>(st.st_size);

  gzFile gz = gzopen(path.c_str(), "rb");  // reads plain files transparently too
  if (gz == nullptr) return Status::io_error(std::strerror(errno));
  std::array<uint8_t, 4> magic{};
  int got = gzread(gz, magic.data(), 4);
  bool is_gzip = gzdirect(gz) == 0;
  gzclose(gz);
  if (got < 4) return Status::corruption("file is too short to be a capture (" + std::to_string(std::max(got, 0)) +
                                         " bytes)").at(path, 0);

  uint32_t m = read_u32(magic, true);
  uint32_t mb = read_u32(magic, false);
  classic_pcap_ = m == kPcapMagicUsec || m == kPcapMagicNsec || m == kPcapMagicModified || mb == kPcapMagicUsec ||
                  mb == kPcapMagicNsec || mb == kPcapMagicModified;
  if (m == kPcapMagicModified || mb == kPcapMagicModified) record_header_len_ = 24;
  if (!classic_pcap_ && m != kPcapngMagic)
    return Status::unsupported("not a pcap or pcapng capture (magic bytes " + std::to_string(magic[0]) + " " +
                               std::to_string(magic[1]) + " " + std::to_string(magic[2]) + " " +
                               std::to_string(magic[3]) + ")");

  if (is_gzip) {
    gzFile g = gzopen(path.c_str(), "rb");
    if (g == nullptr) return Status::io_error(std::strerror(errno));
    gzbuffer(g, 1 << 18);
    auto* cookie = new GzCookie{g};
    file_ = fopencookie(cookie, "rb", cookie_io_functions_t{gz_read, nullptr, gz_seek, gz_close});
    if (file_ == nullptr) {
      gz_close(cookie);
      return Status::io_error("cannot set up gzip reading");
    }
    gz_ = g;
  } else {
    file_ = std::fopen(path.c_str(), "rb");
    if (file_ == nullptr) return Status::io_error(std::strerror(errno));
  }
  std::setvbuf(file_, nullptr, _IOFBF, kStdioBuffer);

  char errbuf[PCAP_ERRBUF_SIZE] = {0};
  pcap_ = pcap_fopen_offline_with_tstamp_precision(file_, PCAP_TSTAMP_PRECISION_NANO, errbuf);
  if (pcap_ == nullptr) {
    std::fclose(file_);
    file_ = nullptr;
    gz_ = nullptr;
    return Status::corruption(errbuf).at(path, 0);
  }
  link_type_ = pcap_datalink(pcap_);
  if (reader == CaptureReader::kFastest && !is_gzip && classic_pcap_) {
    std::array<uint8_t, 24> header{};
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0 && ::pread(fd, header.data(), header.size(), 0) == static_cast<ssize_t>(header.size()) &&
        direct_reading_applies(header, link_type_)) {
      PcapRecordFormat format;
      format.nanosecond = read_u32(magic, std::endian::native == std::endian::little) == kPcapMagicNsec;
      format.snapshot = static_cast<uint32_t>(pcap_snapshot(pcap_));
      format.max_caplen = kLibpcapMaxCaplen;
      format.link_type = link_type_;
      direct_ = std::make_unique<PcapRecordReader>(fd, kPcapFileHeader, format);
      pcap_close(pcap_);  // closes file_ too
      pcap_ = nullptr;
      file_ = nullptr;
    } else if (fd >= 0) {
      ::close(fd);
    }
  }
  return Status::ok();
}

CaptureFile::~CaptureFile() {
  if (pcap_ != nullptr) pcap_close(pcap_);  // closes file_ too
}

bool CaptureFile::next(RawPacket& out) { return next_batch(std::span<RawPacket>(&out, 1)) == 1; }

size_t CaptureFile::next_batch(std::span<RawPacket> out) {
  if (done_ || out.empty()) return 0;
  if (direct_ == nullptr) return next_from_libpcap(out[0]) ? 1 : 0;
  size_t n = direct_->next_batch(out);
  if (n == 0) {
    done_ = true;
    if (!direct_->error().is_ok()) error_ = Status(direct_->error()).at(path_, direct_->offset());
  }
  return n;
}

bool CaptureFile::next_from_libpcap(RawPacket& out) {
  pcap_pkthdr* hdr = nullptr;
  const u_char* data = nullptr;
  int rc = pcap_next_ex(pcap_, &hdr, &data);
  if (rc == 1) {
    out.ts = Timestamp::from_parts(hdr->ts.tv_sec, hdr->ts.tv_usec);  // tv_usec holds ns here
    out.wire_len = hdr->len;
    out.data = std::span<const uint8_t>(data, hdr->caplen);
    out.link_type = link_type_;
    // libpcap reports a record longer than the snapshot length as cut to it and skips the rest; only the
    // stream position then says where the next record starts.
    if (hdr->caplen >= static_cast<uint32_t>(pcap_snapshot(pcap_))) {
      long at = std::ftell(file_);
      next_record_offset_ = at < 0 ? next_record_offset_ + record_header_len_ + hdr->caplen : static_cast<uint64_t>(at);
    } else {
      next_record_offset_ += record_header_len_ + hdr->caplen;
    }
    return true;
  }
  done_ = true;
  if (rc == PCAP_ERROR) {
    error_ = locate_error(pcap_geterr(pcap_));
  } else if (gz_ != nullptr) {
    // A gzip stream cut short can end exactly between two records; libpcap then sees a clean end.
    int gz_err = Z_OK;
    gzerror(static_cast<gzFile>(gz_), &gz_err);
    if (gz_err != Z_OK) error_ = locate_error("compressed stream ends before its end marker");
  }
  return false;
}

Status CaptureFile::locate_error(const char* pcap_message) const {
  std::string msg = pcap_message;
  if (gz_ != nullptr) {
    int gz_err = 0;
    const char* gz_msg = gzerror(static_cast<gzFile>(gz_), &gz_err);
    if (gz_err != Z_OK && gz_err != Z_STREAM_END) msg += std::string(" (gzip: ") + gz_msg + ")";
    else if (gzeof(static_cast<gzFile>(gz_))) msg += " (gzip stream ended early)";
    msg += "; offsets count decompressed bytes";
  }
  // Classic pcap: the offset of the record that could not be read. pcapng: how far libpcap had read.
  uint64_t offset = classic_pcap_ ? next_record_offset_ : static_cast<uint64_t>(std::max<long>(0, ftell(file_)));
  if (!classic_pcap_) msg += " (reading stopped there)";
  return Status::corruption(msg).at(path_, offset);
}

uint64_t CaptureFile::position() const {
  if (direct_ != nullptr) return direct_->offset();
  if (gz_ != nullptr) return static_cast<uint64_t>(std::max<off_t>(0, gzoffset(static_cast<gzFile>(gz_))));
  if (classic_pcap_) return next_record_offset_;
  long p = ftell(file_);
  return p < 0 ? 0 : static_cast<uint64_t>(p);
}

}  // namespace vigil
