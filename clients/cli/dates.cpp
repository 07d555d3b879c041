// dates.cpp: parsing and showing business dates (dates.hpp), with Howard Hinnant's date library.
#include "dates.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <chrono>
#include <optional>

#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>

namespace coach::cli {
namespace {

std::string lower(std::string_view s) {
  std::string out;
  for (char c : s) out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return out;
}

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

// All digits, minDigits..maxDigits long, as a number. Digits only: from_chars alone would take "-5" (a fuzzed
// "gisteren 9:-5" became 09:-5, tests/fuzz/corpus/fuzz_typed_input/regress-negative-minute).
std::optional<int> number(std::string_view s, std::size_t minDigits, std::size_t maxDigits) {
  if (s.size() < minDigits || s.size() > maxDigits) return std::nullopt;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  int v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<date::year_month_day> ymd(int y, int m, int d) {
  date::year_month_day v{date::year{y}, date::month{static_cast<unsigned>(m)},
                         date::day{static_cast<unsigned>(d)}};
  if (!v.ok() || y < 1900 || y > 2200) return std::nullopt;
  return v;
}

std::string iso(const date::year_month_day& v) { return date::format("%F", v); }

std::optional<date::year_month_day> parseIso(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto y = number(s.substr(0, 4), 4, 4), m = number(s.substr(5, 2), 2, 2), d = number(s.substr(8, 2), 2, 2);
  if (!y || !m || !d) return std::nullopt;
  return ymd(*y, *m, *d);
}

// d-m-yyyy or d/m/yyyy with one- or two-digit day and month.
std::optional<date::year_month_day> parseDutch(std::string_view s) {
  const char sep = s.find('/') != std::string_view::npos ? '/' : '-';
  const auto a = s.find(sep), b = s.find(sep, a == std::string_view::npos ? a : a + 1);
  if (a == std::string_view::npos || b == std::string_view::npos) return std::nullopt;
  auto d = number(s.substr(0, a), 1, 2), m = number(s.substr(a + 1, b - a - 1), 1, 2);
  auto y = number(s.substr(b + 1), 4, 4);
  if (!d || !m || !y) return std::nullopt;
  return ymd(*y, *m, *d);
}

std::optional<int> relativeDay(const std::string& word) {
  static constexpr std::array<std::pair<std::string_view, int>, 9> kWords{{{"vandaag", 0}, {"today", 0},
      {"gisteren", -1}, {"yesterday", -1}, {"eergisteren", -2}, {"morgen", 1}, {"tomorrow", 1},
      {"overmorgen", 2}, {"day-after-tomorrow", 2}}};
  for (const auto& [w, offset] : kWords) {
    if (word == w) return offset;
  }
  return std::nullopt;
}

// "14:30", "9:05", "14.30" -> "14:30".
std::optional<std::string> parseTime(std::string_view s) {
  const auto sep = s.find_first_of(":.");
  if (sep == std::string_view::npos) return std::nullopt;
  auto h = number(s.substr(0, sep), 1, 2), m = number(s.substr(sep + 1), 2, 2);
  if (!h || !m || *h > 23 || *m > 59) return std::nullopt;
  return fmt::format("{:02}:{:02}", *h, *m);
}

}  // namespace

std::string addDays(std::string_view isoDay, int days) {
  auto v = parseIso(isoDay);
  if (!v) return std::string(isoDay);
  return iso(date::year_month_day{date::sys_days{*v} + date::days{days}});
}

Result<std::string> parseDate(std::string_view text, std::string_view today, const Messages& msg) {
  const std::string t = lower(trim(text));
  if (auto offset = relativeDay(t)) return addDays(today, *offset);
  if (auto v = parseIso(t)) return iso(*v);
  if (auto v = parseDutch(t)) return iso(*v);
  return makeError(ErrorCode::InvalidArgument, msg("date.invalid", text));
}

Result<std::string> parseDateTime(std::string_view text, std::string_view now, const Messages& msg) {
  const std::string t = lower(trim(text));
  if (t == "nu" || t == "now") return std::string(now);
  auto split = t.rfind(' ');
  if (split == std::string::npos && t.size() > 10 && t[10] == 't') split = 10;  // 2026-01-29T14:30
  if (split == std::string::npos) {
    // A day without a time: say so, rather than inventing one.
    if (parseDate(t, now.substr(0, 10), msg).ok()) {
      return makeError(ErrorCode::InvalidArgument, msg("datetime.no_time", text));
    }
    return makeError(ErrorCode::InvalidArgument, msg("datetime.invalid", text));
  }
  auto day = parseDate(t.substr(0, split), now.substr(0, 10), msg);
  auto time = parseTime(trim(t.substr(split + 1)));
  if (!day.ok() || !time) return makeError(ErrorCode::InvalidArgument, msg("datetime.invalid", text));
  return day.value() + "T" + *time;
}

std::string displayDate(std::string_view isoDay, Lang lang) {
  if (lang == Lang::En) return std::string(isoDay);
  auto v = parseIso(isoDay.substr(0, 10));
  if (!v) return std::string(isoDay);
  return date::format("%d-%m-%Y", *v);
}

std::string displayDateTime(std::string_view isoDateTime, Lang lang) {
  if (isoDateTime.size() < 16) return displayDate(isoDateTime, lang);
  return displayDate(isoDateTime.substr(0, 10), lang) + " " + std::string(isoDateTime.substr(11, 5));
}

std::string amsterdamLocal(std::int64_t unixMillis) {
  const date::sys_time<std::chrono::milliseconds> t{std::chrono::milliseconds{unixMillis}};
  const auto local = date::make_zoned("Europe/Amsterdam", t).get_local_time();
  return date::format("%FT%H:%M", date::floor<std::chrono::minutes>(local));
}

}  // namespace coach::cli
