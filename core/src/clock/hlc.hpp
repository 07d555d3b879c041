// clock/hlc.hpp: the hybrid logical clock that stamps every field change (ARCHITECTURE.md, "Clocks").
//
// A stamp is 64 bits: the high 48 hold milliseconds since the Unix epoch, the low 16 a counter. Stamps order
// first by that value, then by device id (the tie-break lives with the stamp's owner, see FieldStamp).
// now() is strictly monotonic: never below the last stamp it issued or received, across restarts too, since
// the owner persists last() and hands it back to restore(). When the counter would overflow, the clock moves
// one logical millisecond ahead of the wall instead of throwing. receive() refuses a remote stamp further
// ahead of our wall clock than the drift bound, and then leaves the clock untouched, so a device with a wrong
// clock can never drag ours into the future.
//
// Thread-safety: not thread-safe; the store serialises all use under its write lock.
#pragma once

#include <cstdint>
#include <string>

#include "coach/clock.hpp"
#include "coach/result.hpp"

namespace coach {

struct Hlc {
  std::uint64_t value = 0;

  static constexpr int kCounterBits = 16;
  static constexpr std::uint64_t kCounterMask = (1u << kCounterBits) - 1;
  static constexpr std::uint64_t kMaxMillis = (std::uint64_t{1} << 48) - 1;

  static Hlc from(std::uint64_t millis, std::uint16_t counter) {
    return Hlc{(millis << kCounterBits) | counter};
  }
  std::uint64_t millis() const { return value >> kCounterBits; }
  std::uint16_t counter() const { return static_cast<std::uint16_t>(value & kCounterMask); }
  friend auto operator<=>(const Hlc&, const Hlc&) = default;
  // "2026-11-22T09:14:03.123Z+5" (UTC, counter after the plus), for logs and error messages.
  std::string toString() const;
};

class HybridClock {
 public:
  static constexpr std::int64_t kDefaultDriftBoundMillis = 5 * 60 * 1000;

  explicit HybridClock(const WallClock& wall, std::int64_t driftBoundMillis = kDefaultDriftBoundMillis)
      : wall_(wall), driftBound_(driftBoundMillis) {}

  // A new stamp, greater than every stamp issued or received before.
  Hlc now();
  // Takes a remote stamp into account. ClockDrift (and no change) when it is more than the drift bound ahead
  // of our wall clock.
  Status receive(Hlc remote);
  // Checks a remote stamp against the drift bound without changing the clock.
  Status checkDrift(Hlc remote) const;

  Hlc last() const { return last_; }
  // Restores the last stamp persisted before a restart (never moves the clock backwards).
  void restore(Hlc persisted) { if (persisted > last_) last_ = persisted; }
  std::int64_t driftBoundMillis() const { return driftBound_; }

 private:
  std::uint64_t wallMillis() const;
  const WallClock& wall_;
  std::int64_t driftBound_;
  Hlc last_{};
};

}  // namespace coach
