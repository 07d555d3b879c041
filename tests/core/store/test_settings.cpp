// Device settings kept in the profile: plain and secret ones, survive a reopen, a secret never on disk in the clear.
#include <catch2/catch.hpp>

#include <filesystem>

#include "temp_profile.hpp"

using namespace coach;
using coach::test::readFile;
using coach::test::TempProfile;

TEST_CASE("Settings survive a reopen, and a secret one never reaches the disk in the clear", "[store][settings]") {
  TempProfile t;
  const std::string token = "0123456789abcdef0123456789abcdef.SECRET-TOKEN-MARKER-77";
  REQUIRE(t.store->putSetting("server.url", "https://sync.example.org").ok());
  REQUIRE(t.store->putSetting("server.token", token, SettingKind::Secret).ok());
  CHECK(t.store->setting("server.url").value() == std::optional<std::string>("https://sync.example.org"));
  CHECK(t.store->setting("server.token").value() == std::optional<std::string>(token));
  CHECK_FALSE(t.store->setting("server.ca_file").value().has_value());

  t.store.reset();
  for (const auto& entry : std::filesystem::directory_iterator(t.dir.path())) {
    CHECK(readFile(entry.path()).find("SECRET-TOKEN-MARKER-77") == std::string::npos);
  }
  t.reopen();
  CHECK(t.store->setting("server.token").value() == std::optional<std::string>(token));

  // Overwriting a secret with a plain value (and removing it) leaves no second copy behind.
  REQUIRE(t.store->putSetting("server.token", "plain-now").ok());
  CHECK(t.store->setting("server.token").value() == std::optional<std::string>("plain-now"));
  REQUIRE(t.store->removeSetting("server.token").ok());
  CHECK_FALSE(t.store->setting("server.token").value().has_value());
}

TEST_CASE("Settings refuse bad names, oversized values and a locked profile", "[store][settings]") {
  TempProfile t;
  auto badName = t.store->putSetting("Server URL", "x");
  REQUIRE_FALSE(badName.ok());
  CHECK(badName.error().code == ErrorCode::InvalidArgument);
  CHECK_FALSE(t.store->putSetting("big", std::string(64 * 1024 + 1, 'x')).ok());
  REQUIRE(t.store->putSetting("server.token", "t", SettingKind::Secret).ok());
  t.store->lock();
  auto locked = t.store->setting("server.token");
  REQUIRE_FALSE(locked.ok());
  CHECK(locked.error().code == ErrorCode::Locked);
}
