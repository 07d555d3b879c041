#include "query/calendar.hpp"

#include <chrono>
#include <cstdio>

#include <date/date.h>
#include <date/iso_week.h>
#include <date/tz.h>

#include "store/store_impl.hpp"

namespace coach::calendar {
namespace {

date::year_month_day parse(std::string_view s) {
  auto num = [&](std::size_t pos, std::size_t len) {
    int v = 0;
    for (std::size_t i = pos; i < pos + len; ++i) v = v * 10 + (s[i] - '0');
    return v;
  };
  return date::year_month_day{date::year{num(0, 4)}, date::month{static_cast<unsigned>(num(5, 2))},
                              date::day{static_cast<unsigned>(num(8, 2))}};
}

std::string format(const date::year_month_day& ymd) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

}  // namespace

std::int64_t toDays(std::string_view isoDate) {
  return date::sys_days{parse(isoDate)}.time_since_epoch().count();
}

std::string fromDays(std::int64_t days) {
  return format(date::year_month_day{date::sys_days{date::days{days}}});
}

std::string addDays(std::string_view isoDate, std::int64_t days) { return fromDays(toDays(isoDate) + days); }

std::string addMonths(std::string_view isoDate, int months) {
  date::year_month_day ymd = parse(isoDate);
  const date::year_month ym = date::year_month{ymd.year(), ymd.month()} + date::months{months};
  const date::day last = date::year_month_day_last{ym.year(), date::month_day_last{ym.month()}}.day();
  return format(date::year_month_day{ym.year(), ym.month(), std::min(ymd.day(), last)});
}

std::int64_t daysBetween(std::string_view from, std::string_view to) { return toDays(to) - toDays(from); }

std::string IsoWeek::toString() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-W%02u", year, week);
  return buf;
}

IsoWeek isoWeek(std::string_view isoDate) {
  const iso_week::year_weeknum_weekday w{date::sys_days{parse(isoDate)}};
  return IsoWeek{static_cast<int>(w.year()), static_cast<unsigned>(w.weeknum())};
}

std::string amsterdamDay(std::int64_t utcMillis) {
  static const date::time_zone* zone = date::locate_zone("Europe/Amsterdam");
  const date::sys_time<std::chrono::milliseconds> instant{std::chrono::milliseconds{utcMillis}};
  const auto local = date::make_zoned(zone, instant).get_local_time();
  return format(date::year_month_day{date::floor<date::days>(local)});
}

std::string amsterdamMinute(std::int64_t utcMillis) {
  static const date::time_zone* zone = date::locate_zone("Europe/Amsterdam");
  const date::sys_time<std::chrono::milliseconds> instant{std::chrono::milliseconds{utcMillis}};
  const auto local = date::make_zoned(zone, instant).get_local_time();
  const auto day = date::floor<date::days>(local);
  const date::hh_mm_ss<std::chrono::minutes> time{date::floor<std::chrono::minutes>(local - day)};
  char buf[8];
  std::snprintf(buf, sizeof buf, "T%02d:%02d", static_cast<int>(time.hours().count()),
                static_cast<int>(time.minutes().count()));
  return format(date::year_month_day{day}) + buf;
}

}  // namespace coach::calendar

namespace coach {
std::string amsterdamDate(std::int64_t utcMillis) { return calendar::amsterdamDay(utcMillis); }
}  // namespace coach
