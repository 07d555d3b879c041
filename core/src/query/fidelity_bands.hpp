// query/fidelity_bands.hpp: the anchors that turn an IPS-25 item's raw figure into a score of 1-5.
//
// Where DOMAIN.md ("Rules the product computes") gives a band it is used exactly (S1, V4, V6's norm of 6 and
// the total's bands); the other anchors follow the IPS-25 scale's own percentages and are listed in
// docs/figures.md. Shares are compared in integers (part * 100 against threshold * whole), so an edge such as
// 17 of 20 = 85% is never lost to rounding.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>

namespace coach::figures {

// part/whole >= pct%, exactly.
inline bool atLeastPercent(std::int64_t part, std::int64_t whole, std::int64_t pct) {
  return part * 100 >= pct * whole;
}

// Scores 5..2 at or above the four thresholds (descending), else 1.
inline int byShare(std::int64_t part, std::int64_t whole, std::int64_t t5, std::int64_t t4, std::int64_t t3,
                   std::int64_t t2) {
  if (atLeastPercent(part, whole, t5)) return 5;
  if (atLeastPercent(part, whole, t4)) return 4;
  if (atLeastPercent(part, whole, t3)) return 3;
  if (atLeastPercent(part, whole, t2)) return 2;
  return 1;
}

// S1 (DOMAIN.md): active participants per coach FTE: 20 or fewer 5, 21-25 4, 26-30 3, 31-40 2, 41+ 1. A
// fractional caseload above a whole number belongs to the next band (20.5 scores 4).
inline int caseloadScore(double perFte) {
  if (perFte <= 20) return 5;
  if (perFte <= 25) return 4;
  if (perFte <= 30) return 3;
  if (perFte <= 40) return 2;
  return 1;
}

// V4 (DOMAIN.md): days from programme entry to the first face-to-face employer contact: 30 or fewer 5,
// 31-60 4, 61-150 3, 151-270 2, more 1. Applied to the mean over the participants counted.
inline int rapidSearchScore(double days) {
  if (days <= 30) return 5;
  if (days <= 60) return 4;
  if (days <= 150) return 3;
  if (days <= 270) return 2;
  return 1;
}

// V6: face-to-face employer contacts per coach per ISO week, on average. DOMAIN.md: 6 or more is the norm
// (5); IPS-25's lower anchors: 5 per week 4, 4 per week 3, 2 per week 2, fewer 1.
inline int employerContactScore(double perWeek) {
  if (perWeek >= 6) return 5;
  if (perWeek >= 5) return 4;
  if (perWeek >= 4) return 3;
  if (perWeek >= 2) return 2;
  return 1;
}

// V1, V3, V5, V11, V12: the share of cases that met the rule: 90%+ 5, 75-89% 4, 50-74% 3, 25-49% 2, <25% 1.
inline int shareScore(std::int64_t part, std::int64_t whole) { return byShare(part, whole, 90, 75, 50, 25); }

// O1: the share of a coach's active caseload from the coach's (at most) two treatment teams:
// 90%+ 5, 80-89% 4, 70-79% 3, 50-69% 2, <50% 1.
inline int teamAssignmentScore(std::int64_t part, std::int64_t whole) { return byShare(part, whole, 90, 80, 70, 50); }

// V8, V9: the share of distinct job types (employers) among the jobs started: 85%+ 5, 70-84% 4, 60-69% 3,
// 50-59% 2, <50% 1.
inline int diversityScore(std::int64_t part, std::int64_t whole) { return byShare(part, whole, 85, 70, 60, 50); }

// V10: the share of competitive jobs among the jobs started: 95%+ 5, 85-94% 4, 75-84% 3, 65-74% 2, <65% 1.
inline int competitiveScore(std::int64_t part, std::int64_t whole) { return byShare(part, whole, 95, 85, 75, 65); }

// V13: the share of recorded contact time spent in the community: 65%+ 5, 50-64% 4, 40-49% 3, 30-39% 2, <30% 1.
inline int communityScore(std::int64_t part, std::int64_t whole) { return byShare(part, whole, 65, 50, 40, 30); }

}  // namespace coach::figures
