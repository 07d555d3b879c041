// Golden files of `coach devices` and `coach device exposure`, in Dutch and English (tests/cli/golden/
// devices_nl.txt, devices_en.txt): a lead, an approved coach's device and a waiting one on the real coach-syncd.
// Ids, fingerprints and the server's times are random or the wall clock's, so they are replaced by <id1>...,
// <fingerprint> and <time>. Regenerate after an intended change: COACH_UPDATE_GOLDEN=1
// build/dev/bin/test_cli_devices "[golden]", then review the diff (docs/cli.md, "Tests").
#include <csignal>
#include <regex>
#include <string>

#include <catch2/catch.hpp>

#include "cli_team.hpp"
#include "golden.hpp"

using coach::test::CliDevice;
using coach::test::CliMember;
using coach::test::CliTeam;
using coach::test::SyncdProcess;
using coach::test::TempDir;

namespace {

std::string normalise(std::string text) {
  static const std::regex fingerprint(R"(\d{4} \d{4} \d{4} \d{4} \d{4})");
  static const std::regex time(R"(\d{2}-\d{2}-\d{4} \d{2}:\d{2}|\d{4}-\d{2}-\d{2} \d{2}:\d{2})");
  text = std::regex_replace(text, fingerprint, "<fingerprint>");
  text = std::regex_replace(text, time, "<time>");
  return coach::test::IdNumbering()(text);
}

std::string transcript(const std::string& lang) {
  TempDir data;
  SyncdProcess server(data.path() / "syncd");
  REQUIRE(server.start());
  CliTeam team(server, {{"LANG", lang}});
  CliDevice& lead = team.found("marieke");
  CliMember anna = team.enrol("anna");
  anna.device->must({"sync"});
  CliMember bram = team.enrolPending("bram");
  const std::string all = coach::test::transcriptOf(lead, {{"devices"}, {"device", "exposure", anna.id}});
  server.kill(SIGTERM);
  // The lead's id first, then anna's and bram's, whatever the server's order.
  return normalise(team.leadId() + " " + anna.id + " " + bram.id + "\n" + all);
}

}  // namespace

TEST_CASE("coach devices and device exposure print the Dutch golden output", "[cli][golden][devices]") {
  coach::test::compareWithGolden("devices_nl.txt", transcript("C.UTF-8"), "test_cli_devices");
}

TEST_CASE("coach devices and device exposure print the English golden output", "[cli][golden][devices]") {
  coach::test::compareWithGolden("devices_en.txt", transcript("en_GB.UTF-8"), "test_cli_devices");
}
