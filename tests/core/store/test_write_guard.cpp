// The store's one-write-path promise, proven against the database itself: no table that holds records or
// their change log can be written except by the write path.
#include <catch2/catch.hpp>

#include "store/store_impl.hpp"
#include "temp_profile.hpp"

using namespace coach;
using coach::test::mustAdd;
using coach::test::TempProfile;

namespace {

std::vector<std::string> guardedTables() {
  std::vector<std::string> tables{"record", "outbox", "field_history"};
  for (const model::KindDef& k : model::Registry::instance().kinds()) tables.push_back(store::tableName(k));
  return tables;
}

// Runs `sql` on `db` and returns SQLite's error message ("" when it succeeded).
std::string tryExec(sqlite3* db, const std::string& sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  std::string out = rc == SQLITE_OK ? "" : (message != nullptr ? message : "error");
  sqlite3_free(message);
  return out;
}

}  // namespace

TEST_CASE("No record table can be inserted into, updated or deleted from around the write path", "[store][guard]") {
  TempProfile t;
  const std::string p = mustAdd(*t.store, "participant", {{"name", "Sanne"}, {"coach", "marieke"}});
  sqlite3* own = t.store->implForInternalUse().db.get();

  // A second, independent connection, as any other program on the device would open.
  sqlite3* other = nullptr;
  REQUIRE(sqlite3_open(t.dbPath().c_str(), &other) == SQLITE_OK);
  std::unique_ptr<sqlite3, decltype(&sqlite3_close)> otherOwner(other, &sqlite3_close);

  int refused = 0;
  for (const std::string& table : guardedTables()) {
    for (sqlite3* db : {own, other}) {
      INFO(table << (db == own ? " (store's connection)" : " (other connection)"));
      const std::string insert = tryExec(db, "INSERT INTO " + table + " DEFAULT VALUES");
      CHECK_FALSE(insert.empty());
      const std::string update = tryExec(db, "UPDATE " + table + " SET rowid = rowid");
      const std::string del = tryExec(db, "DELETE FROM " + table);
      if (db == own) {
        CHECK(insert.find("can only be written through the store's write path") != std::string::npos);
      }
      // UPDATE and DELETE of an empty table fire no trigger; every table with rows must refuse.
      refused += !insert.empty();
      refused += !update.empty();
      refused += !del.empty();
    }
  }
  CHECK(refused >= static_cast<int>(guardedTables().size()) * 2);

  // Rows that exist stayed exactly as they were.
  auto rec = t.store->get(p);
  REQUIRE(rec.ok());
  CHECK(rec.value()["fields"]["name"] == "Sanne");
  const std::string delParticipant = tryExec(own, "DELETE FROM k_participant");
  CHECK(delParticipant.find("k_participant can only be written through the store's write path") != std::string::npos);
  CHECK(tryExec(own, "UPDATE outbox SET hlc = 0").find("outbox can only be written") != std::string::npos);
  CHECK(tryExec(own, "UPDATE k_participant SET clocks = X''").find("k_participant can only be written") != std::string::npos);
  CHECK(t.store->get(p).ok());
}

TEST_CASE("Every write API produces a stamped change in the outbox", "[store][guard]") {
  TempProfile t;
  auto& impl = t.store->implForInternalUse();
  auto outboxCount = [&] {
    auto s = store::Stmt::prepare(impl.db.get(), "SELECT count(*) FROM outbox");
    REQUIRE(s.ok());
    REQUIRE(s->step().value());
    return s->intAt(0);
  };
  const std::string e = mustAdd(*t.store, "employer", {{"name", "Bruin"}});
  CHECK(outboxCount() == 1);
  REQUIRE(t.store->update(e, {{"sector", "hospitality"}}).ok());
  CHECK(outboxCount() == 2);
  REQUIRE(t.store->setArchived(e, true).ok());
  CHECK(outboxCount() == 3);
  const Mutation batch[] = {{Mutation::Op::Create, "employer", {}, {{"name", "A"}}},
                            {Mutation::Op::Create, "employer", {}, {{"name", "B"}}}};
  REQUIRE(t.store->apply(batch).ok());
  CHECK(outboxCount() == 5);
}
