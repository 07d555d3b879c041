// pty_run.hpp: runs the real `coach` binary (COACH_BINARY) on a new pseudo-terminal, so it sees a terminal on
// stdin, stdout and stderr, types `input` into it and collects what the terminal showed. For the tests of what
// coach does only on a terminal: asking for missing fields, the sync progress bar.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "cli_run.hpp"

namespace coach::test {

struct PtyResult {
  int exit = -1;
  std::string screen;  // everything the terminal showed: prompts, echoed answers, output
};

// Runs coach with stdin, stdout and stderr on a new pseudo-terminal and types `input` into it.
inline PtyResult runOnTerminal(const CliDevice& device, const std::vector<std::string>& args, const std::string& input) {
  PtyResult r;
  const int master = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  REQUIRE(master >= 0);
  REQUIRE(::grantpt(master) == 0);
  REQUIRE(::unlockpt(master) == 0);
  const std::string slave = ::ptsname(master);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  for (int fd : {STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO}) {
    posix_spawn_file_actions_addopen(&actions, fd, slave.c_str(), O_RDWR | O_NOCTTY, 0);
  }
  std::vector<std::string> env = device.environment();
  std::vector<char*> envp;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> argvText{COACH_BINARY};
  argvText.insert(argvText.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argvText) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  REQUIRE(::posix_spawn(&pid, COACH_BINARY, &actions, nullptr, argv.data(), envp.data()) == 0);
  posix_spawn_file_actions_destroy(&actions);
  REQUIRE(::write(master, input.data(), input.size()) == static_cast<ssize_t>(input.size()));
  char buf[4096];
  for (;;) {
    pollfd p{master, POLLIN, 0};
    if (::poll(&p, 1, 60000) <= 0) break;  // a hang fails the exit check below, it does not block the suite
    const ssize_t n = ::read(master, buf, sizeof buf);
    if (n <= 0) break;  // EIO: the child closed the terminal
    r.screen.append(buf, static_cast<std::size_t>(n));
  }
  int status = 0;
  if (::waitpid(pid, &status, WNOHANG) == 0) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
  }
  ::close(master);
  r.exit = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}


}  // namespace coach::test
