// faultproxy/fault_schedule.cpp: profiles and the seeded decision of each request (fault_schedule.hpp).
#include "fault_schedule.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <utility>

namespace coach::faults {
namespace {

// SplitMix64 (Steele, Lea, Flood 2014): a well-mixed 64-bit hash of its input. The decision for request n is a
// hash of (seed, n), not a step of a shared generator, so it does not depend on which thread asks first.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

struct Named {
  std::string_view name;
  std::uint32_t FaultProfile::*field;
};

constexpr std::array<Named, 7> kFields{{{"delay", &FaultProfile::delay},
                                        {"drop", &FaultProfile::drop},
                                        {"truncate-request", &FaultProfile::truncateRequest},
                                        {"truncate-response", &FaultProfile::truncateResponse},
                                        {"reset", &FaultProfile::reset},
                                        {"duplicate", &FaultProfile::duplicate},
                                        {"max-delay", &FaultProfile::maxDelayMillis}}};

Error badProfile(std::string_view part, std::string_view why) {
  return makeError(ErrorCode::InvalidArgument,
                   "the fault profile part '" + std::string(part) + "' " + std::string(why) +
                       ": use none, mild, hostile, or a list such as drop=20,reset=10,delay=100,max-delay=40 "
                       "(per-mille chances adding up to at most 1000)");
}

Status applyPart(FaultProfile& profile, std::string_view part) {
  const std::size_t eq = part.find('=');
  if (eq == std::string_view::npos) return badProfile(part, "is not name=number");
  const std::string_view name = part.substr(0, eq);
  const std::string_view number = part.substr(eq + 1);
  std::uint32_t value = 0;
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (ec != std::errc() || end != number.data() + number.size()) return badProfile(part, "has no whole number");
  for (const Named& f : kFields) {
    if (f.name != name) continue;
    if (name != "max-delay" && value > 1000) return badProfile(part, "is more than 1000 per-mille");
    if (name == "max-delay" && (value == 0 || value > 600000)) return badProfile(part, "is not 1..600000 ms");
    profile.*f.field = value;
    return {};
  }
  return badProfile(part, "names no fault");
}

}  // namespace

std::string_view actionName(FaultAction action) {
  switch (action) {
    case FaultAction::Pass: return "pass";
    case FaultAction::Delay: return "delay";
    case FaultAction::Drop: return "drop";
    case FaultAction::TruncateRequest: return "truncate-request";
    case FaultAction::TruncateResponse: return "truncate-response";
    case FaultAction::Reset: return "reset";
    case FaultAction::Duplicate: return "duplicate";
  }
  return "pass";
}

Result<FaultProfile> FaultProfile::parse(std::string_view text) {
  FaultProfile p;
  if (text == "none") return p;
  if (text == "mild") {
    p.delay = 40, p.drop = 15, p.truncateRequest = 10, p.truncateResponse = 10, p.reset = 15, p.duplicate = 10;
    p.maxDelayMillis = 30;
    return p;
  }
  if (text == "hostile") {
    p.delay = 100, p.drop = 50, p.truncateRequest = 40, p.truncateResponse = 40, p.reset = 50, p.duplicate = 50;
    p.maxDelayMillis = 50;
    return p;
  }
  if (text.empty()) return badProfile(text, "is empty");
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    COACH_TRY(applyPart(p, text.substr(0, comma)));
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
  }
  if (p.total() > 1000) return badProfile(p.describe(), "adds up to more than 1000 per-mille");
  return p;
}

std::string FaultProfile::describe() const {
  std::string out;
  for (const Named& f : kFields) {
    if (!out.empty()) out += ',';
    out += std::string(f.name) + "=" + std::to_string(this->*f.field);
  }
  return out;
}

FaultDecision FaultSchedule::decide(std::uint64_t n) const {
  const std::uint64_t h1 = mix(seed_ ^ mix(n));
  const std::uint64_t h2 = mix(h1);
  const auto roll = static_cast<std::uint32_t>(h1 % 1000);
  FaultDecision d;
  d.delayMillis = 1 + static_cast<std::uint32_t>(h2 % std::max<std::uint32_t>(profile_.maxDelayMillis, 1));
  d.keepPerMille = 1 + static_cast<std::uint32_t>((h2 >> 32) % 999);
  const std::pair<std::uint32_t, FaultAction> bands[] = {
      {profile_.delay, FaultAction::Delay},
      {profile_.drop, FaultAction::Drop},
      {profile_.truncateRequest, FaultAction::TruncateRequest},
      {profile_.truncateResponse, FaultAction::TruncateResponse},
      {profile_.reset, FaultAction::Reset},
      {profile_.duplicate, FaultAction::Duplicate}};
  std::uint32_t upTo = 0;
  for (const auto& [chance, action] : bands) {
    upTo += chance;
    if (roll < upTo) {
      d.action = action;
      return d;
    }
  }
  return d;
}

}  // namespace coach::faults
