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

#include "golden.hpp"

using coach::test::CliDevice;

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
  coach::test::IdNumbering normalise(w.device.home().string());
  const std::string all = coach::test::transcriptOf(w.device, commands);
  return normalise(all);
}

}  // namespace

TEST_CASE("The main commands print the Dutch golden output (the default language)", "[cli][golden]") {
  World world("C.UTF-8");
  coach::test::compareWithGolden("nl.txt", transcript(world), "test_cli_golden");
}

TEST_CASE("The main commands print the English golden output (LANG=en_GB)", "[cli][golden]") {
  World world("en_GB.UTF-8");
  coach::test::compareWithGolden("en.txt", transcript(world), "test_cli_golden");
}
