// The NEN 7513 access log on a device (docs/access-log.md): every read, write and export of a participant's data
// through the public API leaves a PHI-free access_event; repeated reads and writes coalesce within 15 minutes;
// a read whose event cannot be written fails and hands out nothing; the log cannot be forged or edited.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include "coach/access_log.hpp"
#include "store/store_impl.hpp"
#include "temp_profile.hpp"

using namespace coach;
using coach::test::mustAdd;
using coach::test::TempProfile;
using nlohmann::json;

namespace {

constexpr std::int64_t kMinute = 60 * 1000;

std::string addSanne(Store& store) {
  return mustAdd(store, "participant", {{"name", "Sanne de Vries"}, {"coach", "marieke"}, {"municipality", "Utrecht"}});
}

std::vector<AccessEvent> eventsOf(Store& store, const std::string& participant, const std::string& action = {}) {
  auto log = accessLog(store, {participant, {}, {}});
  if (!log.ok()) FAIL("access log: " << log.error().message);
  std::vector<AccessEvent> out;
  for (const AccessEvent& e : log.value()) {
    if (action.empty() || e.action == action) out.push_back(e);
  }
  return out;
}

// Runs SQL on the profile through a second, plain connection (as another program would).
void execRaw(const TempProfile& t, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(t.dbPath().string().c_str(), &db) == SQLITE_OK);
  char* message = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  const std::string what = message != nullptr ? message : "";
  sqlite3_free(message);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
  CHECK(what.empty());
}

}  // namespace

TEST_CASE("Reading a participant logs who, when, where and whom, and a second read within 15 minutes adds nothing",
          "[access-log]") {
  TempProfile t;
  const std::string sanne = addSanne(*t.store);
  CHECK(eventsOf(*t.store, sanne, "read").empty());
  REQUIRE(t.store->get(sanne).ok());
  auto reads = eventsOf(*t.store, sanne, "read");
  REQUIRE(reads.size() == 1);
  CHECK(reads[0].at == "2026-03-02T10:00");
  CHECK(reads[0].actor == "marieke");
  CHECK(reads[0].deviceId == t.store->deviceId());
  CHECK(reads[0].participant == sanne);
  CHECK(reads[0].onBehalfOf.empty());

  t.clock.advance(14 * kMinute);
  REQUIRE(t.store->get(sanne).ok());
  REQUIRE(t.store->timeline(sanne).ok());
  CHECK(eventsOf(*t.store, sanne, "read").size() == 1);  // one access, coalesced

  t.clock.advance(2 * kMinute);  // 16 minutes after the logged read
  REQUIRE(t.store->get(sanne).ok());
  reads = eventsOf(*t.store, sanne, "read");
  REQUIRE(reads.size() == 2);
  CHECK(reads[1].at == "2026-03-02T10:16");

  t.store->setOnBehalfOf("treatment team");  // another purpose is another entry, even within the window
  REQUIRE(t.store->get(sanne).ok());
  reads = eventsOf(*t.store, sanne, "read");
  REQUIRE(reads.size() == 3);
  CHECK(reads[2].onBehalfOf == "treatment team");
}

TEST_CASE("Every read that hands out a participant logs it: list, timeline, caseload, agenda and conflicts",
          "[access-log]") {
  TempProfile t;
  const std::string sanne = addSanne(*t.store);
  const std::string employer = mustAdd(*t.store, "employer", {{"name", "Koffiebranderij Bruin"}});
  const auto readsNow = [&] { return eventsOf(*t.store, sanne, "read").size(); };

  REQUIRE(t.store->get(employer).ok());  // a team record is nobody's dossier
  CHECK(readsNow() == 0);
  REQUIRE(t.store->conflicts().ok());    // nothing handed out, nothing logged
  CHECK(readsNow() == 0);
  std::size_t expected = 0;
  for (const char* how : {"list", "timeline", "caseload", "agenda"}) {
    t.clock.advance(20 * kMinute);
    const std::string view = how;
    if (view == "list") REQUIRE(t.store->list("participant").ok());
    if (view == "timeline") REQUIRE(t.store->timeline(sanne).ok());
    if (view == "caseload") REQUIRE(t.store->caseload("").ok());
    if (view == "agenda") REQUIRE(t.store->agenda({}).ok());
    INFO(view);
    CHECK(readsNow() == ++expected);
  }
}

TEST_CASE("A write logs one write event in its own transaction, coalesced per participant within 15 minutes",
          "[access-log]") {
  TempProfile t;
  const std::string sanne = addSanne(*t.store);
  auto writes = eventsOf(*t.store, sanne, "write");
  REQUIRE(writes.size() == 1);
  CHECK(writes[0].actor == "marieke");
  CHECK(writes[0].at == "2026-03-02T10:00");

  REQUIRE(t.store->update(sanne, {{"phone", "06-12345678"}}).ok());
  CHECK(eventsOf(*t.store, sanne, "write").size() == 1);
  t.clock.advance(15 * kMinute + 60 * 1000);
  REQUIRE(t.store->update(sanne, {{"phone", "06-87654321"}}).ok());
  CHECK(eventsOf(*t.store, sanne, "write").size() == 2);

  // A refused write commits nothing, its event included.
  t.clock.advance(30 * kMinute);
  CHECK_FALSE(t.store->update(sanne, {{"birth_date", "not a date"}}).ok());
  CHECK(eventsOf(*t.store, sanne, "write").size() == 2);
  // A write that changes nothing is no access to log.
  REQUIRE(t.store->update(sanne, {{"municipality", "Utrecht"}}).ok());
  CHECK(eventsOf(*t.store, sanne, "write").size() == 2);
}

