// cli_run.hpp: runs the real `coach` binary (COACH_BINARY, passed in by CMake) as a child process for tests:
// its own profile folder and passphrase file, a chosen environment (COACH_TEST_NOW, --lang), stdin from
// /dev/null (so it never counts as a terminal), stdout and stderr captured apart, and the exit code.
#pragma once

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "temp_profile.hpp"

extern char** environ;

namespace coach::test {

struct CliResult {
  int exit = -1;
  std::string out;
  std::string err;
  nlohmann::json json() const { return nlohmann::json::parse(out, nullptr, false); }
};

class CliDevice {
 public:
  // A device with its own COACH_HOME and passphrase file; `env` adds variables for every run.
  explicit CliDevice(std::map<std::string, std::string> env = {}) : env_(std::move(env)) {
    std::ofstream(dir_.path() / "passphrase") << "correct horse battery staple\n";
    env_["COACH_HOME"] = home().string();
    env_["COACH_PASSPHRASE_FILE"] = (dir_.path() / "passphrase").string();
  }
  std::filesystem::path home() const { return dir_.path() / "home"; }
  void setEnv(const std::string& name, const std::string& value) { env_[name] = value; }

  // The child's environment: ours without COACH_*, LC_* and LANG, plus the device's variables.
  std::vector<std::string> environment() const {
    std::vector<std::string> envText;
    for (char** e = environ; *e != nullptr; ++e) {
      const std::string_view v(*e);
      if (v.rfind("COACH_", 0) == 0 || v.rfind("LC_", 0) == 0 || v.rfind("LANG=", 0) == 0) continue;
      envText.emplace_back(v);
    }
    for (const auto& [k, v] : env_) envText.push_back(k + "=" + v);
    return envText;
  }

  CliResult run(const std::vector<std::string>& args) const {
    const auto outPath = dir_.path() / "stdout", errPath = dir_.path() / "stderr";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::vector<std::string> envText = environment();  // only the language and profile the test chose
    std::vector<char*> envp;
    for (auto& s : envText) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::vector<std::string> argvText{COACH_BINARY};
    argvText.insert(argvText.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& s : argvText) argv.push_back(s.data());
    argv.push_back(nullptr);
    pid_t pid = -1;
    CliResult r;
    const int rc = posix_spawn(&pid, COACH_BINARY, &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) return r;
    int status = 0;
    ::waitpid(pid, &status, 0);
    r.exit = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = readFile(outPath);
    r.err = readFile(errPath);
    return r;
  }

  // Runs a command that must succeed with --json and returns its JSON.
  nlohmann::json must(std::vector<std::string> args) const {
    args.push_back("--json");
    CliResult r = run(args);
    INFO("coach " << joined(args) << "\nstdout: " << r.out << "\nstderr: " << r.err);
    REQUIRE(r.exit == 0);
    auto j = r.json();
    REQUIRE(!j.is_discarded());
    return j;
  }

  static std::string joined(const std::vector<std::string>& args) {
    std::string s;
    for (const auto& a : args) s += (s.empty() ? "" : " ") + a;
    return s;
  }

 private:
  TempDir dir_;
  std::map<std::string, std::string> env_;
};

}  // namespace coach::test
