// child_process.hpp: a program of ours run as a child process for the crash test: started with posix_spawn
// (nothing of the test's descriptors inherited), its stdout and stderr collected line by line, waited for by
// a predicate over its lines, and killed with SIGKILL. Lines are kept across restarts, so the test sees all a
// device printed in every life.
//
// Thread-safety: lines() and waitForLines() may be called from any thread; start() and kill() from one.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace coach::test {

class ChildProcess {
 public:
  explicit ChildProcess(std::vector<std::string> argv) : argv_(std::move(argv)) {}
  ~ChildProcess() {
    if (running()) kill(SIGKILL);
  }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  bool start() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return false;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDERR_FILENO);
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    std::vector<char*> args;
    for (auto& a : argv_) args.push_back(a.data());
    args.push_back(nullptr);
    const int rc = posix_spawn(&pid_, argv_[0].c_str(), &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    if (rc != 0) {
      ::close(fds[0]);
      pid_ = -1;
      return false;
    }
    if (reader_.joinable()) reader_.join();
    reader_ = std::thread([this, fd = fds[0]] { read(fd); });
    ++starts_;
    return true;
  }

  // Sends `signal` and waits for the exit; returns the wait status.
  int kill(int signal) {
    if (pid_ <= 0) return -1;
    ::kill(pid_, signal);
    return wait();
  }
  // Waits for the child to end by itself; returns the wait status.
  int wait() {
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    if (reader_.joinable()) reader_.join();
    return status;
  }
  bool running() const { return pid_ > 0; }
  int starts() const { return starts_; }

  std::vector<std::string> lines() {
    std::lock_guard lock(mu_);
    return lines_;
  }
  // Waits until pred(lines) holds or `limit` passed; returns whether it held.
  template <class Pred>
  bool waitForLines(Pred pred, std::chrono::milliseconds limit) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, limit, [&] { return pred(lines_); });
  }

 private:
  void read(int fd) {
    std::string pending;
    char buf[4096];
    for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) {
      pending.append(buf, static_cast<std::size_t>(n));
      for (std::size_t nl; (nl = pending.find('\n')) != std::string::npos;) {
        std::lock_guard lock(mu_);
        lines_.push_back(pending.substr(0, nl));
        pending.erase(0, nl + 1);
        cv_.notify_all();
      }
    }
    ::close(fd);  // a line cut off by SIGKILL was never complete: it is not kept
  }

  std::vector<std::string> argv_;
  pid_t pid_ = -1;
  int starts_ = 0;
  std::thread reader_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> lines_;
};

}  // namespace coach::test
