#include <catch2/catch.hpp>

#include "store/store_impl.hpp"
#include "temp_profile.hpp"

using namespace coach;
using coach::test::mustAdd;
using coach::test::TempProfile;
using nlohmann::json;

namespace {

struct Counts {
  std::int64_t outbox = 0;
  std::int64_t clocks = 0;
};

std::int64_t count(Store& store, const std::string& sql) {
  auto& impl = store.implForInternalUse();
  auto stmt = store::Stmt::prepare(impl.db.get(), sql);
  REQUIRE(stmt.ok());
  auto row = stmt->step();
  REQUIRE(row.ok());
  return stmt->intAt(0);
}

// The outbox's changes of records other than the access log (each write also logs an access_event, coalesced per
// participant within 15 minutes: docs/access-log.md).
const std::string kRecordChanges =
    "SELECT count(*) FROM outbox o JOIN record r ON r.rid = o.rid WHERE r.kind != 'access_event'";

std::string addParticipant(Store& store, const std::string& name = "Sanne de Vries") {
  return mustAdd(store, "participant", {{"name", name}, {"coach", "marieke"}, {"municipality", "Utrecht"}});
}

}  // namespace

TEST_CASE("A new profile records a participant and reads it back decrypted", "[store]") {
  TempProfile t;
  const std::string id = addParticipant(*t.store);
  CHECK(id.size() == 32);
  auto rec = t.store->get(id);
  REQUIRE(rec.ok());
  CHECK(rec.value()["kind"] == "participant");
  CHECK(rec.value()["shard"] == id);
  CHECK(rec.value()["fields"]["name"] == "Sanne de Vries");
  CHECK(rec.value()["fields"]["municipality"] == "Utrecht");
  CHECK(rec.value()["archived"] == false);
}

TEST_CASE("The write path stamps every changed field and appends one change to the outbox", "[store]") {
  TempProfile t;
  const std::string p = addParticipant(*t.store);
  CHECK(count(*t.store, kRecordChanges) == 1);
  const std::string clocks = "(SELECT clocks FROM k_participant WHERE rid = (SELECT rid FROM record WHERE id = '" + p + "'))";
  CHECK(count(*t.store, "SELECT coach_field_hlc(" + clocks + ", 'name') IS NOT NULL") == 1);
  CHECK(count(*t.store, "SELECT coach_field_hlc(" + clocks + ", 'municipality') = coach_field_hlc(" + clocks + ", 'coach')") == 1);
  CHECK(count(*t.store, "SELECT coach_field_hlc(" + clocks + ", 'birth_date') IS NULL") == 1);  // never set

  REQUIRE(t.store->update(p, {{"municipality", "Zeist"}}).ok());
  CHECK(count(*t.store, kRecordChanges) == 2);
  auto& impl = t.store->implForInternalUse();
  auto last = store::Stmt::prepare(impl.db.get(), "SELECT r.id, o.fields, o.hlc, coach_field_hlc(k.clocks, 'municipality')"
                                                  " FROM outbox o JOIN record r ON r.rid = o.rid JOIN k_participant k"
                                                  " ON k.rid = o.rid ORDER BY o.seq DESC LIMIT 1");
  REQUIRE(last.ok());
  REQUIRE(last->step().value());
  CHECK(last->textAt(0) == p);
  CHECK(last->textAt(1) == "municipality");
  CHECK(last->intAt(2) == last->intAt(3));  // the field's clock is the change's stamp
  // Writing the same value again changes nothing: no stamp, no change.
  REQUIRE(t.store->update(p, {{"municipality", "Zeist"}, {"name", "Sanne de Vries"}}).ok());
  CHECK(count(*t.store, kRecordChanges) == 2);
}

TEST_CASE("A failing mutation in a batch leaves nothing of the batch behind", "[store]") {
  TempProfile t;
  const std::string p = addParticipant(*t.store);
  const Mutation batch[] = {
      {Mutation::Op::Update, {}, p, {{"municipality", "Zeist"}}},
      {Mutation::Op::Create, "job", {}, {{"participant_id", p}, {"title", "x"}, {"start_date", "2026-03-01"}}},
  };
  auto result = t.store->apply(batch);
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().message == "job.employer_id: is required");
  CHECK(t.store->get(p).value()["fields"]["municipality"] == "Utrecht");
  CHECK(count(*t.store, kRecordChanges) == 1);
}

