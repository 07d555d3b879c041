// Golden files of the human output of the main `coach` commands, in Dutch and in English: the real binary,
// a fixed clock (COACH_TEST_NOW), a profile with a day of a coach's work. Ids are random, so every 32-hex id is
// replaced by <id1>, <id2>... in order of first appearance, and the profile's folder by <home>.
// Regenerate after an intended change: COACH_UPDATE_GOLDEN=1 build/dev/tests/cli/test_cli_golden, then
// review the diff of tests/cli/golden/ (docs/cli.md, "Tests").
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "cli_run.hpp"

using coach::test::CliDevice;
using coach::test::CliResult;

namespace {

// 2026-03-02 10:00 in Amsterdam, a Monday.
const char* const kNow = "2026-03-02T10:00";

struct World {
  CliDevice device;
  std::string employer, participant, trajectory, job;

  explicit World(const std::string& lang) : device({{"COACH_TEST_NOW", kNow}, {"LANG", lang}}) {
    device.must({"init", "--actor", "marieke"});
    employer = device.must({"add", "employer", "name=Bakkerij Jansen", "sector=hospitality", "city=Utrecht"})["id"];
    participant = device.must({"participant", "add", "--name", "Anna de Vries", "--birth-date", "14-05-1990",
                               "--municipality", "Utrecht"})["id"];
    trajectory = device.must({"add", "trajectory", "participant_id=" + participant, "referral_date=05-01-2026",
                              "referral_source=treatment_team", "programme_entry_date=2026-01-12",
                              "status=job_search"})["id"];
    job = device.must({"job", "start", "--participant", participant, "--employer", employer, "--title",
                       "Magazijnmedewerker", "--start", "morgen", "--hours", "16", "--wage", "14,25"})["id"];
    device.must({"support", "--participant", participant, "--job", job, "--on", "gisteren", "--mode",
                 "face_to_face", "--type", "preparing_start", "--note", "Eerste werkdag besproken."});
    device.must({"contact", "--employer", employer, "--participant", participant, "--at", "gisteren 10:30",
                 "--mode", "face_to_face", "--purpose", "present_candidate", "--outcome", "offer"});
  }
};

class Normaliser {
 public:
  explicit Normaliser(std::string home) : home_(std::move(home)) {}
  std::string operator()(std::string text) {
    for (std::size_t at; (at = text.find(home_)) != std::string::npos;) text.replace(at, home_.size(), "<home>");
    static const std::regex id("[0-9a-f]{32}");
    std::string out;
    auto last = text.cbegin();
    for (auto it = std::sregex_iterator(text.begin(), text.end(), id); it != std::sregex_iterator(); ++it) {
      out.append(last, text.cbegin() + it->position());
      auto [slot, fresh] = ids_.emplace(it->str(), "<id" + std::to_string(ids_.size() + 1) + ">");
      out += slot->second;
      last = text.cbegin() + it->position() + it->length();
    }
    out.append(last, text.cend());
    return out;
  }

 private:
  std::string home_;
  std::map<std::string, std::string> ids_;
};

std::string transcript(World& w) {
  const std::vector<std::vector<std::string>> commands{
      {"show", w.participant},
      {"list", "participant"},
      {"note", w.participant, "Wil liever in de ochtend werken."},
      {"timeline", w.participant},
      {"agenda"},
      {"caseload"},
      {"fields", "support_contact"},
      {"conflicts"},
      {"job", "change", w.job, "--hours", "20", "--on", "01-03-2026"},
      {"show", w.job},
      {"participant", "add", "--municipality", "Utrecht"},
      {"add", "job", "participant_id=" + w.participant, "start_date=31-02-2026"},
      {"add", "job", "participant_id=" + w.participant, "employer_id=" + w.employer, "title=Inpakker",
       "start_date=vandaag", "hours_per_week=70"},
      {"show", "0123456789abcdef0123456789abcdef"},
      {"sync"},
      {"archive", w.trajectory},
      {"list", "trajectory"},
      {"add", "--help"},
  };
  Normaliser normalise(w.device.home().string());
  std::string all;
  for (const auto& args : commands) {
    const CliResult r = w.device.run(args);
    all += "$ coach " + CliDevice::joined(args) + "\n" + r.out;
    if (!r.err.empty()) all += "[stderr]\n" + r.err;
    all += "[exit " + std::to_string(r.exit) + "]\n\n";
  }
  return normalise(all);
}

void compareWithGolden(const std::string& name, const std::string& actual) {
  const std::filesystem::path path = std::filesystem::path(COACH_GOLDEN_DIR) / name;
  const char* update = std::getenv("COACH_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
    WARN("rewrote " << path.string());
    return;
  }
  INFO("golden file " << path.string() << " (regenerate: COACH_UPDATE_GOLDEN=1 test_cli_golden)");
  REQUIRE(std::filesystem::exists(path));
  CHECK(actual == coach::test::readFile(path));
}

}  // namespace

TEST_CASE("The main commands print the Dutch golden output (the default language)", "[cli][golden]") {
  World world("C.UTF-8");
  compareWithGolden("nl.txt", transcript(world));
}

TEST_CASE("The main commands print the English golden output (LANG=en_GB)", "[cli][golden]") {
  World world("en_GB.UTF-8");
  compareWithGolden("en.txt", transcript(world));
}
