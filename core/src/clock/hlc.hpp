// clock/hlc.hpp: the hybrid logical clock that stamps every field change (ARCHITECTURE.md, "Clocks").
//
// A stamp is 64 bits: the high 48 hold milliseconds since the Unix epoch, the low 16 a counter. Stamps order
// first by that value, then by device id (the tie-break lives with the stamp's owner, see FieldStamp).
// now() is strictly monotonic: never below the last stamp it issued or received, across restarts too, since
// the owner persists last() and hands it back to restore(). When the counter would overflow, the clock moves
// one logical millisecond ahead of the wall instead of throwing. receive() refuses a remote stamp further
// ahead of our wall clock than the drift bound, and then leaves the clock untouched, so a device with a wrong
// clock can never drag ours into the future. Its message names the side whose clock is wrong: on the server,
// the pushing device; on a device, the sender, unless this device has already issued or received stamps
// beyond the bound of its own wall clock, which shows that its own clock went back. rewind() is the one way
// back for a device whose clock ran ahead and was corrected (store/clock_rewind.cpp, docs/faults.md).
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

// Who checks a remote stamp against the drift bound, so the clock_drift message speaks from that side.
enum class DriftCheck {
  OnDevice,  // a device receiving another device's change (pull, snapshot)
  AtServer,  // the sync server receiving a device's push
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
  // Checks a remote stamp against the drift bound without changing the clock. ClockDrift with a message for
  // the side `where` when it is more than the bound ahead of our wall clock.
  Status checkDrift(Hlc remote, DriftCheck where = DriftCheck::OnDevice) const;
  // The greatest stamp within the drift bound of the wall clock now: any stamp above it would be refused.
  Hlc boundStamp() const;
  // Whether this clock has issued or received a stamp beyond the drift bound of its wall clock now: the wall
  // clock went back, or stamps were issued while it ran ahead.
  bool aheadOfWall() const { return last_ > boundStamp(); }
  // Sets the clock back to `to` (or to the wall clock, if later). Only for a device whose stamps beyond the
  // bound have all been re-stamped (store/clock_rewind.cpp): monotonicity holds for every stamp that remains.
  void rewind(Hlc to);

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
