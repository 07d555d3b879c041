// The record kinds of DOMAIN.md, "Records". Enumerations are closed sets; their values are the snake_case
// English forms of DOMAIN.md's lists (the clients translate them for display).
#include <array>

#include "model/registry.hpp"

namespace coach::model {
namespace {

using V = std::string_view;
using T = FieldType;

constexpr std::array<V, 7> kReferralSource{"treatment_team", "sheltered_housing_worker", "self", "family",
                                           "uwv", "municipality", "other"};
constexpr std::array<V, 3> kFundingRoute{"municipal_via_uwv", "uwv_client", "own_budget"};
constexpr std::array<V, 2> kPlannedDuration{"24", "36"};
constexpr std::array<V, 3> kWorkStatus{"unemployed", "employed_at_risk", "employed_wanting_other_work"};
constexpr std::array<V, 7> kBenefit{"bijstand", "ioaw_ioaz", "wajong", "wia", "ww", "zw", "none"};
constexpr std::array<V, 6> kTrajectoryStatus{"referred", "engaged", "job_search", "working", "paused", "closed"};
constexpr std::array<V, 6> kClosureReason{"stable_work", "no_longer_wants_work", "moved",
                                          "deceased", "transferred", "other"};
constexpr std::array<V, 5> kSource{"participant", "team", "record", "family", "former_employer"};
constexpr std::array<V, 10> kEducation{"none", "primary", "vmbo", "mbo_1", "mbo_2_4", "havo_vwo",
                                       "hbo", "wo", "other", "unknown"};
constexpr std::array<V, 4> kShifts{"day", "evening", "night", "weekend"};
constexpr std::array<V, 4> kDisclosurePref{"none", "partial", "full", "undecided"};
constexpr std::array<V, 15> kSector{"agriculture", "manufacturing", "construction", "retail", "hospitality",
                                    "transport_logistics", "ict", "finance", "business_services",
                                    "public_administration", "education", "health_care",
                                    "culture_recreation", "other_services", "other"};
constexpr std::array<V, 4> kContactMode{"face_to_face", "phone", "email", "video"};
constexpr std::array<V, 7> kPurpose{"learn_needs", "introduce_service", "present_candidate",
                                    "arrange_interview", "accompany_interview",
                                    "negotiate_offer_or_accommodation", "support_after_hire"};
constexpr std::array<V, 5> kOutcome{"information", "follow_up_planned", "interview", "offer", "no_vacancy"};
constexpr std::array<V, 7> kContractType{"permanent", "fixed_term", "on_call", "agency",
                                         "payroll", "self_employed", "work_learn"};
constexpr std::array<V, 5> kHowFound{"job_development", "participant_network", "vacancy",
                                     "employer_approach", "other"};
constexpr std::array<V, 3> kDisclosure{"none", "partial", "full"};
constexpr std::array<V, 3> kDisclosedBy{"participant", "coach", "together"};
constexpr std::array<V, 8> kEndReason{"other_job", "quit", "dismissed", "contract_not_renewed",
                                      "temporary_job_ended", "health", "moved", "other"};
constexpr std::array<V, 3> kInitiatedBy{"participant", "employer", "mutual"};
constexpr std::array<V, 2> kPlace{"workplace", "elsewhere"};
constexpr std::array<V, 7> kWithWhom{"participant", "employer", "co_worker", "family",
                                     "team_member", "uwv", "municipality"};
constexpr std::array<V, 9> kSupportType{"preparing_start", "first_days", "on_site_coaching",
                                        "employer_consult", "problem_solving", "income_and_benefits",
                                        "career_development", "relapse_support", "step_down"};
constexpr std::array<V, 6> kBenefitTopics{"benefit_effects", "wage_cost_subsidy", "tax_and_allowances",
                                          "debts", "reporting_income", "other"};
constexpr std::array<V, 5> kMeetingType{"treatment_team", "vocational_unit", "supervision",
                                        "field_mentoring", "agency_consultation"};
constexpr std::array<V, 6> kRecipient{"employer", "uwv", "municipality", "family",
                                      "former_employer", "other_care_provider"};
constexpr std::array<V, 5> kConsentScope{"participation", "work_status", "job_details", "progress",
                                         "health_information"};
constexpr std::array<V, 6> kOutreachMode{"phone", "home_visit", "letter", "email", "text_message", "via_team"};
constexpr std::array<V, 5> kPauseReason{"hospital_admission", "health", "personal_circumstances",
                                        "participant_request", "other"};
constexpr std::array<V, 4> kAccessAction{"read", "write", "export", "erase"};
// The retention classes an organisation may set a term for (docs/access-log.md, "Retention").
constexpr std::array<V, 3> kRetentionClass{"care_dossier", "subsidy_administration", "access_log"};
// The 25 items of the IPS-25 fidelity scale (Staffing, Organisation, Services), docs/figures.md.
constexpr std::array<V, 25> kFidelityItem{"s1", "s2", "s3", "o1", "o2", "o3", "o4", "o5", "o6",
                                          "o7", "o8", "v1", "v2", "v3", "v4", "v5", "v6", "v7",
                                          "v8", "v9", "v10", "v11", "v12", "v13", "v14"};

constexpr std::int64_t kMaxMinutes = 24 * 60;

FieldDef text(V name, bool required, bool sensitive, V help, std::size_t maxLength = 4000) {
  FieldDef f{.name = name, .type = T::Text, .required = required, .sensitive = sensitive, .help = help};
  f.maxLength = maxLength;
  return f;
}
FieldDef note(V name, V help) { return text(name, false, true, help, 20000); }
FieldDef date(V name, bool required, V help, bool sensitive = false) {
  return FieldDef{.name = name, .type = T::Date, .required = required, .sensitive = sensitive, .help = help};
}
template <std::size_t N>
FieldDef enumOf(V name, bool required, const std::array<V, N>& values, V help) {
  return FieldDef{.name = name, .type = T::Enum, .required = required, .values = values, .help = help};
}
template <std::size_t N>
FieldDef setOf(V name, const std::array<V, N>& values, V help) {
  return FieldDef{.name = name, .type = T::EnumSet, .values = values, .help = help};
}
FieldDef integer(V name, std::int64_t min, std::int64_t max, V help) {
  return FieldDef{.name = name, .type = T::Integer, .min = min, .max = max, .help = help};
}
FieldDef decimal(V name, std::int64_t min, std::int64_t max, V help, bool history = false) {
  return FieldDef{.name = name, .type = T::Decimal, .min = min, .max = max, .scale = 2,
                  .history = history, .help = help};
}
FieldDef money(V name, std::int64_t min, std::int64_t max, V help) {
  FieldDef f = decimal(name, min, max, help, /*history=*/true);
  f.money = true;
  return f;
}
FieldDef flag(V name, V help) { return FieldDef{.name = name, .type = T::Bool, .help = help}; }
FieldDef ref(V name, V kind, bool required, V help) {
  return FieldDef{.name = name, .type = T::Ref, .required = required, .refKind = kind, .help = help};
}
FieldDef participantRef(bool required = true) {
  return ref("participant_id", "participant", required, "the participant this record is about");
}
FieldDef coachField(bool required, V help = "the coach (staff handle)") {
  return text("coach", required, false, help, 64);
}

}  // namespace

namespace {

KindDef participant() {
  return {"participant", ShardRule::Self,
          {text("name", true, true, "full name (encrypted on the device)", 200),
           date("birth_date", false, "date of birth", true),
           text("phone", false, true, "phone number", 40),
           text("email", false, true, "e-mail address", 200),
           text("municipality", false, false, "municipality of residence", 100),
           text("treatment_team", false, false, "treatment team (FACT team, BW/MO location)", 100),
           FieldDef{.name = "coach", .type = T::Text, .required = true, .history = true,
                    .help = "assigned coach (staff handle); every change is kept", .maxLength = 64},
           note("note", "free-text note")},
          "", 2, "a person in the IPS programme; the participant and everything about them form one shard"};
}

KindDef trajectory() {
  KindDef k{"trajectory", ShardRule::Participant,
          {participantRef(),
           date("referral_date", true, "day of referral"),
           enumOf("referral_source", true, kReferralSource, "who referred"),
           date("programme_entry_date", false, "first face-to-face meeting, profile started"),
           enumOf("funding_route", false, kFundingRoute, "who pays for the trajectory"),
           enumOf("planned_duration_months", false, kPlannedDuration, "planned duration in months"),
           enumOf("work_status_at_referral", false, kWorkStatus, "work status at referral"),
           enumOf("benefit", false, kBenefit, "benefit at referral"),
           enumOf("status", true, kTrajectoryStatus, "where the trajectory stands"),
           date("closed_on", false, "day the trajectory was closed"),
           enumOf("closure_reason", false, kClosureReason,
                  "why it closed (never for missed appointments or a time limit)"),
           note("closure_note", "free-text note on the closure"),
           date("subsidy_settled_on", false,
                "day the funder settled this trajectory's subsidy (until then its administration is kept)")},
          "referral_date", 2, "one IPS trajectory of a participant (several over time are possible)"};
  k.fields.back().since = 10;  // schema level 10: retention (docs/access-log.md)
  return k;
}

KindDef vocationalProfile() {
  return {"vocational_profile", ShardRule::Participant,
          {participantRef(),
           integer("version", 1, 1000, "profile version; a new version after each job"),
           date("profiled_on", true, "day this version was completed"),
           ref("after_job_id", "job", false, "the job this version follows"),
           note("goals", "goals in the participant's own words"),
           enumOf("goals_source", false, kSource, "source of the goals"),
           enumOf("education_level", false, kEducation, "highest education level"),
           note("work_history", "work history"),
           enumOf("work_history_source", false, kSource, "source of the work history"),
           note("preferred_job_types", "preferred kinds of work"),
           decimal("preferred_hours_per_week", 0, 6000, "preferred hours per week"),
           setOf("preferred_shifts", kShifts, "preferred shifts"),
           note("preferred_location", "preferred work location and travel"),
           integer("max_travel_minutes", 0, 300, "longest acceptable one-way travel, minutes"),
           enumOf("preferences_source", false, kSource, "source of the preferences"),
           note("strengths", "strengths"),
           enumOf("strengths_source", false, kSource, "source of the strengths"),
           note("support_needs", "support needs"),
           enumOf("support_needs_source", false, kSource, "source of the support needs"),
           enumOf("disclosure_preference", false, kDisclosurePref, "what the participant wants disclosed")},
          "profiled_on", 2, "the vocational profile, one record per version"};
}

KindDef employer() {
  return {"employer", ShardRule::Team,
          {text("name", true, true, "employer name", 200),
           text("kvk_number", false, false, "Chamber of Commerce number (8 digits)", 8),
           enumOf("sector", false, kSector, "sector"),
           text("city", false, true, "location", 100),
           note("contact_persons", "contact persons with their phone and e-mail"),
           note("hiring_needs", "what the employer is looking for"),
           note("note", "free-text note")},
          "", 2, "an employer the team works with (team shard)"};
}

KindDef employerContact() {
  return {"employer_contact", ShardRule::ParticipantOrTeam,
          {FieldDef{.name = "contact_at", .type = T::DateTime, .required = true,
                    .help = "date and local time of the contact"},
           coachField(true),
           ref("employer_id", "employer", true, "the employer"),
           enumOf("mode", true, kContactMode, "how"),
           participantRef(false),
           flag("participant_present", "the participant took part"),
           enumOf("purpose", true, kPurpose, "purpose of the contact"),
           enumOf("outcome", false, kOutcome, "outcome"),
           flag("matches_preferences", "the work discussed matches the participant's preferences"),
           integer("duration_minutes", 0, kMaxMinutes, "duration in minutes"),
           note("note", "free-text note")},
          "contact_at", 2, "job development: a contact with an employer, for one participant or generic"};
}

KindDef job() {
  return {"job", ShardRule::Participant,
          {participantRef(),
           ref("employer_id", "employer", true, "the employer"),
           text("title", true, true, "job title", 200),
           text("occupation_code", false, false, "occupation code (ISCO-08, 4 digits)", 4),
           date("start_date", true, "first working day"),
           date("end_date", false, "last working day"),
           decimal("hours_per_week", 0, 6000, "contracted hours per week (at most 60)", true),
           money("hourly_wage", 0, 100000, "gross hourly wage in euro"),
           date("terms_changed_on", false, "day the current hours and wage took effect"),
           enumOf("contract_type", false, kContractType, "contract type"),
           flag("wage_cost_subsidy", "with wage-cost subsidy (loonkostensubsidie)"),
           flag("reserved_for_target_group", "a job reserved for the target group (banenafspraak)"),
           flag("trial_placement", "trial placement (proefplaatsing)"),
           flag("time_limited_by_agency", "time-limited by the agency"),
           enumOf("how_found", false, kHowFound, "how the job was found"),
           enumOf("disclosure", false, kDisclosure, "what the employer knows of the condition"),
           enumOf("disclosed_by", false, kDisclosedBy, "who disclosed"),
           date("disclosed_on", false, "day of disclosure"),
           note("accommodations", "workplace accommodations"),
           enumOf("end_reason", false, kEndReason, "why the job ended"),
           enumOf("end_initiated_by", false, kInitiatedBy, "who ended it"),
           date("end_heard_on", false, "day the coach heard the job ended")},
          "start_date", 2, "a paid job of a participant, with the history of hours and wage"};
}

KindDef supportContact() {
  return {"support_contact", ShardRule::Participant,
          {participantRef(),
           ref("job_id", "job", false, "the job supported"),
           date("contact_on", true, "day of the contact"),
           coachField(false),
           enumOf("mode", true, kContactMode, "how"),
           enumOf("place", false, kPlace, "where"),
           setOf("with_whom", kWithWhom, "who took part"),
           enumOf("type", true, kSupportType, "kind of support"),
           integer("duration_minutes", 0, kMaxMinutes, "duration in minutes"),
           date("next_planned_on", false, "next planned contact"),
           note("note", "free-text note")},
          "contact_on", 2, "follow-along support: a contact about a participant's job"};
}

KindDef benefitsSession() {
  return {"benefits_session", ShardRule::Participant,
          {participantRef(),
           date("session_on", true, "day of the session"),
           text("counsellor", false, true, "benefits counsellor", 200),
           setOf("topics", kBenefitTopics, "topics discussed"),
           ref("job_id", "job", false, "the job it prepares or follows"),
           flag("before_start", "held before the job started"),
           note("note", "free-text note")},
          "session_on", 2, "benefits planning (V1)"};
}

KindDef meeting() {
  return {"meeting", ShardRule::ParticipantOrTeam,
          {date("meeting_on", true, "day of the meeting"),
           enumOf("type", true, kMeetingType, "kind of meeting (agency_consultation: UWV or municipality, O3)"),
           coachField(false),
           participantRef(false),
           text("decision", false, true, "one-line decision about the participant", 500),
           note("note", "free-text note")},
          "meeting_on", 2,
          "a team meeting; one record per participant discussed (in that participant's shard, so erasure "
          "reaches it), or one without a participant for the meeting itself"};
}

KindDef consent() {
  return {"consent", ShardRule::Participant,
          {participantRef(),
           enumOf("recipient", true, kRecipient, "who may receive information"),
           ref("employer_id", "employer", false, "the employer, when the recipient is an employer"),
           setOf("scope", kConsentScope, "what may be shared"),
           note("scope_note", "the consent in the participant's words"),
           date("given_on", true, "day consent was given"),
           date("withdrawn_on", false, "day consent was withdrawn"),
           coachField(false, "who recorded the consent")},
          "given_on", 2, "what the participant allows to be shared, with whom; every export checks it"};
}

KindDef outreachAttempt() {
  return {"outreach_attempt", ShardRule::Participant,
          {participantRef(),
           date("attempt_on", true, "day of the attempt"),
           enumOf("mode", true, kOutreachMode, "how"),
           flag("reached", "the participant was reached"),
           coachField(false),
           note("note", "free-text note")},
          "attempt_on", 2, "an attempt to re-engage a participant"};
}

KindDef pause() {
  return {"pause", ShardRule::Participant,
          {participantRef(),
           ref("trajectory_id", "trajectory", false, "the trajectory paused"),
           date("start_on", true, "first day of the pause"),
           enumOf("reason", true, kPauseReason, "why"),
           date("review_on", false, "day to review the pause"),
           date("end_on", false, "last day of the pause"),
           note("note", "free-text note")},
          "start_on", 2, "a pause of the trajectory (a relapse is a pause, never a closure)"};
}

KindDef accessEvent() {
  return {"access_event", ShardRule::Team,
          {FieldDef{.name = "at", .type = T::DateTime, .required = true, .help = "when (local time)"},
           text("actor", true, false, "who (staff handle)", 64),
           text("device_id", false, false, "the device it happened on", 64),
           FieldDef{.name = "participant_ref", .type = T::Id, .required = true,
                    .help = "the participant's record id (kept after erasure)"},
           enumOf("action", true, kAccessAction, "read, write, export or erase"),
           text("on_behalf_of", false, false, "on whose behalf (role or organisation)", 100)},
          "at", 2, "NEN 7513 access log entry; PHI-free, kept 5 years"};
}

// Schema level 6: the team lead's manual IPS-25 item scores (issue 7; computed by query/fidelity*.cpp).
KindDef fidelityScore() {
  KindDef k{"fidelity_score", ShardRule::Team,
            {enumOf("item", true, kFidelityItem, "the IPS-25 item scored (s1-s3, o1-o8, v1-v14)"),
             date("period_start", true, "first day of the period reviewed"),
             date("period_end", true, "last day of the period reviewed"),
             integer("score", 1, 5, "the reviewer's score, 1-5"),
             date("scored_on", true, "day the score was given"),
             coachField(false, "who scored (staff handle of the team lead or reviewer)"),
             note("rationale", "why this score (free text)")},
            "scored_on", 6, "a manual IPS-25 fidelity item score for a review period (team shard)"};
  for (FieldDef& f : k.fields) f.since = 6;
  k.fields[3].required = true;  // score
  k.leadOnly = "score fidelity items";  // issue 7: the team lead enters the manual scores
  return k;
}

// Schema level 9: the team lead's weekly review mark of a coach's job development (V6, DOMAIN.md: "the team
// lead marks each week reviewed"). One record per coach and ISO week; unmarking is archiving it. Team shard,
// so every device of the team sees which weeks are done. No free text: the mark is a management fact.
KindDef weekReview() {
  KindDef k{"week_review", ShardRule::Team,
            {text("week", true, false, "the ISO week reviewed, YYYY-Www (Monday to Sunday, Europe/Amsterdam)", 8),
             coachField(true, "the coach whose week it is (staff handle)"),
             date("reviewed_on", true, "day the week was reviewed"),
             text("reviewer", true, false, "who reviewed it (staff handle of the team lead)", 64)},
            "reviewed_on", 9, "the team lead's mark that a coach's ISO week of employer contacts was reviewed (V6)"};
  for (FieldDef& f : k.fields) f.since = 9;
  k.leadOnly = "mark a week reviewed";  // DOMAIN.md: the team lead marks each week reviewed
  return k;
}

// Schema level 10: the organisation's retention terms (docs/access-log.md, "Retention"). The newest rule of a
// class (by set_on) holds on every device; no rule: the defaults (20, 0 and 5 years).
KindDef retentionRule() {
  KindDef k{"retention_rule", ShardRule::Team,
            {enumOf("record_class", true, kRetentionClass, "care_dossier, subsidy_administration or access_log"),
             integer("years", 0, 100, "the term in years (care_dossier at least 20, access_log at least 5)"),
             date("set_on", true, "day the term was set"),
             coachField(false, "who set it (staff handle of the team lead or privacy officer)")},
            "set_on", 10, "the organisation's retention term of one record class (team shard)"};
  for (FieldDef& f : k.fields) f.since = 10;
  k.fields[1].required = true;  // years
  return k;
}

}  // namespace

Registry::Registry()
    : kinds_{participant(),      trajectory(),      vocationalProfile(), employer(), employerContact(),
             job(),              supportContact(),  benefitsSession(),   meeting(),  consent(),
             outreachAttempt(),  pause(),           accessEvent(),       fidelityScore(),
             weekReview(),      retentionRule()} {}

const Registry& Registry::instance() {
  static const Registry registry;
  return registry;
}

}  // namespace coach::model