TEST_CASE("References must point at a record of the right kind in the same or the team shard", "[store]") {
  TempProfile t;
  const std::string sanne = addParticipant(*t.store);
  const std::string joost = addParticipant(*t.store, "Joost Bakker");
  const std::string employer = mustAdd(*t.store, "employer", {{"name", "Koffiebranderij Bruin"}});
  const json job{{"participant_id", sanne}, {"employer_id", employer}, {"title", "barista"},
                 {"start_date", "2026-03-01"}, {"hours_per_week", "16"}, {"hourly_wage", "14.40"}};
  const std::string jobId = mustAdd(*t.store, "job", job);

  json withParticipant = job;
  withParticipant["employer_id"] = joost;
  auto wrongKind = t.store->add("job", withParticipant);
  REQUIRE_FALSE(wrongKind.ok());
  CHECK(wrongKind.error().message == "job.employer_id: " + joost + " is a participant, not a employer");

  json withMissing = job;
  withMissing["employer_id"] = std::string(32, 'f');
  auto missing = t.store->add("job", withMissing);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message.find("job.employer_id: there is no employer with id") == 0);

  auto otherShard = t.store->add("support_contact", {{"participant_id", joost}, {"job_id", jobId},
                                                     {"contact_on", "2026-03-02"}, {"mode", "face_to_face"},
                                                     {"type", "first_days"}});
  REQUIRE_FALSE(otherShard.ok());
  CHECK(otherShard.error().message == "support_contact.job_id: that job belongs to another participant");

  auto move = t.store->update(jobId, {{"participant_id", joost}});
  REQUIRE_FALSE(move.ok());
  CHECK(move.error().message.find("job.participant_id: a record cannot move to another participant") == 0);
}

TEST_CASE("Unknown kinds and fields are refused with what to do", "[store]") {
  TempProfile t;
  auto kind = t.store->add("client", {{"name", "x"}});
  REQUIRE_FALSE(kind.ok());
  CHECK(kind.error().message == "'client' is not a record kind (`coach fields` lists them)");
  auto field = t.store->add("employer", {{"name", "x"}, {"bsn", "123"}});
  REQUIRE_FALSE(field.ok());
  CHECK(field.error().message == "employer.bsn: there is no such field (`coach fields employer` lists them)");
}

TEST_CASE("Archiving is a stamped field change and hides the record from lists", "[store]") {
  TempProfile t;
  const std::string e = mustAdd(*t.store, "employer", {{"name", "Fietsenmaker Jansen"}, {"sector", "retail"}});
  REQUIRE(t.store->setArchived(e, true).ok());
  CHECK(t.store->get(e).value()["archived"] == true);
  CHECK(t.store->list("employer").value().empty());
  CHECK(t.store->list("employer", {}, true).value().size() == 1);
  CHECK(count(*t.store, "SELECT coach_field_hlc(k.clocks, 'archived') > k.created_hlc FROM k_employer k") == 1);
  REQUIRE(t.store->setArchived(e, false).ok());
  CHECK(t.store->list("employer", {{"sector", "retail"}}).value().size() == 1);
}

TEST_CASE("Job hours and wage keep their whole history", "[store]") {
  TempProfile t;
  const std::string p = addParticipant(*t.store);
  const std::string e = mustAdd(*t.store, "employer", {{"name", "Bruin"}});
  const std::string j = mustAdd(*t.store, "job", {{"participant_id", p}, {"employer_id", e}, {"title", "barista"},
                                                  {"start_date", "2026-03-01"}, {"hours_per_week", 12},
                                                  {"hourly_wage", "14.40"}});
  t.clock.advance(1000);
  REQUIRE(t.store->update(j, {{"hours_per_week", 20}, {"terms_changed_on", "2026-06-01"}}).ok());
  const std::string history = "SELECT count(*) FROM field_history h JOIN record r ON r.rid = h.rid WHERE r.id = '" + j + "'";
  CHECK(count(*t.store, history + " AND h.field = 'hours_per_week'") == 2);
  CHECK(count(*t.store, history + " AND h.field = 'hourly_wage'") == 1);
  CHECK(t.store->get(j).value()["fields"]["hours_per_week"] == "20");
}

