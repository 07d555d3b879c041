// dates.hpp: dates and times as Dutch coaches type them, turned into the model's forms.
//
// Days: "29-01-2026" (also 29-1-2026, 29/01/2026), "2026-01-29", "vandaag"/"today", "gisteren"/"yesterday",
// "eergisteren", "morgen"/"tomorrow", "overmorgen". Result: "YYYY-MM-DD". Times: a day, a space (or "T") and
// "14:30" (also "9:05", "14.30"), or "nu"/"now". Result: "YYYY-MM-DDTHH:MM", local time in Europe/Amsterdam.
// Anything else is InvalidArgument with a message (in the chosen language) that shows what is accepted.
// Relative words count from `today` ("YYYY-MM-DD", the device's day in Amsterdam).
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "coach/result.hpp"
#include "messages.hpp"

namespace coach::cli {

Result<std::string> parseDate(std::string_view text, std::string_view today, const Messages& msg);
// `now` is "YYYY-MM-DDTHH:MM" (what "nu"/"now" means).
Result<std::string> parseDateTime(std::string_view text, std::string_view now, const Messages& msg);

// "YYYY-MM-DD" plus `days` (may be negative); the input must be a valid ISO day.
std::string addDays(std::string_view isoDay, int days);
// "29-01-2026" in Dutch, "2026-01-29" in English: how dates are shown in tables.
std::string displayDate(std::string_view isoDay, Lang lang);
// "29-01-2026 14:30" / "2026-01-29 14:30".
std::string displayDateTime(std::string_view isoDateTime, Lang lang);

// Local wall time in Europe/Amsterdam of a Unix time in milliseconds: "YYYY-MM-DDTHH:MM".
std::string amsterdamLocal(std::int64_t unixMillis);

}  // namespace coach::cli
