// BoundedQueue: hands items from one thread to another in order, at most `capacity` waiting, so a fast
// producer waits for a slow consumer instead of filling memory. Either side can end it: the producer
// with finish() (the consumer drains what is left), the consumer with abandon() (the producer's next
// push returns false and what waits is dropped).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>

namespace vigil {

template <typename T>
class BoundedQueue {
 public:
  explicit BoundedQueue(size_t capacity) : capacity_(capacity) {}

  // False when the consumer has abandoned the queue (the item is dropped).
  bool push(T&& item) {
    std::unique_lock lock(mutex_);
    room_.wait(lock, [&] { return queue_.size() < capacity_ || abandoned_; });
    if (abandoned_) return false;
    queue_.push_back(std::move(item));
    ready_.notify_one();
    return true;
  }
  // False when the producer has finished (or the consumer abandoned the queue) and nothing is left.
  bool pop(T& out) {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return !queue_.empty() || finished_ || abandoned_; });
    if (queue_.empty()) return false;
    out = std::move(queue_.front());
    queue_.pop_front();
    room_.notify_one();
    return true;
  }
  void finish() {
    std::lock_guard lock(mutex_);
    finished_ = true;
    ready_.notify_one();
  }
  void abandon() {
    std::lock_guard lock(mutex_);
    abandoned_ = true;
    queue_.clear();
    room_.notify_all();
    ready_.notify_all();
  }

 private:
  const size_t capacity_;
  std::mutex mutex_;
  std::condition_variable ready_, room_;
  std::deque<T> queue_;
  bool finished_ = false, abandoned_ = false;
};

}  // namespace vigil
