// syncd/rate_limit.hpp: token buckets per key (a device, or a source address for enrolment attempts).
//
// `take(key, now)` spends one token and answers how many seconds to wait when none is left (0: go ahead).
// Buckets of keys not seen for a while are dropped, so memory stays bounded by the active keys.
//
// Thread-safety: safe from any thread (sharded mutexes).
#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace coach::syncd {

class RateLimiter {
 public:
  // `rate` tokens per second, at most `burst` saved up.
  RateLimiter(double rate, double burst) : rate_(rate), burst_(burst) {}
  // 0 when allowed (a token was spent); otherwise the whole seconds until the next token.
  std::uint32_t take(const std::string& key, std::int64_t nowMillis);
  // Whether a token is available, without spending it.
  std::uint32_t peek(const std::string& key, std::int64_t nowMillis);

 private:
  struct Bucket {
    double tokens = 0;
    std::int64_t updated = 0;
  };
  struct Shard {
    std::mutex mu;
    std::unordered_map<std::string, Bucket> buckets;
    std::int64_t lastSweep = 0;
  };
  std::uint32_t spend(const std::string& key, std::int64_t now, bool commit);
  double rate_;
  double burst_;
  std::array<Shard, 16> shards_;
};

}  // namespace coach::syncd
