// Erasure through the real `coach` binary and the real coach-syncd on 127.0.0.1 (docs/erasure.md; docs/cli.md,
// "Erasure"): a coach's device may not erase; without a terminal the lead must pass --yes; the lead's erasure
// removes the participant here and, at its next sync, on the coach's device; both keep a nameless audit entry.
#include <csignal>
#include <string>

#include <catch2/catch.hpp>

#include "cli_team.hpp"
#include "sync/team_keys.hpp"

using coach::test::CliDevice;
using coach::test::CliMember;
using coach::test::CliResult;
using coach::test::CliTeam;
using coach::test::SyncdProcess;
using coach::test::TempDir;

TEST_CASE("A lead erases a participant with coach erase, a coach's device follows at its next sync",
          "[cli][e2e][erasure]") {
  TempDir data;
  SyncdProcess server(data.path() / "syncd");
  REQUIRE(server.start());
  CliTeam team(server);
  CliDevice& lead = team.found("marieke");
  const std::string sanne = lead.must({"participant", "add", "--name", "Sanne de Vries"})["id"];
  const std::string joost = lead.must({"participant", "add", "--name", "Joost Bakker"})["id"];
  lead.must({"sync"});
  CliMember anna = team.enrol("anna");
  anna.device->must({"sync"});
  CHECK(anna.device->run({"show", sanne}).exit == 0);

  CliResult coachTries = anna.device->run({"erase", "participant", sanne, "--yes", "--lang", "en"});
  CHECK(coachTries.exit == 7);
  CHECK_THAT(coachTries.err, Catch::Contains("only a team lead's device") && Catch::Contains("Nothing was erased"));
  CliResult unconfirmed = lead.run({"erase", "participant", sanne, "--lang", "en"});
  CHECK(unconfirmed.exit == 2);
  CHECK_THAT(unconfirmed.err, Catch::Contains("--yes"));
  CliResult unknown = lead.run({"erase", "participant", std::string(32, 'a'), "--yes"});
  CHECK(unknown.exit == 4);
  CHECK_THAT(unknown.err, Catch::Contains("kent geen deelnemer"));
  CHECK(lead.run({"show", sanne}).exit == 0);

  CliResult erased = lead.run({"erase", "participant", sanne, "--yes", "--lang", "en"});
  INFO(erased.err);
  REQUIRE(erased.exit == 0);
  CHECK_THAT(erased.out, Catch::Contains("Sanne de Vries was erased") && Catch::Contains("erasure 1"));
  // The team's keys were renewed after the erasure: a new recovery key, shown this once, in its typed form.
  CHECK_THAT(erased.out, Catch::Contains("New recovery key") && Catch::Contains("destroy the old one"));
  const std::string marker = "destroy the old one):\n";
  const std::size_t at = erased.out.find(marker);
  REQUIRE(at != std::string::npos);
  std::string key = erased.out.substr(at + marker.size());
  key = key.substr(0, key.find('\n'));
  CHECK(coach::sync::parseRecoveryKey(key).ok());
  CHECK(lead.run({"show", sanne}).exit == 4);
  CHECK(lead.run({"show", joost}).exit == 0);

  anna.device->must({"sync"});
  CHECK(anna.device->run({"show", sanne}).exit == 4);
  CHECK(anna.device->run({"show", joost}).exit == 0);
  for (CliDevice* d : {&lead, anna.device.get()}) {
    auto audit = d->must({"erasures"});
    REQUIRE(audit["erasures"].size() == 1);
    CHECK(audit["erasures"][0]["participant"] == sanne);
    CHECK(audit["erasures"][0]["index"] == 1);
    CHECK(audit["erasures"][0]["by_device"] == team.leadId());
    CHECK(audit.dump().find("Sanne") == std::string::npos);
  }
  CliResult table = anna.device->run({"erasures", "--lang", "en"});
  CHECK(table.exit == 0);
  CHECK_THAT(table.out, Catch::Contains(sanne) && !Catch::Contains("Sanne"));
  server.kill(SIGTERM);
}
