// Schema migrations: a profile created at every earlier schema level opens, upgrades and keeps its data.
#include <catch2/catch.hpp>

#include "store/store_impl.hpp"
#include "temp_profile.hpp"

using namespace coach;
using coach::test::TempDir;

namespace {

constexpr const char* kEmployerId = "0123456789abcdef0123456789abcdef";

// Builds a profile at `level` the way that version of the app left it, with one employer when the level has
// record tables.
void buildProfileAtLevel(const std::string& path, int level, PassphraseKeyProvider& keys) {
  auto db = store::Db::open(path, true);
  REQUIRE(db.ok());
  REQUIRE(db->exec("PRAGMA journal_mode = WAL", "wal").ok());
  REQUIRE(store::migrate(*db, level).ok());
  REQUIRE(store::schemaLevel(*db).value() == level);
  auto created = keys.create();
  REQUIRE(created.ok());
  REQUIRE(initialiseProfile(*db, *created, keys.name(), "youssef").ok());
  if (level >= 2) {
    bool allowed = true;
    REQUIRE(store::registerWriteGuard(*db, &allowed).ok());
    const std::string id = kEmployerId;
    REQUIRE(db->exec("INSERT INTO record (id, kind, shard) VALUES ('" + id + "', 'employer', 'team');"
                     "INSERT INTO k_employer (id, shard, created_hlc, updated_hlc, sector, kvk_number) VALUES ('" +
                         id + "', 'team', 1, 1, 'hospitality', '12345678');"
                         "INSERT INTO field_clock VALUES ('" + id + "', 'sector', 1, 'dev');"
                         "INSERT INTO outbox (shard, record_id, kind, hlc, change) VALUES ('team', '" + id +
                         "', 'employer', 1, '{}');",
                     "seeding").ok());
    allowed = false;
  }
}

}  // namespace

TEST_CASE("A profile of every earlier schema level upgrades to the current level and keeps its data", "[store][migration]") {
  for (int level = 1; level < store::kSchemaLevel; ++level) {
    DYNAMIC_SECTION("from level " << level) {
      TempDir dir;
      const std::string path = (dir.path() / "old.db").string();
      PassphraseKeyProvider keys("correct horse battery", coach::test::kTestCost);
      buildProfileAtLevel(path, level, keys);

      StoreOptions options;
      options.path = path;
      auto opened = Store::openProfile(options, keys);
      REQUIRE(opened.ok());
      Store& store = **opened;
      CHECK(store.actor() == "youssef");
      CHECK(store::schemaLevel(store.implForInternalUse().db).value() == store::kSchemaLevel);
      if (level >= 2) {
        auto employer = store.get(kEmployerId);
        REQUIRE(employer.ok());
        CHECK(employer.value()["fields"]["sector"] == "hospitality");
      }
      // Everything the current level added works: a job keeps its hours history (field_history, level 3).
      auto p = store.add("participant", {{"name", "Mohammed"}, {"coach", "youssef"}});
      REQUIRE(p.ok());
      auto e = level >= 2 ? Result<std::string>(std::string(kEmployerId)) : store.add("employer", {{"name", "Bruin"}});
      REQUIRE(e.ok());
      auto job = store.add("job", {{"participant_id", *p}, {"employer_id", *e}, {"title", "fietsenmaker"},
                                   {"start_date", "2026-04-01"}, {"hours_per_week", 16}});
      REQUIRE(job.ok());
      CHECK(store.timeline(*p).value().size() == 2);
    }
  }
}

TEST_CASE("A profile written by a newer version is refused untouched", "[store][migration]") {
  coach::test::TempProfile t;
  REQUIRE(t.store->implForInternalUse().db.exec("PRAGMA user_version = 99", "bump").ok());
  t.store.reset();
  auto opened = Store::openProfile(t.options(), t.keys);
  REQUIRE_FALSE(opened.ok());
  CHECK(opened.error().code == ErrorCode::SchemaTooNew);
  CHECK(opened.error().message.find("update the app") != std::string::npos);
  auto db = store::Db::open(t.dbPath().string(), false);
  REQUIRE(db.ok());
  CHECK(store::schemaLevel(*db).value() == 99);
}
