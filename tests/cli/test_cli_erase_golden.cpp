// Golden files of `coach erase participant` and `coach erasures`, in Dutch and English (tests/cli/golden/
// erase_nl.txt, erase_en.txt): a lead's device on the real coach-syncd refuses without --yes, erases, prints the
// new recovery key, and lists the nameless audit entry. Ids, the recovery key and the wall clock's times are
// random, so they become <id1>..., <device>, <recovery key> and <time>. Regenerate after an intended change:
// COACH_UPDATE_GOLDEN=1 build/dev/bin/test_cli_erase "[golden]", then review the diff (docs/cli.md, "Tests").
#include <csignal>
#include <regex>
#include <string>

#include <catch2/catch.hpp>

#include "cli_team.hpp"
#include "golden.hpp"

namespace {

std::string normaliseErasure(std::string text) {
  static const std::regex recoveryKey(R"(\b[0-9A-Z]{4}(-[0-9A-Z]{4}){5,}\b)");
  static const std::regex time(R"(\d{2}-\d{2}-\d{4} \d{2}:\d{2}|\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?Z?)");
  text = std::regex_replace(text, recoveryKey, "<recovery key>");
  text = std::regex_replace(text, time, "<time>");
  static const std::regex devicePrefix(R"(\b[0-9a-f]{8}\b)");
  return std::regex_replace(coach::test::IdNumbering()(text), devicePrefix, "<device>");
}

std::string eraseTranscript(const std::string& lang) {
  coach::test::TempDir data;
  coach::test::SyncdProcess server(data.path() / "syncd");
  REQUIRE(server.start());
  coach::test::CliTeam team(server, {{"LANG", lang}});
  coach::test::CliDevice& lead = team.found("marieke");
  const std::string sanne = lead.must({"participant", "add", "--name", "Sanne de Vries"})["id"];
  lead.must({"sync"});
  const std::string all = coach::test::transcriptOf(lead, {{"erase", "participant", sanne},
                                                           {"erase", "participant", sanne, "--yes"},
                                                           {"erasures"},
                                                           {"show", sanne},
                                                           {"erase", "participant", sanne, "--yes"}});
  server.kill(SIGTERM);
  return normaliseErasure(team.leadId() + " " + sanne + "\n" + all);
}

}  // namespace

TEST_CASE("coach erase and coach erasures print the Dutch golden output", "[cli][golden][erasure]") {
  coach::test::compareWithGolden("erase_nl.txt", eraseTranscript("C.UTF-8"), "test_cli_erase");
}

TEST_CASE("coach erase and coach erasures print the English golden output", "[cli][golden][erasure]") {
  coach::test::compareWithGolden("erase_en.txt", eraseTranscript("en_GB.UTF-8"), "test_cli_erase");
}
