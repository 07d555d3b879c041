#include "syncd/rate_limit.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

namespace coach::syncd {

std::uint32_t RateLimiter::take(const std::string& key, std::int64_t now) { return spend(key, now, true); }
std::uint32_t RateLimiter::peek(const std::string& key, std::int64_t now) { return spend(key, now, false); }

std::uint32_t RateLimiter::spend(const std::string& key, std::int64_t now, bool commit) {
  Shard& shard = shards_[std::hash<std::string>{}(key) % shards_.size()];
  std::lock_guard lock(shard.mu);
  // Forget buckets that have been full for a minute: a full bucket is the same as no bucket.
  const std::int64_t refillMillis = static_cast<std::int64_t>(burst_ / rate_ * 1000.0) + 60'000;
  if (now - shard.lastSweep > 60'000) {
    std::erase_if(shard.buckets, [&](const auto& entry) { return now - entry.second.updated > refillMillis; });
    shard.lastSweep = now;
  }
  auto [it, fresh] = shard.buckets.try_emplace(key, Bucket{burst_, now});
  Bucket& b = it->second;
  if (!fresh) {
    const double elapsed = static_cast<double>(std::max<std::int64_t>(0, now - b.updated)) / 1000.0;
    b.tokens = std::min(burst_, b.tokens + elapsed * rate_);
    b.updated = now;
  }
  if (b.tokens >= 1.0) {
    if (commit) b.tokens -= 1.0;
    return 0;
  }
  return static_cast<std::uint32_t>(std::ceil((1.0 - b.tokens) / rate_));
}

}  // namespace coach::syncd
