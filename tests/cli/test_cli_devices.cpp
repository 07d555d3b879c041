// The device lifecycle through the real `coach` binary and the real coach-syncd on 127.0.0.1 (docs/cli.md,
// "Devices"; docs/keys.md): a coach's device enrols and waits, the lead approves it with the fingerprint read
// off its screen (a wrong one is refused and nothing is approved), both sync one team; a lost phone is revoked,
// its sync is refused in plain words and the privacy officer sees what it could have held; a new lead device
// restores the keys from the recovery key `coach team create` printed, and a mistyped key is caught.
#include <csignal>
#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include "cli_team.hpp"
#include "pty_run.hpp"

using coach::test::CliDevice;
using coach::test::CliMember;
using coach::test::CliResult;
using coach::test::CliTeam;
using coach::test::deviceIn;
using coach::test::SyncdProcess;
using coach::test::TempDir;

namespace {

// `key` with one character changed to another of the recovery alphabet (a typo).
std::string withTypo(std::string key) {
  const std::size_t at = key.find_first_not_of(' ', 5);
  key[at] = key[at] == 'A' ? 'B' : 'A';
  return key;
}

}  // namespace

TEST_CASE("A coach's device enrols and waits, the lead approves it only with the fingerprint on its screen",
          "[cli][e2e][devices]") {
  TempDir data;
  SyncdProcess server(data.path() / "syncd");
  REQUIRE(server.start());
  CliTeam team(server);
  CliDevice& lead = team.found("marieke");
  CliMember anna = team.enrolPending("anna");
  CHECK(anna.fingerprint.size() == 24);  // five groups of four digits

  // Waiting: it may not sync yet, and is told what to do.
  CliResult early = anna.device->run({"sync", "--lang", "en"});
  CHECK(early.exit == 5);
  CHECK_THAT(early.err, Catch::Contains("no team keys yet") && Catch::Contains("coach enrol --finish"));

  // The lead sees it waiting, with the same fingerprint computed from the keys the server handed out.
  auto listed = deviceIn(lead.must({"devices"}), anna.id);
  REQUIRE(listed.is_object());
  CHECK(listed["state"] == "pending");
  CHECK(listed["role"] == "coach");
  CHECK(listed["fingerprint"] == anna.fingerprint);
  CliResult table = lead.run({"devices", "--lang", "en"});
  CHECK(table.exit == 0);
  CHECK_THAT(table.out, Catch::Contains(anna.id) && Catch::Contains("pending") && Catch::Contains(anna.fingerprint));

  // A wrong fingerprint: refused in plain words, nothing approved.
  CliResult wrong = lead.run({"device", "approve", anna.id, "--fingerprint", "1111 2222 3333 4444 5555"});
  CHECK(wrong.exit == 7);
  CHECK_THAT(wrong.err, Catch::Contains("vingerafdrukken verschillen") && Catch::Contains("niets goedgekeurd"));
  CliResult wrongEn =
      lead.run({"device", "approve", anna.id, "--fingerprint", "1111 2222 3333 4444 5555", "--lang", "en"});
  CHECK_THAT(wrongEn.err, Catch::Contains("fingerprints differ") && Catch::Contains("nothing was approved"));
  CHECK(deviceIn(lead.must({"devices"}), anna.id)["state"] == "pending");
  CliResult notYet = anna.device->run({"enrol", "--finish", "--no-wait", "--lang", "en"});
  CHECK(notYet.exit == 7);
  CHECK_THAT(notYet.err, Catch::Contains("not been approved yet"));

  // No fingerprint and no terminal: the command says which option is missing instead of asking.
  CliResult missing = lead.run({"device", "approve", anna.id, "--lang", "en"});
  CHECK(missing.exit == 2);
  CHECK_THAT(missing.err, Catch::Contains("--fingerprint"));

  // On a terminal the lead is asked for the digits; the first characters of the id are enough. Anna's device
  // waits meanwhile and joins once approved.
  CliResult joined;
  std::thread waiting([&] { joined = anna.device->run({"enrol", "--finish", "--wait-seconds", "120", "--json"}); });
  coach::test::PtyResult typed = coach::test::runOnTerminal(
      lead, {"device", "approve", anna.id.substr(0, 8), "--lang", "en"}, anna.fingerprint + "\n");
  waiting.join();
  INFO(typed.screen);
  CHECK(typed.exit == 0);
  CHECK_THAT(typed.screen, Catch::Contains("Fingerprint on the screen of device") && Catch::Contains("approved"));
  INFO(joined.out << joined.err);
  REQUIRE(joined.exit == 0);
  CHECK(joined.json()["state"] == "approved");
  CHECK(deviceIn(lead.must({"devices"}), anna.id)["state"] == "approved");
  CliResult again = lead.run({"device", "approve", anna.id, "--fingerprint", anna.fingerprint, "--lang", "en"});
  CHECK(again.exit == 3);
  CHECK_THAT(again.err, Catch::Contains("is not waiting for approval"));

  // One team: what the lead writes, anna's device reads (the participant's name decrypts there).
  lead.must({"participant", "add", "--name", "Sanne de Vries"});
  lead.must({"sync"});
  anna.device->must({"sync"});
  auto participants = anna.device->must({"list", "participant"});
  REQUIRE(participants.size() == 1);
  CHECK(participants[0]["fields"]["name"] == "Sanne de Vries");

  // A coach's device may not approve or revoke: a team lead's action, said so.
  CliResult notLead = anna.device->run({"device", "revoke", team.leadId(), "--lang", "en"});
  CHECK(notLead.exit == 7);
  CHECK_THAT(notLead.err, Catch::Contains("only a team lead's device"));
  server.kill(SIGTERM);
}