TEST_CASE("A timeline lists a participant's records newest first", "[store]") {
  TempProfile t;
  const std::string p = addParticipant(*t.store);
  const std::string e = mustAdd(*t.store, "employer", {{"name", "Bruin"}});
  mustAdd(*t.store, "employer_contact", {{"contact_at", "2026-02-10T10:00"}, {"coach", "marieke"}, {"employer_id", e},
                                         {"mode", "face_to_face"}, {"participant_id", p}, {"purpose", "present_candidate"}});
  mustAdd(*t.store, "trajectory", {{"participant_id", p}, {"referral_date", "2026-01-05"},
                                   {"referral_source", "self"}, {"status", "job_search"}});
  mustAdd(*t.store, "support_contact", {{"participant_id", p}, {"contact_on", "2026-02-20"}, {"mode", "phone"},
                                        {"type", "problem_solving"}, {"note", "belde over rooster"}});
  auto timeline = t.store->timeline(p);
  REQUIRE(timeline.ok());
  REQUIRE(timeline->size() == 4);
  CHECK((*timeline)[0]["kind"] == "support_contact");
  CHECK((*timeline)[0]["fields"]["note"] == "belde over rooster");
  CHECK((*timeline)[1]["kind"] == "employer_contact");
  CHECK((*timeline)[2]["kind"] == "trajectory");
  CHECK((*timeline)[3]["kind"] == "participant");
  CHECK_FALSE(t.store->timeline(e).ok());
}

TEST_CASE("A profile reopens with the right passphrase and opens nothing with a wrong one", "[store][keys]") {
  TempProfile t;
  const std::string p = addParticipant(*t.store);
  t.store.reset();
  PassphraseKeyProvider wrong("correct horse battery!", coach::test::kTestCost);
  auto refused = Store::openProfile(t.options(), wrong);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::WrongPassphrase);
  CHECK(refused.error().message.find("the passphrase is wrong: nothing was opened") == 0);
  t.reopen();
  CHECK(t.store->get(p).value()["fields"]["name"] == "Sanne de Vries");
}

TEST_CASE("A locked store opens nothing until it is unlocked again", "[store][keys]") {
  TempProfile t;
  const std::string p = addParticipant(*t.store);
  t.store->lock();
  CHECK(t.store->locked());
  auto read = t.store->get(p);
  REQUIRE_FALSE(read.ok());
  CHECK(read.error().code == ErrorCode::Locked);
  CHECK(t.store->add("employer", {{"name", "x"}}).error().code == ErrorCode::Locked);
  CHECK(t.store->agenda({}).error().code == ErrorCode::Locked);
  PassphraseKeyProvider wrong("not the passphrase", coach::test::kTestCost);
  CHECK(t.store->unlock(wrong).error().code == ErrorCode::WrongPassphrase);
  CHECK(t.store->locked());
  REQUIRE(t.store->unlock(t.keys).ok());
  CHECK(t.store->get(p).value()["fields"]["name"] == "Sanne de Vries");
}

TEST_CASE("Creating a profile where one exists is refused, opening a missing one says so", "[store]") {
  TempProfile t;
  auto again = Store::createProfile(t.options(), t.keys);
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == ErrorCode::AlreadyExists);
  StoreOptions missing = t.options();
  missing.path = (t.dir.path() / "nope.db").string();
  auto open = Store::openProfile(missing, t.keys);
  REQUIRE_FALSE(open.ok());
  CHECK(open.error().code == ErrorCode::NotFound);
}

TEST_CASE("The HLC survives a restart: stamps after reopening are above every earlier stamp", "[store][clock]") {
  TempProfile t;
  const std::string p = addParticipant(*t.store);
  const std::int64_t before = count(*t.store, "SELECT max(updated_hlc) FROM k_participant");
  t.clock.advance(-3'600'000);  // the wall clock went back an hour meanwhile
  t.reopen();
  REQUIRE(t.store->update(p, {{"municipality", "Houten"}}).ok());
  CHECK(count(*t.store, "SELECT max(updated_hlc) FROM k_participant") > before);
}
