// End to end: the real `coach` binary against the real coach-syncd on 127.0.0.1 (tests/support/
// syncd_process.hpp): a team lead's first device joins with the first-start code, records a day's work,
// syncs (a second sync sends nothing), and the failures a coach meets come out in plain words with their
// exit codes: a server that is down (the work is safe on the device) and an enrolment code that is wrong.
#include <catch2/catch.hpp>

#include <csignal>
#include <string>

#include "cli_run.hpp"
#include "pty_run.hpp"
#include "syncd_process.hpp"

using coach::test::CliDevice;
using coach::test::CliResult;
using coach::test::SyncdProcess;
using coach::test::TempDir;

namespace {

std::string firstStartCode(SyncdProcess& server) {
  auto first = server.event("first_start");
  REQUIRE(first.is_object());
  return first["enrol_code"].get<std::string>();
}

void recordADay(const CliDevice& lead) {
  const std::string employer = lead.must({"add", "employer", "name=Bakkerij Jansen", "sector=hospitality"})["id"];
  const std::string anna = lead.must({"participant", "add", "--name", "Anna de Vries"})["id"];
  lead.must({"contact", "--employer", employer, "--participant", anna, "--at", "vandaag 10:30", "--mode",
             "face_to_face", "--purpose", "present_candidate"});
  lead.must({"note", anna, "Wil liever in de ochtend werken."});
}

}  // namespace

TEST_CASE("A team lead's device joins with the first-start code, syncs its work, and a second sync sends nothing",
          "[cli][e2e]") {
  TempDir data;
  SyncdProcess server(data.path() / "syncd");
  REQUIRE(server.start());
  CliDevice lead;
  lead.must({"init", "--actor", "marieke"});
  auto team = lead.must({"team", "create", "--server", server.url(), "--code", firstStartCode(server)});
  CHECK(team["role"] == "lead");
  CHECK(team["team"].get<std::string>().size() == 32);
  recordADay(lead);

  auto first = lead.must({"sync"});
  CHECK(first["pushed"].get<int>() >= 3);  // one change per record: employer, participant, contact
  CHECK(first["conflicts"] == 0);
  auto second = lead.must({"sync"});
  CHECK(second["pushed"] == 0);

  CliResult human = lead.run({"sync", "--lang", "en"});
  CHECK(human.exit == 0);
  CHECK_THAT(human.out, Catch::Contains("Synced: 0 changes sent"));
  // Not a terminal: progress (if any) comes as plain lines on stderr, never as a redrawn bar.
  CHECK(human.err.find('\r') == std::string::npos);

  // The same team cannot be joined twice from one profile.
  CliResult again = lead.run({"team", "create", "--server", server.url(), "--code", "ABCD-EFGH"});
  CHECK(again.exit == 5);
  server.kill(SIGTERM);
}

TEST_CASE("On a terminal coach sync draws a progress bar in place, then the summary", "[cli][e2e]") {
  TempDir data;
  SyncdProcess server(data.path() / "syncd");
  REQUIRE(server.start());
  CliDevice lead(std::map<std::string, std::string>{{"LANG", "en_GB.UTF-8"}});
  lead.must({"init", "--actor", "marieke"});
  lead.must({"team", "create", "--server", server.url(), "--code", firstStartCode(server)});
  recordADay(lead);
  coach::test::PtyResult r = coach::test::runOnTerminal(lead, {"sync"}, "");
  INFO(r.screen);
  CHECK(r.exit == 0);
  CHECK_THAT(r.screen, Catch::Contains("\r[") && Catch::Contains("] sent: "));
  CHECK_THAT(r.screen, Catch::Contains("Synced: "));
  server.kill(SIGTERM);
}

TEST_CASE("A server that is down: the coach is told the work is safe on the device, exit 6", "[cli][e2e]") {
  TempDir data;
  SyncdProcess server(data.path() / "syncd");
  REQUIRE(server.start());
  CliDevice lead;
  lead.must({"init", "--actor", "marieke"});
  lead.must({"team", "create", "--server", server.url(), "--code", firstStartCode(server)});
  recordADay(lead);
  server.kill(SIGTERM);

  CliResult nl = lead.run({"sync"});
  CHECK(nl.exit == 6);
  CHECK_THAT(nl.err, Catch::Contains("is niet bereikbaar") && Catch::Contains("veilig op dit apparaat"));
  CliResult en = lead.run({"sync", "--lang", "en"});
  CHECK(en.exit == 6);
  CHECK_THAT(en.err, Catch::Contains("cannot be reached") && Catch::Contains("safe on this device"));
  CliResult json = lead.run({"sync", "--json"});
  CHECK(json.exit == 6);
  CHECK(json.json()["error"]["code"] == "unavailable");

  // Nothing was lost: back online, the same work goes out.
  server.keepPort();
  REQUIRE(server.start());
  auto synced = lead.must({"sync"});
  CHECK(synced["pushed"].get<int>() >= 3);
  server.kill(SIGTERM);
}

TEST_CASE("A wrong enrolment code is refused in plain words and leaves the device out of any team, exit 7",
          "[cli][e2e]") {
  TempDir data;
  SyncdProcess server(data.path() / "syncd");
  REQUIRE(server.start());
  CliDevice coach;
  coach.must({"init", "--actor", "joris"});
  CliResult nl = coach.run({"team", "create", "--server", server.url(), "--code", "WRONG-CODE-1234"});
  CHECK(nl.exit == 7);
  CHECK_THAT(nl.err, Catch::Contains("aanmeldcode wordt niet geaccepteerd") && Catch::Contains("nieuwe code"));
  CHECK(nl.err.find("WRONG-CODE-1234") == std::string::npos);
  CliResult en = coach.run({"--lang", "en", "team", "create", "--server", server.url(), "--code", "WRONG-CODE-1234"});
  CHECK(en.exit == 7);
  CHECK_THAT(en.err, Catch::Contains("enrolment code is not accepted"));
  CliResult sync = coach.run({"sync"});
  CHECK(sync.exit == 5);
  CHECK_THAT(sync.err, Catch::Contains("hoort nog niet bij een team"));
  // The right code still works afterwards.
  auto team = coach.must({"team", "create", "--server", server.url(), "--code", firstStartCode(server)});
  CHECK(team["role"] == "lead");
  server.kill(SIGTERM);
}
