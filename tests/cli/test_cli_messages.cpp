// The message catalogue of `coach` (clients/cli/messages.hpp): every text in Dutch and English, placeholders
// alike in both, and every key the sources use present; the language choice.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <string>

#include "coach/schema_info.hpp"
#include "messages.hpp"

using namespace coach::cli;

namespace {

// The placeholders of a fmt string: how many "{...}" and the highest explicit index (-1 when none).
std::pair<int, int> placeholders(std::string_view text) {
  int count = 0, highest = -1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '{') continue;
    if (i + 1 < text.size() && text[i + 1] == '{') { ++i; continue; }
    ++count;
    if (i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1]))) {
      highest = std::max(highest, text[i + 1] - '0');
    }
  }
  return {count, highest};
}

std::set<std::string> catalogueKeys() {
  std::set<std::string> keys;
  for (const auto& e : catalogue()) keys.emplace(e.key);
  return keys;
}

std::string sources() {
  std::string all;
  for (const auto& entry : std::filesystem::directory_iterator(COACH_CLI_SOURCE_DIR)) {
    if (entry.path().extension() != ".cpp") continue;
    std::ifstream in(entry.path());
    all.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return all;
}

}  // namespace

TEST_CASE("Every message has a Dutch and an English text with the same placeholders", "[cli][messages]") {
  std::set<std::string_view> seen;
  for (const auto& e : catalogue()) {
    INFO(e.key);
    CHECK(seen.insert(e.key).second);  // keys are unique
    CHECK_FALSE(e.nl.empty());
    CHECK_FALSE(e.en.empty());
    CHECK(placeholders(e.nl) == placeholders(e.en));
  }
  CHECK(seen.size() > 200);
}

TEST_CASE("Every message key the sources name is in the catalogue", "[cli][messages]") {
  const std::string text = sources();
  const std::set<std::string> keys = catalogueKeys();
  const std::regex literal(R"re(msg\([^"]*"([a-z0-9_]+(?:\.[a-z0-9_ ]+)+)")re");
  std::size_t checked = 0;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), literal); it != std::sregex_iterator(); ++it) {
    INFO((*it)[1].str());
    CHECK(keys.count((*it)[1].str()) == 1);
    ++checked;
  }
  CHECK(checked > 100);
  // Keys made from a name: every command's description and example, every option of a task command.
  const std::regex command(R"re(addCommand\([^;]*?"([a-z_]+)"\))re");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), command); it != std::sregex_iterator(); ++it) {
    INFO((*it)[1].str());
    CHECK(keys.count("cmd." + (*it)[1].str()) == 1);
    CHECK(keys.count("example." + (*it)[1].str()) == 1);
  }
  const std::regex option(R"re(option\(\w+, ctx, "--[a-z-]+", "([a-z_]+)"\))re");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), option); it != std::sregex_iterator(); ++it) {
    INFO((*it)[1].str());
    CHECK(keys.count("opt.f." + (*it)[1].str()) == 1);
  }
  for (const char* key : {"participant.added", "contact.added", "support.added", "server.unreachable",
                          "server.timeout", "server.unauthorized", "server.bad_code", "agenda.overdue_one",
                          "agenda.overdue", "agenda.in_one", "agenda.in_days", "archive.undone"}) {
    INFO(key);
    CHECK(keys.count(key) == 1);
  }
}

TEST_CASE("Every kind, field type, trajectory status and agenda rule has a name in both languages", "[cli][messages]") {
  const std::set<std::string> keys = catalogueKeys();
  for (const auto& kind : coach::schema::kinds()) {
    INFO(kind.name);
    CHECK(keys.count("kind." + kind.name) == 1);
    for (const auto& f : kind.fields) CHECK(keys.count("type." + f.typeName) == 1);
    // A team lead's kind: the refusal on a coach's device (context.cpp, Context::localise).
    if (!kind.leadOnly.empty()) CHECK(keys.count("lead_only." + kind.name) == 1);
  }
  CHECK(keys.count("lead_only.fidelity_score") == 1);
  for (const auto& status : coach::schema::kind("trajectory")->field("status")->values) {
    INFO(status);
    CHECK(keys.count("status." + status) == 1);
  }
  // The rules of coach/agenda.hpp.
  for (const char* rule : {"v12_before_start", "v12_first_days", "v12_weekly", "v12_monthly", "v12_job_loss",
                           "v4_first_employer_contact", "v1_benefits_before_start", "v1_benefits_after_change"}) {
    INFO(rule);
    CHECK(keys.count(std::string("rule.") + rule) == 1);
  }
}

TEST_CASE("Messages are formatted in the chosen language and a missing key shows itself", "[cli][messages]") {
  CHECK(Messages(Lang::Nl)("agenda.overdue", 3) == "3 dagen te laat");
  CHECK(Messages(Lang::En)("agenda.overdue", 3) == "3 days overdue");
  CHECK(Messages(Lang::En)("no.such.key") == "[no.such.key]");
  CHECK(Messages(Lang::Nl)("no.such.key", 1) == "[no.such.key]");
}

TEST_CASE("The language comes from --lang, else LC_ALL, LC_MESSAGES or LANG, else Dutch", "[cli][messages]") {
  CHECK(parseLang("nl").value() == Lang::Nl);
  CHECK(parseLang("en").value() == Lang::En);
  CHECK(parseLang("en_GB.UTF-8").value() == Lang::En);
  CHECK_FALSE(parseLang("de").ok());
  CHECK_FALSE(parseLang("english").ok());

  ::unsetenv("LC_ALL");
  ::unsetenv("LC_MESSAGES");
  ::setenv("LANG", "en_US.UTF-8", 1);
  CHECK(langFromEnvironment() == Lang::En);
  ::setenv("LC_MESSAGES", "nl_NL.UTF-8", 1);
  CHECK(langFromEnvironment() == Lang::Nl);
  ::setenv("LC_ALL", "en_GB.UTF-8", 1);
  CHECK(langFromEnvironment() == Lang::En);
  ::setenv("LC_ALL", "C.UTF-8", 1);
  CHECK(langFromEnvironment() == Lang::Nl);
  ::unsetenv("LC_ALL");
  ::unsetenv("LC_MESSAGES");
  ::unsetenv("LANG");
  CHECK(langFromEnvironment() == Lang::Nl);
}
