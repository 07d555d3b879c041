// coach/access_log.hpp: the NEN 7513 access log and retention (docs/access-log.md).
//
// Provides:
//   - accessLog(): the access events of one participant (who, when, device, action, on whose behalf), from
//     every device of the team once synced; it works for an erased participant's id too (the log keeps ids only);
//   - exportParticipant(): everything this device holds about one participant as one JSON document (AVG art.
//     15), logged as an "export" access event before it is handed out;
//   - retention: the term of every record class (care dossier 20 years after the dossier's last change, subsidy
//     administration until the subsidy is settled, access log 5 years; an organisation may keep longer through
//     retention_rule records), what is past its term, and the purge of it.
//
// The log itself is written by Store (coach/store.hpp): every read, write, export and erasure of a participant's
// data through the public API. Reading the log is not a read of a dossier and is not logged (it holds no PHI).
//
// Errors are Results: Locked, InvalidArgument (a bad date), NotFound (export of an unknown participant).
// Thread-safety: as Store; every call serialises on the store's lock (purgeRetention releases it across the
// network calls of each erasure).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "coach/result.hpp"
#include "coach/store.hpp"
#include "coach/sync.hpp"

namespace coach {

struct AccessEvent {
  std::string id;           // the access_event record's id
  std::string at;           // "YYYY-MM-DDTHH:MM", Europe/Amsterdam
  std::string actor;        // the staff handle of the profile that accessed
  std::string deviceId;
  std::string participant;  // the participant's record id
  std::string action;       // read, write, export, erase
  std::string onBehalfOf;   // empty: the coach's own work
};

struct AccessLogQuery {
  std::string participant;  // a participant's record id (32 hex characters), erased or not
  std::string from;         // "YYYY-MM-DD" or empty: from the first event
  std::string to;           // "YYYY-MM-DD" (inclusive) or empty: up to the last event
};

// Oldest first. InvalidArgument for a malformed id or date, or from after to.
Result<std::vector<AccessEvent>> accessLog(Store& store, const AccessLogQuery& query);
nlohmann::json toJson(const AccessEvent& event);

// {"format": "coach.participant-export.v1", "exported_at", "exported_by", "device", "participant", "records",
// "unresolved_conflicts"}; archived records included. The export event is written first: when it cannot be,
// nothing is handed out. NotFound when `participantId` is not a participant on this device.
Result<nlohmann::json> exportParticipant(Store& store, const std::string& participantId,
                                         const std::string& onBehalfOf = {});

// ---- retention --------------------------------------------------------------------------------------------

// The organisation's terms: the newest retention_rule of each class (by set_on), else these defaults.
struct RetentionTerms {
  int careDossierYears = 20;             // after the last change of the participant's dossier (WGBO)
  int subsidyYearsAfterSettlement = 0;   // after trajectory.subsidy_settled_on
  int accessLogYears = 5;                // after the event (NEN 7513)
};

struct RetentionParticipant {
  std::string id;
  std::string lastChange;   // "YYYY-MM-DD": the newest change of any record of the dossier
  std::string keptUntil;    // the last day of the care dossier's term
  bool subsidyOpen = false; // a funded trajectory whose subsidy is not settled (or not long enough ago) holds it
};

struct RetentionReport {
  std::string today;
  RetentionTerms terms;
  std::vector<RetentionParticipant> pastTerm;   // whole dossiers past every term: to be erased
  std::vector<RetentionParticipant> heldBySubsidy;  // past the care term, held by an unsettled subsidy
  std::vector<std::string> accessEventsPastTerm;     // access_event ids older than the access log's term
};

// What is past its term on `today` ("YYYY-MM-DD"; empty: today by the store's clock). A term ends at the end of
// its last day: a dossier last changed on 2006-03-01 is kept through 2026-03-01 and past its term on 2026-03-02.
Result<RetentionReport> retentionReport(Store& store, const std::string& today = {});

struct RetentionPurge {
  std::vector<std::string> erased;        // participants erased (each through lifecycle::eraseParticipant)
  std::size_t accessEventsDeleted = 0;
};

// Deletes this device's access events past the access log's term (local: every device applies the same rule
// to its own copy). Returns how many.
Result<std::size_t> purgeAccessEvents(Store& store, const std::string& today = {});
// The team lead's purge: the access events as above, then every participant past term erased on every device
// and the server through the erasure machinery (each leaves its PHI-free audit entry and an "erase" access
// event on behalf of "retention"). Forbidden from a coach's device when there is a participant to erase.
Result<RetentionPurge> purgeRetention(Store& store, sync::Transport& transport, const std::string& today = {});

}  // namespace coach
