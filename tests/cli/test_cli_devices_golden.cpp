// Golden files of `coach devices` and `coach device exposure`, in Dutch and English (tests/cli/golden/
// devices_nl.txt, devices_en.txt): a lead, an approved coach's device and a waiting one on the real coach-syncd.
// Ids, fingerprints and the server's times are random or the wall clock's, so they are replaced by <id1>...,
// <fingerprint> and <time>. Regenerate after an intended change: COACH_UPDATE_GOLDEN=1
// build/dev/bin/test_cli_devices "[golden]", then review the diff (docs/cli.md, "Tests").
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <string>

#include <catch2/catch.hpp>

#include "cli_team.hpp"

using coach::test::CliDevice;
using coach::test::CliMember;
using coach::test::CliResult;
using coach::test::CliTeam;
using coach::test::SyncdProcess;
using coach::test::TempDir;

namespace {

std::string normalise(std::string text) {
  static const std::regex fingerprint(R"(\d{4} \d{4} \d{4} \d{4} \d{4})");
  static const std::regex time(R"(\d{2}-\d{2}-\d{4} \d{2}:\d{2}|\d{4}-\d{2}-\d{2} \d{2}:\d{2})");
  text = std::regex_replace(text, fingerprint, "<fingerprint>");
  text = std::regex_replace(text, time, "<time>");
  static const std::regex id("[0-9a-f]{32}");
  std::map<std::string, std::string> ids;
  std::string out;
  auto last = text.cbegin();
  for (auto it = std::sregex_iterator(text.begin(), text.end(), id); it != std::sregex_iterator(); ++it) {
    out.append(last, text.cbegin() + it->position());
    auto [slot, fresh] = ids.emplace(it->str(), "<id" + std::to_string(ids.size() + 1) + ">");
    out += slot->second;
    last = text.cbegin() + it->position() + it->length();
  }
  out.append(last, text.cend());
  return out;
}

void compareWithGolden(const std::string& name, const std::string& actual) {
  const std::filesystem::path path = std::filesystem::path(COACH_GOLDEN_DIR) / name;
  const char* update = std::getenv("COACH_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
    WARN("rewrote " << path.string());
    return;
  }
  INFO("golden file " << path.string() << " (regenerate: COACH_UPDATE_GOLDEN=1 test_cli_devices \"[golden]\")");
  REQUIRE(std::filesystem::exists(path));
  CHECK(actual == coach::test::readFile(path));
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
  std::string all;
  for (const std::vector<std::string>& args : {std::vector<std::string>{"devices"}, {"device", "exposure", anna.id}}) {
    const CliResult r = lead.run(args);
    all += "$ coach " + CliDevice::joined(args) + "\n" + r.out;
    if (!r.err.empty()) all += "[stderr]\n" + r.err;
    all += "[exit " + std::to_string(r.exit) + "]\n\n";
  }
  server.kill(SIGTERM);
  // The lead's id first, then anna's and bram's, whatever the server's order.
  return normalise(team.leadId() + " " + anna.id + " " + bram.id + "\n" + all);
}

}  // namespace

TEST_CASE("coach devices and device exposure print the Dutch golden output", "[cli][golden][devices]") {
  compareWithGolden("devices_nl.txt", transcript("C.UTF-8"));
}

TEST_CASE("coach devices and device exposure print the English golden output", "[cli][golden][devices]") {
  compareWithGolden("devices_en.txt", transcript("en_GB.UTF-8"));
}
