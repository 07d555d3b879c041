// The command line of `coach` as a whole (clients/cli/app.hpp), run in-process: help with an example on every
// command in both languages, mistakes on the command line, the profile that is not there yet, --json errors.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "app.hpp"
#include "context.hpp"
#include "temp_profile.hpp"

using namespace coach::cli;

namespace {

struct Run {
  int exit = -1;
  std::string out;
  std::string err;
};

Run coach_(std::vector<std::string> args) {
  args.insert(args.begin(), "coach");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  Run r;
  r.exit = runCoach(static_cast<int>(argv.size()), argv.data(), out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

// An empty folder as COACH_HOME and no language from the environment, for the duration of a test.
struct CleanEnv {
  coach::test::TempDir dir;
  CleanEnv() {
    ::setenv("COACH_HOME", (dir.path() / "home").c_str(), 1);
    for (const char* v : {"LC_ALL", "LC_MESSAGES", "LANG", "COACH_PASSPHRASE_FILE", "COACH_TEST_NOW"}) ::unsetenv(v);
  }
  ~CleanEnv() { ::unsetenv("COACH_HOME"); }
};

const std::vector<std::vector<std::string>> kCommands{
    {"init"}, {"add"}, {"edit"}, {"show"}, {"list"}, {"archive"}, {"fields"}, {"participant"},
    {"participant", "add"}, {"contact"}, {"support"}, {"note"}, {"job"}, {"job", "start"}, {"job", "change"},
    {"job", "end"}, {"timeline"}, {"agenda"}, {"caseload"}, {"sync"}, {"conflicts"}, {"conflicts", "resolve"},
    {"export"}, {"export", "participant"}, {"team"}, {"team", "create"}, {"enrol"}, {"recover"}, {"devices"},
    {"device"}, {"device", "approve"}, {"device", "revoke"}, {"device", "exposure"},
    {"report"}, {"report", "fidelity"}, {"report", "outcomes"}, {"report", "weeks"}, {"report", "export"},
    {"report", "export", "municipality"}, {"report", "export", "werkmonitor"}, {"fidelity"}, {"fidelity", "score"},
    {"access-log"}, {"retention"}};

}  // namespace

TEST_CASE("Every command has help with an example, in Dutch and in English", "[cli][app]") {
  CleanEnv env;
  for (const auto& command : kCommands) {
    for (const char* lang : {"nl", "en"}) {
      std::vector<std::string> args{"--lang", lang};
      args.insert(args.end(), command.begin(), command.end());
      args.push_back("--help");
      std::string line;
      for (const auto& a : args) line += " " + a;
      INFO("coach" << line);
      Run r = coach_(args);
      CHECK(r.exit == 0);
      CHECK_THAT(r.out, Catch::Contains(std::string(lang) == "nl" ? "Voorbeeld:\n  coach " : "Example:\n  coach "));
      CHECK_THAT(r.out, Catch::Contains(std::string(lang) == "nl" ? "Gebruik:" : "Usage:"));
    }
  }
}

TEST_CASE("A mistake on the command line exits 2 with what was wrong and where help is", "[cli][app]") {
  CleanEnv env;
  Run unknown = coach_({"frobnicate"});
  CHECK(unknown.exit == kExitUsage);
  CHECK_THAT(unknown.err, Catch::Contains("de opdracht klopt niet") && Catch::Contains("coach --help"));
  Run none = coach_({"--lang", "en"});
  CHECK(none.exit == kExitUsage);
  CHECK_THAT(none.err, Catch::Contains("the command is not right"));
  Run missingId = coach_({"--lang", "en", "show"});
  CHECK(missingId.exit == kExitUsage);
  Run badNumber = coach_({"agenda", "--days", "veel"});
  CHECK(badNumber.exit == kExitUsage);
  Run badLang = coach_({"--lang", "de", "list", "job"});
  CHECK(badLang.exit == kExitUsage);
  CHECK_THAT(badLang.err, Catch::Contains("geen taal van coach") && Catch::Contains("not a language of coach"));
}

TEST_CASE("Without a profile a command says how to make one and exits 5", "[cli][app]") {
  CleanEnv env;
  Run nl = coach_({"list", "participant"});
  CHECK(nl.exit == kExitProfile);
  CHECK_THAT(nl.err, Catch::Contains("er is nog geen profiel") && Catch::Contains("coach init --actor"));
  CHECK(nl.out.empty());
  Run json = coach_({"--lang", "en", "list", "participant", "--json"});
  CHECK(json.exit == kExitProfile);
  auto j = nlohmann::json::parse(json.out);
  CHECK(j["error"]["exit"] == kExitProfile);
  CHECK_THAT(j["error"]["message"].get<std::string>(), Catch::Contains("there is no profile"));
}

TEST_CASE("A bad value is refused before the profile is even opened", "[cli][app]") {
  CleanEnv env;
  Run r = coach_({"--lang", "en", "add", "support_contact", "contact_on=31-02-2026"});
  CHECK(r.exit == kExitUsage);
  CHECK_THAT(r.err, Catch::Contains("support_contact.contact_on") && Catch::Contains("is not a date"));
  Run kind = coach_({"add", "vacature", "name=x"});
  CHECK(kind.exit == kExitUsage);
  CHECK_THAT(kind.err, Catch::Contains("'vacature' is geen soort gegeven") && Catch::Contains("employer_contact"));
}

TEST_CASE("The profile's folder comes from --home, COACH_HOME, XDG_DATA_HOME or HOME", "[cli][app]") {
  std::ostringstream out, err;
  Context ctx(out, err);
  const std::string savedHome = std::getenv("HOME") != nullptr ? std::getenv("HOME") : "";
  ::unsetenv("COACH_HOME");
  ::setenv("XDG_DATA_HOME", "/data/x", 1);
  CHECK(ctx.home() == "/data/x/coach");
  ::unsetenv("XDG_DATA_HOME");
  ::setenv("HOME", "/home/marieke", 1);
  CHECK(ctx.home() == "/home/marieke/.local/share/coach");
  CHECK(ctx.profilePath() == "/home/marieke/.local/share/coach/profile.db");
  ctx.homeOption = "/tmp/elsewhere";
  CHECK(ctx.home() == "/tmp/elsewhere");
  ::setenv("HOME", savedHome.c_str(), 1);
}