TEST_CASE("A revoked phone's sync is refused in plain words, the key is renewed, and its exposure is listed by name",
          "[cli][e2e][devices]") {
  TempDir data;
  SyncdProcess server(data.path() / "syncd");
  REQUIRE(server.start());
  CliTeam team(server);
  CliDevice& lead = team.found("marieke");
  // Written before the phone enrolled: the server keeps a device's last-seen time to the minute (it is touched
  // at most once a minute), so only records older than its first request are sure to count as exposed.
  const std::string sanne = lead.must({"participant", "add", "--name", "Sanne de Vries"})["id"];
  lead.must({"sync"});
  CliMember lost = team.enrol("bram");
  lost.device->must({"sync"});

  CliResult revoked = lead.run({"device", "revoke", lost.id, "--lang", "en"});
  INFO(revoked.err);
  CHECK(revoked.exit == 0);
  CHECK_THAT(revoked.out, Catch::Contains("revoked") && Catch::Contains("team key was renewed (new version 2)"));
  auto entry = deviceIn(lead.must({"devices"}), lost.id);
  CHECK(entry["state"] == "revoked");
  CHECK(entry["revoked_at"].get<std::int64_t>() > 0);
  CHECK(deviceIn(lead.must({"devices"}), team.leadId())["epoch"] == 2);

  for (const char* lang : {"nl", "en"}) {
    CliResult refused = lost.device->run({"sync", "--lang", lang});
    CHECK(refused.exit == 7);
    CHECK_THAT(refused.err, Catch::Contains(std::string(lang) == "nl" ? "is ingetrokken" : "has been revoked"));
  }

  // The privacy officer's question: what could it hold? Participants by name, as this device decrypts them.
  CliResult exposure = lead.run({"device", "exposure", lost.id, "--lang", "en"});
  CHECK(exposure.exit == 0);
  CHECK_THAT(exposure.out, Catch::Contains("last synced") && Catch::Contains("Sanne de Vries") &&
                               Catch::Contains("could have held at its last sync: 1"));
  auto json = lead.must({"device", "exposure", lost.id});
  REQUIRE(json["participants"].size() == 1);
  CHECK(json["participants"][0]["id"] == sanne);
  CHECK(json["participants"][0]["name"] == "Sanne de Vries");
  CHECK(json["revoked_at"].get<std::int64_t>() > 0);

  CliResult self = lead.run({"device", "revoke", team.leadId(), "--lang", "en"});
  CHECK(self.exit == 2);
  CliResult unknown = lead.run({"device", "revoke", "ffffffff", "--lang", "en"});
  CHECK(unknown.exit == 4);
  CHECK_THAT(unknown.err, Catch::Contains("no device ffffffff"));
  server.kill(SIGTERM);
}

TEST_CASE("A new lead device restores the team keys from the recovery key, a mistyped key is caught first",
          "[cli][e2e][devices]") {
  TempDir data;
  SyncdProcess server(data.path() / "syncd");
  REQUIRE(server.start());
  CliTeam team(server);
  CliDevice& lead = team.found("marieke");
  lead.must({"participant", "add", "--name", "Sanne de Vries"});
  lead.must({"sync"});

  CliDevice fresh;
  fresh.must({"init", "--actor", "marieke"});
  CliResult typo = fresh.run({"recover", "--server", server.url(), "--code", team.code("lead"), "--key",
                              withTypo(team.recoveryKey()), "--lang", "en"});
  CHECK(typo.exit == 2);
  CHECK_THAT(typo.err, Catch::Contains("mistyped") && Catch::Contains("without --server"));
  CHECK(typo.err.find(team.recoveryKey().substr(0, 9)) == std::string::npos);
  CliResult noKey = fresh.run({"recover", "--lang", "en"});
  CHECK(noKey.exit == 2);
  CHECK_THAT(noKey.err, Catch::Contains("--key"));

  auto recovered = fresh.must({"recover", "--key", team.recoveryKey()});
  CHECK(recovered["team"] == team.team());
  CHECK(recovered["role"] == "lead");
  fresh.must({"sync"});
  auto participants = fresh.must({"list", "participant"});
  REQUIRE(participants.size() == 1);
  CHECK(participants[0]["fields"]["name"] == "Sanne de Vries");
  CHECK(fresh.run({"recover", "--key", team.recoveryKey()}).exit == 5);  // in the team already

  // `coach enrol` with a lead code stops after enrolling and points at recovery, which then needs no code.
  CliDevice second;
  second.must({"init", "--actor", "joris"});
  auto enrolled = second.must({"enrol", "--server", server.url(), "--code", team.code("lead")});
  CHECK(enrolled["role"] == "lead");
  CHECK(enrolled["next"] == "recover");
  CliResult told = second.run({"sync", "--lang", "en"});
  CHECK(told.exit == 5);
  CHECK_THAT(told.err, Catch::Contains("coach recover --key"));
  CHECK(second.must({"recover", "--key", team.recoveryKey()})["team"] == team.team());

  // A coach's code cannot recover a team.
  CliDevice coachDevice;
  coachDevice.must({"init", "--actor", "anna"});
  CliResult coachCode = coachDevice.run(
      {"recover", "--server", server.url(), "--code", team.code("coach"), "--key", team.recoveryKey(), "--lang", "en"});
  CHECK(coachCode.exit == 7);
  CHECK_THAT(coachCode.err, Catch::Contains("needs a team lead's code"));
  server.kill(SIGTERM);
}
