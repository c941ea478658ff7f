// DnsPairer: Suricata writes a DNS transaction as several EVE events (a query, then one answer event, or
// in the v1 format one event per answer record); Zeek's dns.log has one row per transaction. This joins
// them, with bounded memory.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <unordered_map>
#include <utility>

#include "core/app_records.h"
#include "sources/logs/read_report.h"

namespace vigil {

enum class DnsEvent { kQuery, kAnswer, kOneAnswerRecord };

// Appends `from`'s answers and TTLs to `to`.
void add_answers(DnsRecord& to, DnsRecord&& from);
// What an answer adds to the record its query started (Zeek's row: the query's time and question, the
// reply's code, flags and answers, and the time between them as rtt).
void add_reply(DnsRecord& to, DnsRecord&& reply);

// Pairs DNS events into one record per transaction, as Zeek's dns.log has them: one row per query, with
// its answers and rtt. Events of one transaction share flow_id and the DNS id.
//  - A query ("query" in v1/v2, "request" in v3) waits in a table.
//  - A whole answer (v2 "answer", v3 "response", a v1 error reply) completes the waiting query's record,
//    which is emitted then; with no query waiting, it is emitted on its own.
//  - v1 writes one "answer" event per answer record and nothing marks the last, so these gather in the
//    table for kGather of log time after the latest one.
//  - A query still unanswered kAnswerWait of log time later, or at the end of the file, is emitted
//    without answers (Zeek logs unanswered queries too).
// "Log time" is the latest DNS timestamp read. The table holds at most kMaxPending entries: past that the
// oldest is emitted as it stands, so memory stays bounded whatever the file. Records leave in the order
// they complete, not strictly by ts.
class DnsPairer {
 public:
  DnsPairer(const LogSink& sink, ReadReport& report) : sink_(sink), report_(report) {}

  // False when the query repeats one already waiting (a second question or a retransmission): Zeek logs
  // a transaction once, with its first question.
  bool add(uint64_t flow_id, DnsRecord&& r, DnsEvent kind) {
    Key key{flow_id, r.trans_id ? *r.trans_id : kNoId};
    // Waits run from the log clock, not the event's own time: in a file whose times step back (files
    // joined, a clock reset) an event's wait would otherwise be over before it began.
    now_ = std::max(now_, r.id.ts);
    Timestamp clock = now_;
    auto it = pending_.find(key);
    bool kept = true;
    switch (kind) {
      case DnsEvent::kQuery:
        if (it != pending_.end() && !it->second.answered) {
          kept = false;
          break;
        }
        if (it != pending_.end()) emit(it);
        insert(key, std::move(r), clock + kAnswerWait, false);
        break;
      case DnsEvent::kAnswer:
        if (it != pending_.end() && !it->second.answered) {
          add_reply(it->second.record, std::move(r));
          emit(it);
          break;
        }
        if (it != pending_.end()) emit(it);
        deliver(std::move(r));
        break;
      case DnsEvent::kOneAnswerRecord: add_answer_record(key, it, std::move(r), clock); break;
    }
    expire();
    return kept;
  }

  void finish() {
    while (!order_.empty()) pop_front();
  }

 private:
  struct Key {
    uint64_t flow_id;
    uint32_t id;
    friend bool operator==(const Key&, const Key&) = default;
  };
  struct KeyHash {
    size_t operator()(const Key& k) const noexcept { return std::hash<uint64_t>{}(k.flow_id ^ (uint64_t{k.id} << 47)); }
  };
  struct Pending {
    DnsRecord record;
    Timestamp due;     // when to stop waiting
    uint64_t seq = 0;  // its place in order_ (entries there outlive their record)
    bool answered = false;
  };
  using Table = std::unordered_map<Key, Pending, KeyHash>;
  static constexpr uint32_t kNoId = 0x10000;
  static constexpr size_t kMaxPending = 100'000;
  static constexpr Duration kAnswerWait = Duration::seconds(60);
  static constexpr Duration kGather = Duration::seconds(5);

  void add_answer_record(const Key& key, Table::iterator it, DnsRecord&& r, Timestamp clock) {
    if (it == pending_.end()) {
      insert(key, std::move(r), clock + kGather, true);
      return;
    }
    Pending& p = it->second;
    if (p.answered) add_answers(p.record, std::move(r));
    else add_reply(p.record, std::move(r));  // the first record of the reply: rtt, rcode, flags
    p.answered = true;
    p.due = clock + kGather;
  }

  void insert(const Key& key, DnsRecord&& r, Timestamp due, bool answered) {
    Pending& p = pending_[key];
    p = Pending{std::move(r), due, ++seq_, answered};
    order_.emplace_back(key, p.seq);
    while (order_.size() > kMaxPending) pop_front();
  }

  // Emits what has waited long enough, oldest first; forgets order_ entries whose record has left.
  void expire() {
    while (!order_.empty()) {
      auto it = pending_.find(order_.front().first);
      bool stale = it == pending_.end() || it->second.seq != order_.front().second;
      if (!stale && !(it->second.due < now_)) return;
      pop_front();
    }
  }

  void pop_front() {
    auto it = pending_.find(order_.front().first);
    if (it != pending_.end() && it->second.seq == order_.front().second) emit(it);
    order_.pop_front();
  }

  void emit(Table::iterator it) {
    deliver(std::move(it->second.record));
    pending_.erase(it);
  }

  void deliver(DnsRecord&& r) {
    ++report_.records[static_cast<size_t>(LogKind::kDns)];
    if (sink_.dns) sink_.dns(std::move(r));
  }

  const LogSink& sink_;
  ReadReport& report_;
  Table pending_;
  std::deque<std::pair<Key, uint64_t>> order_;
  uint64_t seq_ = 0;
  Timestamp now_{INT64_MIN};
};

}  // namespace vigil
