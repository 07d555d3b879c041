// The team lead's report pages rendered by a real browser (issue 7): `coach report fidelity --html` and
// `coach report outcomes --html` from a fixed team (report_world.hpp), opened from disk in Debian's headless
// Chromium, which must never touch the network (a fresh profile directory, background networking off, every
// host name resolving to nothing; the page's own Content-Security-Policy forbids loading anything). The
// screenshot must not be blank and the browser's log must hold no console message (the pages have no script,
// so any message means something is wrong). A page with a script error proves the log check can fail.
//
// COACH_REPORT_SHOTS=DIR keeps the pages and screenshots in DIR for a person to look at.
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <spawn.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>

#include "cli_run.hpp"
#include "png_check.hpp"
#include "report_world.hpp"

using coach::test::CliDevice;
using coach::test::CliResult;
using coach::test::TempDir;

namespace {

constexpr const char* kChromium = "/usr/bin/chromium";

struct Rendered {
  int exit = -1;
  std::string log;  // the browser's stderr
  std::optional<coach::test::PngSummary> png;
};

// Runs headless Chromium on `page` (a file) and returns its log and the screenshot's summary.
Rendered render(const std::filesystem::path& page, const std::filesystem::path& work, int width, int height) {
  const auto shot = work / (page.stem().string() + ".png");
  const auto logPath = work / (page.stem().string() + ".log");
  std::vector<std::string> args{
      "/usr/bin/timeout", "120", kChromium, "--headless", "--no-sandbox", "--disable-gpu",
      "--user-data-dir=" + (work / "chromium-profile").string(),
      // No network: nothing in the background, no component or safe-browsing updates, no name resolves.
      "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
      "--disable-extensions", "--disable-domain-reliability", "--disable-client-side-phishing-detection",
      "--no-first-run", "--no-pings", "--metrics-recording-only", "--host-resolver-rules=MAP * ~NOTFOUND",
      "--enable-logging=stderr", "--v=0", "--hide-scrollbars",
      "--window-size=" + std::to_string(width) + "," + std::to_string(height), "--screenshot=" + shot.string(),
      "file://" + page.string()};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, logPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  Rendered r;
  const int rc = posix_spawn(&pid, args[0].c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return r;
  int status = 0;
  ::waitpid(pid, &status, 0);
  r.exit = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.log = coach::test::readFile(logPath);
  r.png = coach::test::summarisePng(coach::test::readFile(shot));
  if (const char* keep = std::getenv("COACH_REPORT_SHOTS"); keep != nullptr && *keep != '\0') {
    std::filesystem::create_directories(keep);
    std::filesystem::copy_file(shot, std::filesystem::path(keep) / shot.filename(),
                               std::filesystem::copy_options::overwrite_existing);
    std::filesystem::copy_file(page, std::filesystem::path(keep) / page.filename(),
                               std::filesystem::copy_options::overwrite_existing);
  }
  return r;
}

// Lines of the browser's log that report a page problem: a console message, an uncaught error, a refused load.
std::vector<std::string> pageProblems(const std::string& log) {
  std::vector<std::string> out;
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    if (line.find(":CONSOLE") != std::string::npos || line.find("Uncaught") != std::string::npos ||
        line.find("Refused to") != std::string::npos) {
      out.push_back(line);
    }
  }
  return out;
}

void checkRendered(const Rendered& r, int width) {
  INFO(r.log.substr(0, 4000));
  REQUIRE(r.exit == 0);
  REQUIRE(r.png.has_value());
  CHECK(r.png->width == static_cast<std::uint32_t>(width));
  // A blank page is one colour; ours has text, bars in five colours, tables and a dark header.
  CHECK(r.png->distinctColours >= 20);
  CHECK(r.png->nonWhiteShare() > 0.04);
  CHECK(r.png->nonWhiteShare() < 0.9);
  CHECK(pageProblems(r.log).empty());
}

}  // namespace

TEST_CASE("The fidelity and outcomes pages render in headless Chromium with no console error",
          "[cli][report][chromium]") {
  REQUIRE(std::filesystem::exists(kChromium));  // scripts/install-deps installs Debian's chromium
  TempDir work;
  CliDevice lead(std::map<std::string, std::string>{{"COACH_TEST_NOW", "2026-04-02T09:15"}});
  std::vector<std::string> ids;
  {
    coach::test::ReportWorld world(lead.home());
    world.seedTeam();
    ids = world.participants();
  }
  const auto fidelity = work.path() / "fidelity.html";
  const auto outcomes = work.path() / "outcomes.html";
  CliResult f = lead.run({"report", "fidelity", "--from", "01-01-2026", "--to", "31-03-2026", "--fte", "marieke=0,8",
                          "--html", fidelity.string()});
  INFO(f.err);
  REQUIRE(f.exit == 0);
  CHECK_THAT(f.out, Catch::Contains("Pagina geschreven: " + fidelity.string()));
  CliResult o = lead.run({"report", "outcomes", "--quarter", "2026-Q1", "--quarters", "2025-Q2..2026-Q1", "--html",
                          outcomes.string(), "--lang", "en"});
  INFO(o.err);
  REQUIRE(o.exit == 0);
  for (const auto& page : {fidelity, outcomes}) {
    const std::string html = coach::test::readFile(page);
    CHECK(html.find("MARKER") == std::string::npos);
    for (const std::string& id : ids) CHECK(html.find(id) == std::string::npos);
  }
  CHECK_THAT(coach::test::readFile(fidelity), Catch::Contains("d&#39;Souza &amp; &lt;Co&gt;"));

  checkRendered(render(fidelity, work.path(), 1280, 3800), 1280);
  checkRendered(render(outcomes, work.path(), 1280, 1900), 1280);

  // The log check can fail: a page whose script throws is caught.
  const auto broken = work.path() / "broken.html";
  std::ofstream(broken) << "<!DOCTYPE html><html><body><p>x</p><script>throw new Error('boom')</script></body></html>";
  const Rendered bad = render(broken, work.path(), 400, 300);
  CHECK(bad.exit == 0);
  CHECK_FALSE(pageProblems(bad.log).empty());
}
