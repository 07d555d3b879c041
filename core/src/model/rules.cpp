#include "model/rules.hpp"

#include <functional>
#include <map>
#include <cstdint>
#include <string>

namespace coach::model {
namespace {

class View {
 public:
  View(const KindDef& kind, const FieldValues& values) : kind_(kind), values_(values) {}
  bool has(std::string_view name) const { return !isNull(get(name)); }
  const FieldValue& get(std::string_view name) const {
    static const FieldValue kNull;
    const auto idx = kind_.fieldIndex(name);
    return idx ? values_[*idx] : kNull;
  }
  const std::string& text(std::string_view name) const { return std::get<std::string>(get(name)); }
  Error error(std::string_view field, const std::string& what) const {
    return makeError(ErrorCode::ValidationFailed, std::string(kind_.name) + "." + std::string(field) + ": " + what);
  }
  // "b is on or after a" for two date fields, when both are set.
  Status notBefore(std::string_view later, std::string_view earlier) const {
    if (has(later) && has(earlier) && text(later) < text(earlier)) {
      return error(later, text(later) + " is before " + std::string(earlier) + " " + text(earlier));
    }
    return {};
  }
  Status onlyWith(std::string_view field, std::string_view needed, std::string_view what) const {
    if (has(field) && !has(needed)) return error(field, "can only be set " + std::string(what));
    return {};
  }

 private:
  const KindDef& kind_;
  const FieldValues& values_;
};

Status trajectoryRules(const View& v) {
  COACH_TRY(v.notBefore("programme_entry_date", "referral_date"));
  COACH_TRY(v.notBefore("closed_on", "referral_date"));
  const bool closed = v.has("status") && v.text("status") == "closed";
  if (closed && !v.has("closure_reason")) {
    return v.error("closure_reason", "is required when the trajectory is closed (stable_work, "
                                     "no_longer_wants_work, moved, deceased, transferred or other)");
  }
  if (closed && !v.has("closed_on")) return v.error("closed_on", "is required when the trajectory is closed");
  if (!closed && v.has("closure_reason")) {
    return v.error("closure_reason", "can only be set when status is closed (a relapse is a pause)");
  }
  return {};
}

Status jobRules(const View& v) {
  COACH_TRY(v.notBefore("end_date", "start_date"));
  COACH_TRY(v.notBefore("end_heard_on", "start_date"));
  COACH_TRY(v.onlyWith("end_reason", "end_date", "when the job has an end_date"));
  COACH_TRY(v.onlyWith("end_initiated_by", "end_date", "when the job has an end_date"));
  COACH_TRY(v.onlyWith("disclosed_by", "disclosure", "together with disclosure"));
  if (v.has("disclosure") && v.text("disclosure") == "none" && v.has("disclosed_by")) {
    return v.error("disclosed_by", "cannot be set when disclosure is none");
  }
  return {};
}

Status consentRules(const View& v) {
  COACH_TRY(v.notBefore("withdrawn_on", "given_on"));
  if (v.has("employer_id") && v.text("recipient") != "employer") {
    return v.error("employer_id", "can only be set when the recipient is employer");
  }
  return {};
}

// Days since 1970-01-01 of a proleptic Gregorian day (H. Hinnant's days_from_civil).
std::int64_t civilDays(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// An ISO 8601 year has 53 weeks when it starts on a Thursday, or is a leap year starting on a Wednesday.
bool hasWeek53(int year) {
  const std::int64_t weekday = ((civilDays(year, 1, 1) + 3) % 7 + 7) % 7;  // Monday 0 (1970-01-01: Thursday)
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return weekday == 3 || (leap && weekday == 2);
}

// "YYYY-Www": an ISO week that exists (week 53 only in a year that has one).
Status weekReviewRules(const View& v) {
  const std::string& w = v.text("week");
  const auto digits = [&](std::size_t from, std::size_t n) {
    for (std::size_t i = from; i < from + n; ++i) {
      if (w[i] < '0' || w[i] > '9') return false;
    }
    return true;
  };
  const bool shaped = w.size() == 8 && w[4] == '-' && w[5] == 'W' && digits(0, 4) && digits(6, 2);
  const int year = shaped ? std::stoi(w.substr(0, 4)) : 0;
  const int week = shaped ? std::stoi(w.substr(6, 2)) : 0;
  if (!shaped || year < 1900 || week < 1 || week > 53 || (week == 53 && !hasWeek53(year))) {
    return v.error("week", "'" + w + "' is not an ISO week; write YYYY-Www, for example 2026-W05 (week 53 only "
                                     "in a year that has one)");
  }
  return {};
}

// The legal floors: WGBO art. 7:454 keeps a care dossier 20 years after its last change; NEN 7513 access logs
// are kept at least 5 years. An organisation may keep longer, never shorter.
Status retentionRules(const View& v) {
  if (!v.has("record_class") || !v.has("years")) return {};
  const std::string& cls = v.text("record_class");
  const std::int64_t years = std::get<std::int64_t>(v.get("years"));
  const std::int64_t floor = cls == "care_dossier" ? 20 : cls == "access_log" ? 5 : 0;
  if (years < floor) {
    return v.error("years", "a " + cls + " term must be at least " + std::to_string(floor) +
                                " years (the legal minimum); keeping longer is allowed");
  }
  return {};
}

const std::map<std::string_view, std::function<Status(const View&)>>& kindRules() {
  static const std::map<std::string_view, std::function<Status(const View&)>> rules{
      {"trajectory", trajectoryRules},
      {"job", jobRules},
      {"consent", consentRules},
      {"pause", [](const View& v) -> Status {
         COACH_TRY(v.notBefore("end_on", "start_on"));
         return v.notBefore("review_on", "start_on");
       }},
      {"employer_contact",
       [](const View& v) { return v.onlyWith("participant_present", "participant_id", "with a participant_id"); }},
      {"meeting", [](const View& v) { return v.onlyWith("decision", "participant_id", "with a participant_id"); }},
      {"support_contact", [](const View& v) { return v.notBefore("next_planned_on", "contact_on"); }},
      {"week_review", weekReviewRules},
      {"retention_rule", retentionRules},
  };
  return rules;
}

}  // namespace

Status checkRecordRules(const KindDef& kind, const FieldValues& values) {
  for (std::size_t i = 0; i < kind.fields.size(); ++i) {
    if (kind.fields[i].required && isNull(values[i])) {
      return makeError(ErrorCode::ValidationFailed, std::string(kind.name) + "." +
                                                        std::string(kind.fields[i].name) + ": is required");
    }
  }
  const auto& rules = kindRules();
  if (auto it = rules.find(kind.name); it != rules.end()) return it->second(View(kind, values));
  return {};
}

}  // namespace coach::model
