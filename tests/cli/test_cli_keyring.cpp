// `coach init --keyring`: the profile's key in the OS keyring (docs/keyring.md), against a real GNOME Keyring on a
// private D-Bus session bus (tests/support/session_keyring.hpp). No passphrase file is given to any command
// here, and without a terminal a passphrase profile would fail: every command that works, worked through the
// keyring. The keyring going away, or holding no item, gets a clear error and leaves the profile intact.
#include <string>

#include <catch2/catch.hpp>

#include "cli_run.hpp"
#include "session_keyring.hpp"

using coach::test::CliDevice;
using coach::test::CliResult;
using coach::test::SessionKeyring;
using coach::test::TempDir;

namespace {

// Every command of `device` sees the test's session bus and no passphrase.
void useKeyring(CliDevice& device, const SessionKeyring& keyring) {
  device.setEnv("DBUS_SESSION_BUS_ADDRESS", keyring.busAddress());
  device.setEnv("LANG", "en_GB.UTF-8");
  device.setEnv("COACH_PASSPHRASE_FILE", "");
}

}  // namespace

TEST_CASE("A profile made with --keyring opens from the OS keyring, with no passphrase", "[cli][keyring]") {
  TempDir dir;
  SessionKeyring keyring(dir.path() / "keyring", "login password");
  INFO(keyring.log());
  REQUIRE(keyring.start());
  CliDevice device;
  useKeyring(device, keyring);

  // Without --keyring and without a terminal or a passphrase file, a profile cannot be made: the control.
  CliResult plain = device.run({"init", "--actor", "marieke"});
  CHECK(plain.exit != 0);
  CHECK_THAT(plain.err, Catch::Contains("no passphrase"));

  auto made = device.must({"init", "--actor", "marieke", "--keyring"});
  CHECK(made["key"] == "keyring");
  const std::string sanne = device.must({"participant", "add", "--name", "Sanne de Vries"})["id"];
  auto shown = device.must({"show", sanne});
  CHECK(shown["fields"]["name"] == "Sanne de Vries");
  CliResult again = device.run({"init", "--actor", "anna", "--keyring"});
  CHECK(again.exit != 0);  // the profile exists already: nothing is replaced

  // The profile file holds only the item's id: a passphrase (even the file's) does not open it.
  const std::string profile = coach::test::readFile(device.home() / "profile.db");
  CHECK(profile.find("Sanne") == std::string::npos);
  CHECK(profile.find("secret-service") != std::string::npos);
}

TEST_CASE("Without the keyring the profile does not open, says what to do, and opens again at the next login",
          "[cli][keyring]") {
  TempDir dir;
  SessionKeyring keyring(dir.path() / "keyring", "login password");
  INFO(keyring.log());
  REQUIRE(keyring.start());
  CliDevice device;
  useKeyring(device, keyring);
  device.must({"init", "--actor", "marieke", "--keyring"});
  const std::string sanne = device.must({"participant", "add", "--name", "Sanne de Vries"})["id"];

  keyring.stop();  // logged out: no Secret Service on the bus
  CliResult away = device.run({"show", sanne, "--lang", "en"});
  CHECK(away.exit != 0);
  CHECK_THAT(away.err, Catch::Contains("keyring (Secret Service) does not answer"));
  CHECK_THAT(away.err, Catch::Contains("Your data is safe on this device"));
  CliResult dutch = device.run({"show", sanne, "--lang", "nl"});
  CHECK_THAT(dutch.err, Catch::Contains("sleutelbos"));

  REQUIRE(keyring.start());  // the same user logs in again: the same keyring, unlocked
  auto shown = device.must({"show", sanne});
  CHECK(shown["fields"]["name"] == "Sanne de Vries");

  // Another user's (empty) keyring has no item for this profile.
  keyring.stop();
  SessionKeyring other(dir.path() / "other", "another password");
  REQUIRE(other.start());
  device.setEnv("DBUS_SESSION_BUS_ADDRESS", other.busAddress());
  CliResult missing = device.run({"show", sanne, "--lang", "en"});
  CHECK(missing.exit != 0);
  CHECK_THAT(missing.err, Catch::Contains("has no key for this profile"));
  CHECK(missing.err.find("Sanne") == std::string::npos);
  other.stop();
  REQUIRE(keyring.start());
  device.setEnv("DBUS_SESSION_BUS_ADDRESS", keyring.busAddress());
  CHECK(device.must({"show", sanne})["fields"]["name"] == "Sanne de Vries");  // nothing was lost on the way
}
