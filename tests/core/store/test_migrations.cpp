// Schema migrations: a profile created at every earlier schema level opens, upgrades and keeps its data.
#include <catch2/catch.hpp>

#include "store/field_clocks.hpp"
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
    REQUIRE(store::registerFunctions(*db, &allowed).ok());
    const std::string id = kEmployerId;
    store::FieldClocks clocks;
    clocks.set("sector", {Hlc{1}, 1});
    clocks.set("kvk_number", {Hlc{1}, 1});
    std::string hex;
    for (std::uint8_t b : clocks.encode()) hex += "0123456789abcdef"[b >> 4], hex += "0123456789abcdef"[b & 15];
    REQUIRE(db->exec("INSERT INTO record (rid, id, kind, shard) VALUES (7, '" + id + "', 'employer', 'team');"
                     "INSERT INTO k_employer (rid, shard, created_hlc, updated_hlc, clocks, sector, kvk_number) VALUES"
                     " (7, 'team', 1, 1, X'" + hex + "', 'hospitality', '12345678');"
                     "INSERT INTO outbox (rid, hlc, fields) VALUES (7, 1, 'sector,kvk_number');",
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
      // Level 6 added the team lead's manual fidelity scores (fidelity_score).
      CHECK(store.add("fidelity_score", {{"item", "v7"}, {"period_start", "2026-01-01"}, {"period_end", "2026-03-31"},
                                         {"score", 4}, {"scored_on", "2026-04-02"}}).ok());
      // Level 9 added the team lead's weekly review mark (week_review).
      CHECK(store.add("week_review", {{"week", "2026-W14"}, {"coach", "youssef"}, {"reviewed_on", "2026-04-06"},
                                      {"reviewer", "marieke"}}).ok());
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

TEST_CASE("Level 11 keeps a device's sent and kept envelopes, each written once", "[store][migration]") {
  TempDir dir;
  const std::string path = (dir.path() / "level10.db").string();
  PassphraseKeyProvider keys("correct horse battery", coach::test::kTestCost);
  buildProfileAtLevel(path, 10, keys);
  {
    auto db = store::Db::open(path, true);
    REQUIRE(db.ok());
    REQUIRE(db->exec("INSERT INTO kept_envelope (seq, shard, bytes, acked_at) VALUES (1, 'team', X'0101', 111),"
                     " (2, 'team', X'0202', 222);"
                     "INSERT INTO sent_envelope (seq, shard, changes, bytes) VALUES (3, 'team', 7, X'0303'),"
                     " (4, 'team', 5, X'0404');",
                     "seeding envelopes").ok());
  }
  StoreOptions options;
  options.path = path;
  auto opened = Store::openProfile(options, keys);
  REQUIRE(opened.ok());
  auto& impl = (*opened)->implForInternalUse();
  auto rows = [&](const std::string& sql) {
    auto s = impl.stmt(sql);
    REQUIRE(s.ok());
    store::StmtGuard guard(**s);
    std::vector<std::string> out;
    while ((*s)->step().value()) out.push_back((*s)->textAt(0));
    return out;
  };
  CHECK(rows("SELECT seq || ':' || changes || ':' || hex(bytes) FROM sent_envelope ORDER BY seq") ==
        std::vector<std::string>{"3:7:0303", "4:5:0404"});
  CHECK(rows("SELECT seq || ':' || acked_at || ':' || hex(bytes) FROM kept_envelope ORDER BY seq") ==
        std::vector<std::string>{"1:111:0101", "2:222:0202"});
  CHECK(rows("SELECT count(*) FROM own_envelope") == std::vector<std::string>{"4"});
  // Acknowledging marks, it does not copy: the bytes stay in their one row.
  REQUIRE(impl.keepHeld(3).ok());
  CHECK(rows("SELECT group_concat(seq) FROM kept_envelope") == std::vector<std::string>{"1,2,3"});
  CHECK(rows("SELECT group_concat(seq) FROM sent_envelope") == std::vector<std::string>{"4"});
  CHECK(rows("SELECT count(*) FROM own_envelope") == std::vector<std::string>{"4"});
  // Deleting an envelope takes its acknowledgement with it.
  REQUIRE(impl.db.exec("DELETE FROM own_envelope WHERE seq = 2", "deleting").ok());
  CHECK(rows("SELECT group_concat(seq) FROM own_envelope_ack") == std::vector<std::string>{"1,3"});
}
