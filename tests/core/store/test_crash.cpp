// Crash safety: a child process writes through the store in a loop and is killed with SIGKILL at random
// moments; after each kill the store must reopen consistent, with every change either fully in both the
// record tables and the outbox, or in neither.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "store/field_clocks.hpp"
#include "store/store_impl.hpp"
#include "temp_profile.hpp"

using namespace coach;
using nlohmann::json;

namespace {

constexpr int kKills = 50;

[[noreturn]] void childWriteLoop(const StoreOptions& options, int readyFd) {
  PassphraseKeyProvider keys("correct horse battery", coach::test::kTestCost);
  auto opened = Store::openProfile(options, keys);
  if (!opened.ok()) _exit(3);
  Store& store = **opened;
  auto participants = store.list("participant");
  if (!participants.ok() || participants->empty()) _exit(4);
  const std::string p = participants->front()["id"];
  std::int64_t next = static_cast<std::int64_t>(store.list("support_contact").value().size());
  const char ready = 'r';
  if (write(readyFd, &ready, 1) != 1) _exit(6);
  for (;; ++next) {
    // Two mutations in one transaction: a contact and an update of the participant that counts them.
    const Mutation batch[] = {
        {Mutation::Op::Create, "support_contact", {},
         {{"participant_id", p}, {"contact_on", "2026-03-02"}, {"mode", "face_to_face"}, {"type", "on_site_coaching"},
          {"duration_minutes", next % 600}, {"note", "note " + std::to_string(next)}}},
        {Mutation::Op::Update, {}, p, {{"note", "contacts: " + std::to_string(next + 1)}}},
    };
    if (!store.apply(batch).ok()) _exit(5);
    const char committed = 'c';  // the parent may wait for a few commits before it kills
    if (write(readyFd, &committed, 1) != 1) _exit(6);
  }
}

std::int64_t scalar(sqlite3* db, const std::string& sql) {
  auto s = store::Stmt::prepare(db, sql);
  REQUIRE(s.ok());
  REQUIRE(s->step().value());
  return s->intAt(0);
}

// Every outbox change has its record and field stamps; every field stamp has the change that made it.
void checkConsistent(Store& store) {
  sqlite3* db = store.implForInternalUse().db.get();
  auto integrity = store::Stmt::prepare(db, "PRAGMA integrity_check");
  REQUIRE(integrity->step().value());
  CHECK(integrity->textAt(0) == "ok");
  // Field stamps against outbox entries, for both kinds the child writes.
  for (const char* table : {"k_support_contact", "k_participant"}) {
    auto rows = store::Stmt::prepare(db, std::string("SELECT rid, clocks FROM ") + table);
    REQUIRE(rows.ok());
    while (rows->step().value()) {
      const std::int64_t rid = rows->intAt(0);
      auto clocks = store::FieldClocks::decode(rows->blobAt(1));
      REQUIRE(clocks.has_value());
      clocks->forEach([&](std::string_view field, const store::FieldStamp& stamp) {
        INFO(table << " rid " << rid << " field " << field);
        CHECK(scalar(db, "SELECT count(*) FROM outbox WHERE rid = " + std::to_string(rid) + " AND hlc = " +
                             std::to_string(stamp.hlc.value) + " AND ',' || fields || ',' LIKE '%," +
                             std::string(field) + ",%'") == 1);
      });
    }
  }
  CHECK(scalar(db, "SELECT count(*) FROM outbox o WHERE NOT EXISTS (SELECT 1 FROM record r WHERE r.rid = o.rid)") == 0);
  // ... and every outbox entry's fields carry its stamp or a later one.
  CHECK(scalar(db, "SELECT count(*) FROM outbox o JOIN k_support_contact k ON k.rid = o.rid"
                   " WHERE coach_field_hlc(k.clocks, 'note') < o.hlc") == 0);
  CHECK(scalar(db, "SELECT count(*) FROM outbox o JOIN k_participant k ON k.rid = o.rid"
                   " WHERE coach_field_hlc(k.clocks, 'note') < o.hlc") == 0);
  const std::int64_t contacts = scalar(db, "SELECT count(*) FROM k_support_contact");
  CHECK(scalar(db, "SELECT count(*) FROM record WHERE kind = 'support_contact'") == contacts);
  CHECK(scalar(db, "SELECT count(*) FROM outbox o JOIN record r ON r.rid = o.rid WHERE r.kind = 'support_contact'") == contacts);
  // Contacts and participant updates were committed in pairs.
  CHECK(scalar(db, "SELECT count(*) FROM outbox o JOIN record r ON r.rid = o.rid WHERE r.kind = 'participant'") ==
        contacts + 1);

  // The notes are numbered without a gap, and the participant's counter matches the newest pair.
  auto notes = store.list("support_contact");
  REQUIRE(notes.ok());
  std::set<std::int64_t> numbers;
  for (const json& n : *notes) numbers.insert(std::stoll(n["fields"]["note"].get<std::string>().substr(5)));
  CHECK(static_cast<std::int64_t>(numbers.size()) == contacts);
  if (!numbers.empty()) CHECK(*numbers.rbegin() == contacts - 1);
  auto participant = store.list("participant");
  REQUIRE(participant.ok());
  const json& note = participant->front()["fields"]["note"];
  CHECK(note == (contacts == 0 ? json("start") : json("contacts: " + std::to_string(contacts))));
}

}  // namespace

TEST_CASE("SIGKILL at random moments while writing never leaves a half change behind", "[store][crash]") {
  coach::test::TempProfile t;
  coach::test::mustAdd(*t.store, "participant", {{"name", "Pieter"}, {"coach", "marieke"}, {"note", "start"}});
  const StoreOptions options = t.options();
  t.store.reset();

  const unsigned seed = std::random_device{}();
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  // Each kill waits for 0 to 3 commits of the child, then 0 to 20 ms: the kills land at random moments of a
  // child that is writing, however fast or slow the machine (a loaded CI machine writes few changes in 20 ms).
  std::uniform_int_distribution<int> commitsFirst(0, 3);
  std::uniform_int_distribution<int> delayMicros(0, 20'000);
  std::int64_t lastCount = -1;
  int progressed = 0;
  for (int kill = 0; kill < kKills; ++kill) {
    int ready[2];
    REQUIRE(pipe(ready) == 0);
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) childWriteLoop(options, ready[1]);
    char byte = 0;
    REQUIRE(read(ready[0], &byte, 1) == 1);  // the child has opened the store and starts writing
    for (int commits = commitsFirst(rng); commits > 0; --commits) REQUIRE(read(ready[0], &byte, 1) == 1);
    std::this_thread::sleep_for(std::chrono::microseconds(delayMicros(rng)));
    REQUIRE(::kill(child, SIGKILL) == 0);
    close(ready[0]);
    close(ready[1]);
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    // The child must have died of our SIGKILL, not of an error of its own.
    REQUIRE(WIFSIGNALED(status));
    REQUIRE(WTERMSIG(status) == SIGKILL);

    t.reopen();
    checkConsistent(*t.store);
    const std::int64_t count = static_cast<std::int64_t>(t.store->list("support_contact").value().size());
    CHECK(count >= lastCount);  // nothing committed before is ever lost
    progressed += count > lastCount ? 1 : 0;
    lastCount = count;
    t.store.reset();
  }
  // The kills landed while writing: the store grew across most of them (3 in 4 waited for a commit).
  INFO("contacts written " << lastCount);
  CHECK(progressed > kKills / 3);
}
