// query/calendar.hpp: calendar arithmetic on business dates ("YYYY-MM-DD" in Europe/Amsterdam).
//
// Business dates are the days a coach entered; they are never derived from HLC stamps. "Today" is the
// Amsterdam calendar day of the store's wall clock, across DST changes (date/tz with the system tz database).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace coach::calendar {

// Days since 1970-01-01 of a valid "YYYY-MM-DD" (callers pass validated dates).
std::int64_t toDays(std::string_view isoDate);
std::string fromDays(std::int64_t days);
std::string addDays(std::string_view isoDate, std::int64_t days);
// The same day `months` later, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29).
std::string addMonths(std::string_view isoDate, int months);
std::int64_t daysBetween(std::string_view from, std::string_view to);

struct IsoWeek {
  int year = 0;
  unsigned week = 0;
  friend auto operator<=>(const IsoWeek&, const IsoWeek&) = default;
  std::string toString() const;  // "2026-W53"
};
IsoWeek isoWeek(std::string_view isoDate);

// The Amsterdam calendar day of a UTC instant.
std::string amsterdamDay(std::int64_t utcMillis);
// The Amsterdam wall time of a UTC instant to the minute, "YYYY-MM-DDTHH:MM" (a DateTime field's form).
std::string amsterdamMinute(std::int64_t utcMillis);

}  // namespace coach::calendar
