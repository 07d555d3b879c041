// coach/clock.hpp: WallClock, the injectable source of "now" for everything in the core.
//
// The HLC, the agenda's "today" and the access log read time only through a WallClock, so tests can run at
// any instant (DST edges, a clock a day ahead, a clock that jumps back). SystemClock is the real one.
// Implementations must be thread-safe.
#pragma once

#include <atomic>
#include <cstdint>

namespace coach {

class WallClock {
 public:
  virtual ~WallClock() = default;
  // Milliseconds since the Unix epoch, UTC.
  virtual std::int64_t nowMillis() const = 0;
};

class SystemClock final : public WallClock {
 public:
  std::int64_t nowMillis() const override;
};

// A clock tests set by hand.
class ManualClock final : public WallClock {
 public:
  explicit ManualClock(std::int64_t millis) : millis_(millis) {}
  std::int64_t nowMillis() const override { return millis_.load(); }
  void set(std::int64_t millis) { millis_.store(millis); }
  void advance(std::int64_t millis) { millis_.fetch_add(millis); }

 private:
  std::atomic<std::int64_t> millis_;
};

}  // namespace coach
