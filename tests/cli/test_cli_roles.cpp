// A team lead's records through the real `coach` binary on a team of the real coach-syncd (docs/store.md,
// "Roles"): a coach's device, enrolled with a coach's code, is refused `coach fidelity score`, the week review
// mark and `coach add fidelity_score` with the catalogue's message in both languages and exit 7, and nothing
// is saved; the lead's device scores, and the coach's device shows the score after a sync.
#include <string>

#include <catch2/catch.hpp>

#include "cli_team.hpp"

using coach::test::CliDevice;
using coach::test::CliMember;
using coach::test::CliResult;
using coach::test::CliTeam;
using coach::test::SyncdProcess;
using coach::test::TempDir;

TEST_CASE("A coach's device is refused a team lead's fidelity score and week review with a clear message",
          "[cli][e2e][roles]") {
  TempDir data;
  SyncdProcess server(data.path() / "syncd");
  REQUIRE(server.start());
  CliTeam team(server);
  CliDevice& lead = team.found("lead");
  CliMember anna = team.enrol("anna");

  CliResult scored = anna.device->run({"fidelity", "score", "v7", "4", "--from", "2026-01-01", "--to", "2026-03-31",
                                       "--lang", "en"});
  CHECK(scored.exit == 7);
  CHECK_THAT(scored.err, Catch::Contains("only a team lead's device may score IPS-25 items") &&
                             Catch::Contains("nothing was saved") && Catch::Contains("Ask your team lead"));
  CliResult gescoord = anna.device->run({"fidelity", "score", "v7", "4", "--from", "01-01-2026", "--to", "31-03-2026",
                                         "--lang", "nl"});
  CHECK(gescoord.exit == 7);
  CHECK_THAT(gescoord.err, Catch::Contains("alleen het apparaat van een teamleider mag IPS-25 items scoren") &&
                               Catch::Contains("Vraag je teamleider"));
  CliResult reviewed = anna.device->run({"report", "weeks", "--review", "2026-W10", "--coach", "anna", "--lang", "en"});
  CHECK(reviewed.exit == 7);
  CHECK_THAT(reviewed.err, Catch::Contains("only a team lead's device may mark a week reviewed"));
  CliResult added = anna.device->run({"add", "fidelity_score", "item=v2", "period_start=2026-01-01",
                                      "period_end=2026-03-31", "score=3", "--lang", "en"});
  CHECK(added.exit == 7);
  CHECK_THAT(added.err, Catch::Contains("only a team lead's device may score IPS-25 items"));
  for (const char* kind : {"fidelity_score", "week_review"}) CHECK(anna.device->must({"list", kind}).empty());

  // The lead's device scores; the coach's device shows it, with who entered it.
  const std::string id =
      lead.must({"fidelity", "score", "v7", "4", "--from", "2026-01-01", "--to", "2026-03-31"})["id"];
  lead.must({"sync"});
  anna.device->must({"sync"});
  const nlohmann::json report = anna.device->must({"report", "fidelity", "--from", "2026-01-01", "--to", "2026-03-31"});
  bool seen = false;
  for (const auto& item : report["items"]) {
    if (item["code"] != "v7") continue;
    seen = true;
    CHECK(item["manual_score_id"] == id);
    CHECK(item["manual_score_by"] == "lead");
    CHECK(item["manual_score_device"] == team.leadId());
  }
  CHECK(seen);
}
