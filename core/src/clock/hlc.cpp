#include "clock/hlc.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace coach {

std::int64_t SystemClock::nowMillis() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string Hlc::toString() const {
  const auto ms = static_cast<std::int64_t>(millis());
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ+%u", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000),
                static_cast<unsigned>(counter()));
  return buf;
}

std::uint64_t HybridClock::wallMillis() const {
  const std::int64_t ms = wall_.nowMillis();
  if (ms <= 0) return 0;
  const auto u = static_cast<std::uint64_t>(ms);
  return u > Hlc::kMaxMillis ? Hlc::kMaxMillis : u;
}

Hlc HybridClock::now() {
  const std::uint64_t wall = wallMillis();
  if (wall > last_.millis()) {
    last_ = Hlc::from(wall, 0);
  } else if (last_.counter() < Hlc::kCounterMask) {
    last_ = Hlc{last_.value + 1};
  } else {
    // Counter exhausted within one millisecond: run one logical millisecond ahead of the wall clock. The
    // wall catches up within milliseconds; this never throws and never repeats a stamp.
    last_ = Hlc::from(last_.millis() + 1, 0);
  }
  return last_;
}

Hlc HybridClock::boundStamp() const {
  const std::uint64_t top = std::min(wallMillis() + static_cast<std::uint64_t>(driftBound_), Hlc::kMaxMillis);
  return Hlc::from(top, static_cast<std::uint16_t>(Hlc::kCounterMask));
}

void HybridClock::rewind(Hlc to) { last_ = std::max(to, Hlc::from(wallMillis(), 0)); }

Status HybridClock::checkDrift(Hlc remote, DriftCheck where) const {
  const std::uint64_t wall = wallMillis();
  const auto bound = static_cast<std::uint64_t>(driftBound_);
  if (remote.millis() <= wall + bound) return {};
  const std::string ahead = std::to_string((remote.millis() - wall) / 1000) + " seconds ahead of ";
  const std::string limit = " (the limit is " + std::to_string(bound / 1000) + " seconds)";
  if (where == DriftCheck::AtServer) {
    return makeError(ErrorCode::ClockDrift,
                     "this device's changes are stamped " + ahead + "the sync server's clock" + limit +
                         ", so the sending device's clock is wrong: that is this device's clock, set it to the "
                         "correct time and sync again. Nothing was lost: the changes wait on this device");
  }
  if (aheadOfWall()) {
    // This device itself issued or received stamps beyond the bound earlier: its own clock went back.
    const std::uint64_t back = (last_.millis() - wall) / 1000;
    return makeError(ErrorCode::ClockDrift,
                     "a change is stamped " + ahead + "this device's clock" + limit + ", and this device has seen "
                         "times " + std::to_string(back) + " seconds later than its clock shows: this device's "
                         "clock is wrong (behind); set it to the correct time and sync again");
  }
  return makeError(ErrorCode::ClockDrift,
                   "a change is stamped " + ahead + "this device's clock" + limit +
                       ": the sending device's clock is wrong; set it to the correct time and sync again");
}

Status HybridClock::receive(Hlc remote) {
  COACH_TRY(checkDrift(remote));
  const std::uint64_t wall = wallMillis();
  const Hlc wallStamp = Hlc::from(wall, 0);
  Hlc next = std::max({last_, remote, wallStamp});
  if (next == last_ || next == remote) {
    // Same millisecond as an existing stamp: step the counter past both (or overflow into the next ms).
    const Hlc top = std::max(last_, remote);
    next = top.counter() < Hlc::kCounterMask ? Hlc{top.value + 1} : Hlc::from(top.millis() + 1, 0);
    if (wallStamp > next) next = wallStamp;
  }
  last_ = next;
  return {};
}

}  // namespace coach
