#include <catch2/catch.hpp>

#include "query/calendar.hpp"
#include "temp_profile.hpp"

using namespace coach;
using namespace coach::calendar;

namespace {
std::int64_t utc(int y, unsigned m, unsigned d, int h, int min) {
  // Days from civil (Howard Hinnant's algorithm, the same one date.h uses), for test inputs only.
  const std::string iso = std::to_string(y) + "-" + (m < 10 ? "0" : "") + std::to_string(m) + "-" + (d < 10 ? "0" : "") + std::to_string(d);
  return (toDays(iso) * 86400 + h * 3600 + min * 60) * 1000;
}
}  // namespace

TEST_CASE("Today is the Amsterdam calendar day, across both DST changes", "[query][calendar]") {
  // Spring forward: 2026-03-29 01:00 UTC. 23:30 UTC the day before is already 00:30 CET on the 29th.
  CHECK(amsterdamDay(utc(2026, 3, 28, 22, 59)) == "2026-03-28");
  CHECK(amsterdamDay(utc(2026, 3, 28, 23, 0)) == "2026-03-29");
  CHECK(amsterdamDay(utc(2026, 3, 29, 21, 59)) == "2026-03-29");  // 23:59 CEST
  CHECK(amsterdamDay(utc(2026, 3, 29, 22, 0)) == "2026-03-30");   // 00:00 CEST
  // Fall back: 2026-10-25 01:00 UTC. Before it Amsterdam is UTC+2, after it UTC+1.
  CHECK(amsterdamDay(utc(2026, 10, 24, 21, 59)) == "2026-10-24");
  CHECK(amsterdamDay(utc(2026, 10, 24, 22, 0)) == "2026-10-25");
  CHECK(amsterdamDay(utc(2026, 10, 25, 22, 59)) == "2026-10-25");  // 23:59 CET
  CHECK(amsterdamDay(utc(2026, 10, 25, 23, 0)) == "2026-10-26");
}

TEST_CASE("The store's today follows its injected clock in Amsterdam time", "[query][calendar]") {
  coach::test::TempProfile t;
  t.clock.set(utc(2026, 10, 24, 22, 30));
  CHECK(t.store->today() == "2026-10-25");
  t.clock.set(utc(2026, 10, 24, 21, 30));
  CHECK(t.store->today() == "2026-10-24");
}

TEST_CASE("ISO weeks at the turn of the year", "[query][calendar]") {
  CHECK(isoWeek("2026-01-01").toString() == "2026-W01");  // a Thursday: week 1
  CHECK(isoWeek("2025-12-29").toString() == "2026-W01");  // Monday of 2026-W01
  CHECK(isoWeek("2026-12-31").toString() == "2026-W53");  // 2026 has 53 weeks
  CHECK(isoWeek("2027-01-03").toString() == "2026-W53");
  CHECK(isoWeek("2027-01-04").toString() == "2027-W01");
  CHECK(isoWeek("2026-03-29").toString() == "2026-W13");  // the Sunday of the spring DST change
}

TEST_CASE("Day and month arithmetic on business dates", "[query][calendar]") {
  CHECK(addDays("2026-03-28", 2) == "2026-03-30");
  CHECK(addDays("2026-01-01", -1) == "2025-12-31");
  CHECK(addMonths("2026-01-31", 1) == "2026-02-28");
  CHECK(addMonths("2028-01-31", 1) == "2028-02-29");
  CHECK(addMonths("2026-03-30", 12) == "2027-03-30");
  CHECK(daysBetween("2026-03-01", "2026-03-31") == 30);
  CHECK(daysBetween("2026-10-24", "2026-10-26") == 2);  // a 25-hour day still counts as one
}
