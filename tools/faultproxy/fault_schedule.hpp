// faultproxy/fault_schedule.hpp: what the fault proxy does to each request, decided by a seeded schedule.
//
// Provides FaultProfile (the chance of each fault, in per-mille, and the longest delay), its parser for the
// command line ("mild", "hostile", or "drop=20,reset=10,delay=100,max-delay=40"), and FaultSchedule, which
// maps (seed, request number) to a FaultDecision. decide(n) is a pure function: the same seed and profile
// give the same decision for the n-th request on every run and every machine, whatever the thread timing.
// Which request is the n-th depends on arrival order, so a run with one device at a time replays exactly and
// a run with concurrent devices replays the same sequence of decisions.
//
// Thread-safety: FaultProfile and FaultSchedule are values; decide() is const and may be called concurrently.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "coach/result.hpp"

namespace coach::faults {

enum class FaultAction : std::uint8_t {
  Pass,              // forwarded unchanged
  Delay,             // held for delayMillis, then forwarded unchanged
  Drop,              // the client's connection closed (FIN) before anything reached the target
  TruncateRequest,   // only the first part of the request reaches the target, then both sides are closed
  TruncateResponse,  // the target answers in full; the client gets only the first part, then FIN
  Reset,             // the target answers in full; the client's connection is reset (RST, SO_LINGER 0) instead
  Duplicate,         // the request is sent twice: first on a new connection (its answer is thrown away), then as usual
};

inline constexpr int kFaultActionCount = 7;

// "pass", "delay", "drop", "truncate-request", "truncate-response", "reset", "duplicate".
std::string_view actionName(FaultAction action);

struct FaultProfile {
  // Chance of each fault per request in per-mille (0..1000); they add up to at most 1000, the rest passes.
  std::uint32_t delay = 0;
  std::uint32_t drop = 0;
  std::uint32_t truncateRequest = 0;
  std::uint32_t truncateResponse = 0;
  std::uint32_t reset = 0;
  std::uint32_t duplicate = 0;
  std::uint32_t maxDelayMillis = 50;  // a delay is uniform in 1..maxDelayMillis

  // "none" (everything passes), "mild" (about 1 request in 10 disturbed), "hostile" (about 1 in 3), or a
  // comma-separated list of name=per-mille (names as actionName, plus max-delay=milliseconds), starting from
  // nothing, e.g. "drop=50,reset=50,max-delay=20". InvalidArgument naming the bad part otherwise.
  static Result<FaultProfile> parse(std::string_view text);
  // The same list form, with every field ("delay=..,drop=..,...,max-delay=..").
  std::string describe() const;
  std::uint32_t total() const { return delay + drop + truncateRequest + truncateResponse + reset + duplicate; }
};

struct FaultDecision {
  FaultAction action = FaultAction::Pass;
  std::uint32_t delayMillis = 0;     // Delay: how long
  std::uint32_t keepPerMille = 500;  // Truncate*: how much of the message goes through (1..999 per-mille)
};

class FaultSchedule {
 public:
  FaultSchedule(std::uint64_t seed, FaultProfile profile) : seed_(seed), profile_(profile) {}
  // The decision for the n-th request (n counts from 0).
  FaultDecision decide(std::uint64_t n) const;
  const FaultProfile& profile() const { return profile_; }
  std::uint64_t seed() const { return seed_; }

 private:
  std::uint64_t seed_;
  FaultProfile profile_;
};

}  // namespace coach::faults
