// `coach access-log` and `coach retention` through the real binary (docs/access-log.md; docs/cli.md, "Access log
// and retention"): golden files of the privacy officer's table in Dutch and English (tests/cli/golden/
// access_nl.txt, access_en.txt) with a fixed clock that moves between commands; the JSON form; and, against the
// real coach-syncd, a coach's offline reads in the lead's log after sync and the log of an erased participant.
// Regenerate the goldens after an intended change: COACH_UPDATE_GOLDEN=1 build/<dir>/bin/test_cli_access
// "[golden]", then review the diff.
#include <csignal>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "cli_team.hpp"
#include "golden.hpp"

using coach::test::CliDevice;
using coach::test::CliMember;
using coach::test::CliResult;
using coach::test::CliTeam;
using coach::test::SyncdProcess;
using coach::test::TempDir;

namespace {

// Ids are random: every 32-hex id becomes <idN> in order of first appearance, a device's 8-hex prefix <device>.
std::string normaliseAccess(const std::string& text, const std::string& home) {
  static const std::regex device(R"(\b[0-9a-f]{8}\b)");
  return std::regex_replace(coach::test::IdNumbering(home)(text), device, "<device>");
}

std::string accessTranscript(const std::string& lang) {
  CliDevice device({{"COACH_TEST_NOW", "2026-03-02T10:00"}, {"LANG", lang}});
  device.must({"init", "--actor", "marieke"});
  const std::string sanne = device.must({"participant", "add", "--name", "Sanne de Vries"})["id"];
  device.must({"show", sanne});
  device.setEnv("COACH_TEST_NOW", "2026-03-02T10:20");
  device.must({"timeline", sanne});
  device.setEnv("COACH_TEST_NOW", "2026-03-03T09:05");
  const std::string file = (device.home() / "inzage.json").string();
  device.must({"export", "participant", sanne, "--output", file, "--on-behalf-of", "deelnemer"});
  const std::vector<std::vector<std::string>> commands{
      {"access-log", sanne},
      {"access-log", sanne, "--from", "03-03-2026", "--to", "vandaag"},
      {"access-log", sanne, "--from", "2026-04-01"},
      {"access-log", std::string(32, 'a')},
      {"access-log", "Sanne"},
      {"retention"},
      {"retention", "--date", "2046-03-03"},
      {"access-log", "--help"},
  };
  const std::string all = coach::test::transcriptOf(device, commands);
  return normaliseAccess(sanne + "\n" + all, device.home().string());
}

}  // namespace

TEST_CASE("coach access-log and coach retention print the Dutch golden output", "[cli][golden][access-log]") {
  coach::test::compareWithGolden("access_nl.txt", accessTranscript("C.UTF-8"), "test_cli_access");
}

TEST_CASE("coach access-log and coach retention print the English golden output", "[cli][golden][access-log]") {
  coach::test::compareWithGolden("access_en.txt", accessTranscript("en_GB.UTF-8"), "test_cli_access");
}

TEST_CASE("coach access-log --json lists the events, with no data about the participant", "[cli][access-log]") {
  CliDevice device(std::map<std::string, std::string>{{"COACH_TEST_NOW", "2026-03-02T10:00"}});
  device.must({"init", "--actor", "marieke"});
  const std::string sanne = device.must({"participant", "add", "--name", "Sanne de Vries", "--municipality", "Utrecht"})["id"];
  device.must({"show", sanne});
  auto log = device.must({"access-log", sanne});
  REQUIRE(log["events"].size() == 2);
  CHECK(log["events"][0]["action"] == "write");
  CHECK(log["events"][1]["action"] == "read");
  CHECK(log["events"][1]["actor"] == "marieke");
  CHECK(log["events"][1]["at"] == "2026-03-02T10:00");
  CHECK(log.dump().find("Sanne") == std::string::npos);
  CHECK(log.dump().find("Utrecht") == std::string::npos);
  auto report = device.must({"retention", "--date", "2046-03-03"});
  REQUIRE(report["participants_past_term"].size() == 1);
  CHECK(report["participants_past_term"][0]["participant"] == sanne);
  CHECK(report["access_events_past_term"].size() == 2);
  CHECK(report.dump().find("Sanne") == std::string::npos);
  CliResult tooShort = device.run({"add", "retention_rule", "record_class=care_dossier", "years=10", "set_on=vandaag"});
  CHECK(tooShort.exit == 3);
}

TEST_CASE("A coach's reads reach the lead's access log at sync, and the log of an erased participant stays",
          "[cli][e2e][access-log]") {
  TempDir data;
  SyncdProcess server(data.path() / "syncd");
  REQUIRE(server.start());
  CliTeam team(server);
  CliDevice& lead = team.found("marieke");
  const std::string sanne = lead.must({"participant", "add", "--name", "Sanne de Vries"})["id"];
  lead.must({"sync"});
  CliMember anna = team.enrol("anna");
  anna.device->must({"sync"});
  anna.device->must({"show", sanne});  // offline: only this device knows of the read until it syncs
  auto before = lead.must({"access-log", sanne});
  for (const auto& e : before["events"]) CHECK(e["actor"] != "anna");
  anna.device->must({"sync"});
  lead.must({"sync"});
  auto after = lead.must({"access-log", sanne});
  bool annaRead = false;
  for (const auto& e : after["events"]) annaRead = annaRead || (e["actor"] == "anna" && e["action"] == "read" && e["device"] == anna.id);
  CHECK(annaRead);

  REQUIRE(lead.run({"erase", "participant", sanne, "--yes"}).exit == 0);
  CHECK(lead.run({"show", sanne}).exit == 4);
  auto erased = lead.must({"access-log", sanne});
  REQUIRE_FALSE(erased["events"].empty());
  CHECK(erased["events"].back()["action"] == "erase");
  CHECK(erased["events"].back()["actor"] == "marieke");
  CliResult table = lead.run({"access-log", sanne, "--lang", "en"});
  CHECK(table.exit == 0);
  CHECK_THAT(table.out, Catch::Contains("erased") && Catch::Contains("anna"));
  server.kill(SIGTERM);
}
