#include "sources/logs/threaded_log_reader.h"

#include <exception>
#include <thread>
#include <variant>

#include "core/bounded_queue.h"

namespace vigil {
namespace {

using AnyRecord = std::variant<ConnRecord, DnsRecord, SslRecord, HttpRecord, FtpRecord>;
using Batch = std::vector<AnyRecord>;

constexpr size_t kBatchRecords = 2048;
constexpr size_t kMaxWaitingBatches = 8;

// Batches from the reading thread to the caller's, at most kMaxWaitingBatches waiting.
using BatchQueue = BoundedQueue<Batch>;

// The reading thread's sink: records into the current batch, sent when full. Only the kinds the
// caller's sink takes are set, so readers still skip the rows nobody wants.
struct Batcher {
  BatchQueue& queue;
  Batch batch;
  bool open = true;

  void add(AnyRecord&& r) {
    if (!open) return;
    batch.push_back(std::move(r));
    if (batch.size() >= kBatchRecords) flush();
  }
  void flush() {
    if (batch.empty()) return;
    open = queue.push(std::move(batch));
    batch = Batch();
    batch.reserve(kBatchRecords);
  }
  LogSink sink_like(const LogSink& wanted) {
    LogSink s;
    if (wanted.conn) s.conn = [this](ConnRecord&& r) { add(std::move(r)); };
    if (wanted.dns) s.dns = [this](DnsRecord&& r) { add(std::move(r)); };
    if (wanted.ssl) s.ssl = [this](SslRecord&& r) { add(std::move(r)); };
    if (wanted.http) s.http = [this](HttpRecord&& r) { add(std::move(r)); };
    if (wanted.ftp) s.ftp = [this](FtpRecord&& r) { add(std::move(r)); };
    return s;
  }
};

void deliver(AnyRecord& r, const LogSink& sink) {
  switch (r.index()) {
    case 0: sink.conn(std::move(std::get<0>(r))); break;
    case 1: sink.dns(std::move(std::get<1>(r))); break;
    case 2: sink.ssl(std::move(std::get<2>(r))); break;
    case 3: sink.http(std::move(std::get<3>(r))); break;
    default: sink.ftp(std::move(std::get<4>(r))); break;
  }
}

}  // namespace

ReadReport read_logs_threaded(const std::vector<std::string>& files, std::optional<InputFormat> forced,
                              const LogSink& sink, const LogProgress& on_progress) {
  BatchQueue queue(kMaxWaitingBatches);
  ReadReport report;
  std::thread reader([&] {
    Batcher batcher{queue, {}};
    batcher.batch.reserve(kBatchRecords);
    report = read_logs(files, forced, batcher.sink_like(sink), on_progress);
    batcher.flush();
    queue.finish();
  });
  try {
    Batch batch;
    while (queue.pop(batch))
      for (AnyRecord& r : batch) deliver(r, sink);
  } catch (...) {
    // The caller's sink failed: let the reader run out (it drops what it reads) and pass the failure on.
    queue.abandon();
    reader.join();
    throw;
  }
  reader.join();
  return report;
}

}  // namespace vigil
