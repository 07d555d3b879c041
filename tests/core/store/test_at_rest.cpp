// At rest: sensitive values never reach the disk in the clear, and a ciphertext only opens where it belongs.
#include <catch2/catch.hpp>

#include <filesystem>
#include <set>

#include "store/store_impl.hpp"
#include "temp_profile.hpp"

using namespace coach;
using coach::test::mustAdd;
using coach::test::readFile;
using coach::test::TempProfile;

TEST_CASE("After writing marker strings into sensitive fields, no database file contains them", "[store][at-rest]") {
  std::vector<std::string> markers;
  for (int i = 0; i < 40; ++i) markers.push_back("MARKER-" + std::to_string(1000 + i) + "-zq");
  TempProfile t;
  const std::string p = mustAdd(*t.store, "participant", {{"name", markers[0]}, {"coach", "marieke"},
                                                          {"birth_date", "1990-04-17"}, {"phone", markers[1]},
                                                          {"email", markers[2]}, {"note", markers[3]}});
  const std::string e = mustAdd(*t.store, "employer", {{"name", markers[4]}, {"contact_persons", markers[5]},
                                                       {"hiring_needs", markers[6]}, {"city", markers[7]}});
  for (int i = 8; i + 1 < static_cast<int>(markers.size()); i += 2) {
    mustAdd(*t.store, "support_contact", {{"participant_id", p}, {"contact_on", "2026-03-01"}, {"mode", "face_to_face"},
                                          {"type", "on_site_coaching"}, {"note", markers[static_cast<std::size_t>(i)]}});
    mustAdd(*t.store, "vocational_profile", {{"participant_id", p}, {"version", i}, {"profiled_on", "2026-02-01"},
                                             {"goals", markers[static_cast<std::size_t>(i) + 1]}});
  }
  // An edit leaves the old ciphertext behind only as ciphertext (secure_delete zeroes freed space).
  REQUIRE(t.store->update(e, {{"name", markers.back()}}).ok());
  REQUIRE(t.store->get(p).value()["fields"]["name"] == markers[0]);

  auto scan = [&](const char* when) {
    int filesScanned = 0;
    for (const auto& entry : std::filesystem::directory_iterator(t.dir.path())) {
      const std::string bytes = readFile(entry.path());
      ++filesScanned;
      for (const std::string& marker : markers) {
        INFO(when << ": " << entry.path().filename().string() << " holds " << marker);
        CHECK(bytes.find(marker) == std::string::npos);
      }
      CHECK(bytes.find("1990-04-17") == std::string::npos);  // the birth date is sensitive too
    }
    return filesScanned;
  };
  // With the WAL still holding the writes, then after a checkpoint into the main file.
  CHECK(scan("live") >= 2);
  CHECK(std::filesystem::exists(t.dbPath().string() + "-wal"));
  t.store.reset();
  CHECK(scan("closed") >= 1);
  t.reopen();
  CHECK(t.store->get(p).value()["fields"]["phone"] == markers[1]);
}

TEST_CASE("A ciphertext moved to another record or field fails to open", "[store][at-rest]") {
  TempProfile t;
  const std::string a = mustAdd(*t.store, "participant", {{"name", "Anna"}, {"coach", "marieke"}, {"note", "nota A"}});
  const std::string b = mustAdd(*t.store, "participant", {{"name", "Bram"}, {"coach", "marieke"}, {"note", "nota B"}});
  auto& impl = t.store->implForInternalUse();
  auto tamper = [&](const std::string& sql) {
    impl.writeAllowed = true;  // the test plays an attacker with write access to the file
    REQUIRE(impl.db.exec(sql, "tampering").ok());
    impl.writeAllowed = false;
  };

  SECTION("another field of the same record") {
    tamper("UPDATE k_participant SET note = name WHERE rid = (SELECT rid FROM record WHERE id = '" + a + "')");
    auto read = t.store->get(a);
    REQUIRE_FALSE(read.ok());
    CHECK(read.error().code == ErrorCode::DecryptFailed);
    CHECK(read.error().message.find("Anna") == std::string::npos);
  }
  SECTION("the same field of another record, even with the same key") {
    tamper("UPDATE k_participant SET shard = '" + a + "' WHERE rid = (SELECT rid FROM record WHERE id = '" + b + "')");
    tamper("UPDATE k_participant SET note = (SELECT note FROM k_participant WHERE rid = (SELECT rid FROM record WHERE id = '" + a + "')) WHERE rid = (SELECT rid FROM record WHERE id = '" + b + "')");
    auto read = t.store->get(b);
    REQUIRE_FALSE(read.ok());
    CHECK(read.error().code == ErrorCode::DecryptFailed);
  }
  SECTION("a relabelled key version") {
    tamper("UPDATE k_participant SET note = CAST(X'00000002' || substr(note, 5) AS BLOB) WHERE rid = (SELECT rid FROM record WHERE id = '" + a + "')");
    auto read = t.store->get(a);
    REQUIRE_FALSE(read.ok());
    CHECK(read.error().code == ErrorCode::DecryptFailed);
  }
  SECTION("a flipped bit") {
    tamper("UPDATE k_participant SET note = CAST(substr(note, 1, 20) || CASE WHEN substr(note, 21, 1) = X'FF' THEN X'00' ELSE X'FF' END || substr(note, 22) AS BLOB) WHERE rid = (SELECT rid FROM record WHERE id = '" + a + "')");
    CHECK(t.store->get(a).error().code == ErrorCode::DecryptFailed);
  }
}

TEST_CASE("Each participant's shard has its own data key, stored only wrapped", "[store][at-rest]") {
  TempProfile t;
  const std::string a = mustAdd(*t.store, "participant", {{"name", "Anna"}, {"coach", "marieke"}});
  const std::string b = mustAdd(*t.store, "participant", {{"name", "Bram"}, {"coach", "marieke"}});
  mustAdd(*t.store, "employer", {{"name", "Bruin"}});
  auto& impl = t.store->implForInternalUse();
  auto s = store::Stmt::prepare(impl.db.get(), "SELECT shard, version, length(wrapped) FROM shard_key ORDER BY shard");
  REQUIRE(s.ok());
  std::set<std::string> shards;
  while (s->step().value()) {
    shards.insert(s->textAt(0));
    CHECK(s->intAt(1) == 1);
    CHECK(s->intAt(2) == 32 + 12 + 16);  // a 256-bit key sealed: nonce + ciphertext + tag
  }
  CHECK(shards == std::set<std::string>{a, b, "team"});
}