TEST_CASE("An export is logged as one export event before it is handed out, and no event holds the participant's data",
          "[access-log]") {
  TempProfile t;
  const std::string sanne = addSanne(*t.store);
  mustAdd(*t.store, "trajectory", {{"participant_id", sanne}, {"referral_date", "2026-01-05"},
                                   {"referral_source", "self"}, {"status", "engaged"},
                                   {"closure_note", "Sanne wil bij de bakker werken"}});
  auto doc = exportParticipant(*t.store, sanne, "the participant's request");
  REQUIRE(doc.ok());
  CHECK(doc.value()["participant"]["fields"]["name"] == "Sanne de Vries");
  CHECK(doc.value()["records"].size() == 1);
  CHECK(doc.value()["exported_by"] == "marieke");
  auto exports = eventsOf(*t.store, sanne, "export");
  REQUIRE(exports.size() == 1);
  CHECK(exports[0].onBehalfOf == "the participant's request");
  CHECK(eventsOf(*t.store, sanne, "read").empty());  // the export is the access, not a read

  auto all = t.store->list("access_event");
  REQUIRE(all.ok());
  for (const json& e : all.value()) {
    const std::string text = e.dump();
    CHECK(text.find("Sanne") == std::string::npos);
    CHECK(text.find("bakker") == std::string::npos);
    CHECK(text.find("Utrecht") == std::string::npos);
  }
  CHECK(exportParticipant(*t.store, std::string(32, 'a')).error().code == ErrorCode::NotFound);
}

TEST_CASE("When the access event cannot be written the read fails and hands out nothing, and so does the write",
          "[access-log][fault]") {
  TempProfile t;
  const std::string sanne = addSanne(*t.store);
  // A real SQLite failure in the log's table: another connection adds a trigger that refuses every new event.
  execRaw(t, "CREATE TRIGGER refuse_log BEFORE INSERT ON k_access_event BEGIN SELECT RAISE(ABORT, 'log refused'); END;");
  auto read = t.store->get(sanne);
  REQUIRE_FALSE(read.ok());
  CHECK(read.error().message.find("access log") != std::string::npos);
  CHECK(read.error().message.find("Sanne") == std::string::npos);
  CHECK_FALSE(t.store->list("participant").ok());
  CHECK_FALSE(t.store->timeline(sanne).ok());
  CHECK_FALSE(t.store->caseload("").ok());
  CHECK_FALSE(exportParticipant(*t.store, sanne).ok());
  auto added = t.store->add("participant", {{"name", "Joost"}, {"coach", "marieke"}});
  REQUIRE_FALSE(added.ok());
  execRaw(t, "DROP TRIGGER refuse_log;");
  auto participants = t.store->list("participant");
  REQUIRE(participants.ok());
  CHECK(participants.value().size() == 1);  // Joost's write rolled back with its event
  CHECK(eventsOf(*t.store, sanne, "read").size() == 1);
}

TEST_CASE("The access log is written by the store only: an event cannot be added, changed or archived by a caller",
          "[access-log]") {
  TempProfile t;
  const std::string sanne = addSanne(*t.store);
  auto forged = t.store->add("access_event", {{"at", "2026-03-02T10:00"}, {"actor", "someone"},
                                              {"participant_ref", sanne}, {"action", "read"}});
  REQUIRE_FALSE(forged.ok());
  CHECK(forged.error().code == ErrorCode::ValidationFailed);
  const std::string event = eventsOf(*t.store, sanne).front().id;
  CHECK_FALSE(t.store->update(event, {{"actor", "someone else"}}).ok());
  CHECK_FALSE(t.store->setArchived(event, true).ok());
  CHECK(eventsOf(*t.store, sanne).front().actor == "marieke");
}

TEST_CASE("Reading the access log is not a read of the dossier, and it takes days as bounds", "[access-log]") {
  TempProfile t;
  const std::string sanne = addSanne(*t.store);
  const auto before = eventsOf(*t.store, sanne).size();
  CHECK(eventsOf(*t.store, sanne).size() == before);
  auto today = accessLog(*t.store, {sanne, "2026-03-02", "2026-03-02"});
  REQUIRE(today.ok());
  CHECK(today.value().size() == before);
  auto later = accessLog(*t.store, {sanne, "2026-03-03", ""});
  REQUIRE(later.ok());
  CHECK(later.value().empty());
  auto earlier = accessLog(*t.store, {sanne, "", "2026-03-01"});
  REQUIRE(earlier.ok());
  CHECK(earlier.value().empty());
  CHECK(accessLog(*t.store, {sanne, "2026-03-04", "2026-03-01"}).error().code == ErrorCode::InvalidArgument);
  CHECK(accessLog(*t.store, {"Sanne", "", ""}).error().code == ErrorCode::InvalidArgument);
  CHECK(accessLog(*t.store, {sanne, "02-03-2026", ""}).error().code == ErrorCode::InvalidArgument);
}
