// BrowsingHost: sessions, page loads and the connections of one page.
#include "browsing_host.h"

#include <algorithm>

#include "sim_clock.h"

namespace vigil::sim {
namespace {

constexpr double kMeanSessionGapS = 25 * 60;
constexpr double kMeanPagesPerSession = 15;
constexpr double kMeanPageGapS = 25;
constexpr int kMaxAssetHosts = 4;
constexpr const char* kBrowserAgent =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";

}  // namespace

BrowsingHost::BrowsingHost(const World& world, size_t host, int64_t start_ns, int64_t end_ns, uint64_t seed)
    : world_(world), host_(host), end_ns_(end_ns), rng_(seed) {
  day_start_h_ = rng_.uniform(8.0, 9.5);
  day_end_h_ = rng_.uniform(16.5, 18.0);
  int64_t first = next_session_start(start_ns);
  next_ns_ = first < end_ns_ ? first : kNever;
}

// Sessions start at random within this person's office hours, Monday to Friday.
int64_t BrowsingHost::next_session_start(int64_t after) {
  int64_t t = after + to_ns(rng_.exponential(kMeanSessionGapS));
  for (;;) {
    int64_t day = midnight_of(t);
    int64_t open = day + to_ns(day_start_h_ * 3600), close = day + to_ns(day_end_h_ * 3600);
    if (weekday_of(t) < 5 && t >= open && t < close) return t;
    if (weekday_of(t) < 5 && t < open) {
      t = open + to_ns(rng_.exponential(kMeanSessionGapS / 4));
      continue;
    }
    t = day + kNsPerDay;  // past today's hours or a weekend day: try tomorrow morning
  }
}

void BrowsingHost::fire(RecordMaker& out) {
  if (pages_left_ == 0) pages_left_ = 1 + static_cast<int>(rng_.exponential(kMeanPagesPerSession - 1));
  page_load(out, next_ns_);
  --pages_left_;
  int64_t next = pages_left_ > 0 ? next_ns_ + to_ns(1 + rng_.exponential(kMeanPageGapS))
                                 : next_session_start(next_ns_);
  next_ns_ = next < end_ns_ ? next : kNever;
}

void BrowsingHost::page_load(RecordMaker& out, int64_t ts) {
  visit(out, ts, world_.pick_site(rng_), true);
  int assets = static_cast<int>(rng_.below(kMaxAssetHosts + 1));
  for (int i = 0; i < assets; ++i) {
    ts += to_ns(rng_.uniform(0.02, 0.3));
    visit(out, ts, world_.pick_site(rng_), false);
  }
}

void BrowsingHost::visit(RecordMaker& out, int64_t ts, size_t site_index, bool main_page) {
  const Site& site = world_.sites()[site_index];
  int64_t& valid_until = dns_cache_[site_index];
  if (ts >= valid_until) {
    out.dns(ts, host_, site.name, site.addresses, site.ttl_s);
    valid_until = ts + static_cast<int64_t>(site.ttl_s) * kNsPerSec;
    ts += 5'000'000;
  }
  const IpAddr& server = site.addresses[rng_.below(site.addresses.size())];
  auto response = static_cast<uint32_t>(std::min<double>(2e6, 800 / (1 - rng_.uniform()) ));  // Pareto tail
  if (site.https) {
    std::vector<Exchange> exchanges;
    int requests = main_page ? 1 + static_cast<int>(rng_.below(4)) : 1;
    for (int i = 0; i < requests; ++i) {
      exchanges.push_back(Exchange{static_cast<uint32_t>(rng_.uniform(300, 1500)), response,
                                   to_ns(rng_.uniform(0.001, 0.2)), to_ns(rng_.uniform(0.005, 0.15))});
      response = static_cast<uint32_t>(std::min<double>(2e6, 500 / (1 - rng_.uniform())));
    }
    out.tls(ts, host_, server, 443, site.name, true, exchanges, -1);
    return;
  }
  HttpRequest req;
  req.uri = main_page ? "/" : "/static/app.js";
  req.user_agent = kBrowserAgent;
  req.response_body = response;
  req.content_type = main_page ? "text/html" : "application/javascript";
  out.http(ts, host_, server, 80, site.name, req, -1);
}

}  // namespace vigil::sim
