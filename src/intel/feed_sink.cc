#include "intel/feed_sink.h"

#include <algorithm>
#include <utility>

namespace vigil {
namespace {

// Indicators handed to the inserting thread at a time: the queue's lock is taken once per thousands, and
// a feed smaller than this is added on the caller's thread (no thread for a short list).
constexpr size_t kHandOver = 4096;
constexpr size_t kMaxWaitingBatches = 4;
// Slots prefetched ahead of the inserts (see the header).
constexpr size_t kPrefetchGroup = 32;

}  // namespace

FeedSink::FeedSink(IndicatorSet& set, FeedId feed, FeedReport& report, std::string_view text)
    : set_(set), feed_(feed), report_(report), text_(text), queue_(kMaxWaitingBatches) {
  pending_.reserve(kHandOver);
}

FeedSink::~FeedSink() {
  try {
    flush();
  } catch (...) {
  }
}

void FeedSink::add(Indicator indicator, std::string_view label) {
  Pending& p = pending_.emplace_back();
  p.indicator = std::move(indicator);
  p.label = label;
  auto here = reinterpret_cast<uintptr_t>(label.data()), begin = reinterpret_cast<uintptr_t>(text_.data());
  if (!label.empty() && (here < begin || here + label.size() > begin + text_.size())) {
    p.owned.assign(label);  // a CSV scratch string or simdjson's buffer: gone by the time the batch is added
    p.label = p.owned;
  }
  if (pending_.size() == kHandOver) hand_over();
}

void FeedSink::malformed(Status problem) {
  ++report_.malformed;
  if (report_.problems.size() < kMaxStoredProblems) report_.problems.push_back(std::move(problem));
}

void FeedSink::insert(IndicatorSet& set, FeedId feed, Batch& batch, Counts& counts) {
  for (size_t group = 0; group < batch.size(); group += kPrefetchGroup) {
    size_t end = std::min(batch.size(), group + kPrefetchGroup);
    for (size_t i = group; i < end; ++i) set.prefetch(batch[i].indicator);
    for (size_t i = group; i < end; ++i)
      ++(set.add(feed, std::move(batch[i].indicator), batch[i].label) ? counts.loaded : counts.duplicates);
  }
  batch.clear();
}

void FeedSink::insert_batches() {
  Batch batch;
  try {
    while (queue_.pop(batch)) insert(set_, feed_, batch, inserted_);
  } catch (...) {
    failure_ = std::current_exception();
    queue_.abandon();  // the parser's next hand-over is dropped; flush() reports the failure
  }
}

void FeedSink::insert_pending_here() {
  Counts here;
  insert(set_, feed_, pending_, here);
  count(here);
}

void FeedSink::count(const Counts& c) {
  report_.loaded += c.loaded;
  report_.duplicates += c.duplicates;
}

void FeedSink::hand_over() {
  if (stopped_) return insert_pending_here();  // added to after a flush(): no second thread again
  if (!inserter_.joinable()) inserter_ = std::thread([this] { insert_batches(); });
  queue_.push(std::move(pending_));
  pending_ = {};
  pending_.reserve(kHandOver);
}

void FeedSink::stop_inserting() {
  stopped_ = true;
  if (!inserter_.joinable()) return;
  queue_.finish();
  inserter_.join();
  count(inserted_);
  inserted_ = {};
}

void FeedSink::flush() {
  if (inserter_.joinable() && !pending_.empty()) queue_.push(std::move(pending_)), pending_ = {};
  stop_inserting();
  if (!failure_) insert_pending_here();  // a short feed (never handed over), or the last of a long one
  pending_.clear();
  if (failure_) std::rethrow_exception(std::exchange(failure_, nullptr));
}

void FeedSink::discard() {
  queue_.abandon();
  stop_inserting();
  pending_.clear();
  failure_ = nullptr;
  set_.drop_feed(feed_);
}

}  // namespace vigil
