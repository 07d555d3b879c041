// syncd_process.hpp: the real coach-syncd binary as a child process for integration tests: its own data
// directory, a free port on 127.0.0.1 (it binds port 0 and logs the one it got), its JSON-lines log collected,
// and stopped with SIGTERM or killed with SIGKILL. COACH_SYNCD_BINARY is the path CMake passes in.
//
// The store: SQLite in the data directory, or, when the test process runs with COACH_TEST_STORE=postgresql (ctest
// registers the coach-syncd tests a second time so), a database of the process's throwaway PostgreSQL cluster
// (pg_cluster.hpp), one per data directory, handed to the server and the admin commands as COACH_SYNCD_DATABASE_URL.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "pg_cluster.hpp"

extern char** environ;

namespace coach::test {

// Whether this test process runs coach-syncd on PostgreSQL (COACH_TEST_STORE=postgresql).
inline bool testsUsePostgres() {
  const char* store = std::getenv("COACH_TEST_STORE");
  return store != nullptr && std::string_view(store) == "postgresql";
}

// The PostgreSQL database of a data directory: created on first use, the same for every server on that directory
// (a restarted server finds its data again).
inline std::string pgDatabaseFor(const std::filesystem::path& dataDir) {
  static std::mutex mu;
  static std::map<std::string, std::string> urls;
  std::lock_guard lock(mu);
  std::string& url = urls[dataDir.string()];
  if (url.empty()) url = PgCluster::shared().createDatabase();
  return url;
}

class SyncdProcess {
 public:
  // `env` adds or overrides variables (COACH_SYNCD_*) for the child.
  explicit SyncdProcess(std::filesystem::path dataDir, std::map<std::string, std::string> env = {})
      : dataDir_(std::move(dataDir)), env_(std::move(env)) {
    if (testsUsePostgres() && !env_.contains("COACH_SYNCD_DATABASE_URL")) {
      env_["COACH_SYNCD_DATABASE_URL"] = pgDatabaseFor(dataDir_);
    }
  }
  ~SyncdProcess() {
    if (running()) kill(SIGKILL);
  }
  SyncdProcess(const SyncdProcess&) = delete;
  SyncdProcess& operator=(const SyncdProcess&) = delete;

  // Starts the server and waits until it listens. Returns false (with the log in log()) when it exits first.
  bool start() {
    {
      std::lock_guard lock(mu_);
      lines_.clear();
      port_ = -1;
      exited_ = false;
    }
    int pipeFds[2];
    if (::pipe2(pipeFds, O_CLOEXEC) != 0) return false;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipeFds[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, pipeFds[1], STDERR_FILENO);
    // The child gets nothing else of ours: in particular not the test's client sockets, which would keep
    // connections to a killed server half-open in every later server process.
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    std::vector<std::string> envText;
    for (char** e = environ; *e != nullptr; ++e) {
      if (std::string_view(*e).rfind("COACH_SYNCD_", 0) != 0) envText.emplace_back(*e);
    }
    std::map<std::string, std::string> vars{{"COACH_SYNCD_DATA", dataDir_.string()},
                                            {"COACH_SYNCD_LISTEN", listen_},
                                            {"COACH_SYNCD_LOG_LEVEL", "info"}};
    for (const auto& [k, v] : env_) vars[k] = v;
    for (const auto& [k, v] : vars) envText.push_back(k + "=" + v);
    std::vector<char*> envp;
    for (auto& s : envText) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::string binary = COACH_SYNCD_BINARY;
    std::string serve = "serve";
    char* argv[] = {binary.data(), serve.data(), nullptr};
    const int rc = posix_spawn(&pid_, binary.c_str(), &actions, nullptr, argv, envp.data());
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipeFds[1]);
    if (rc != 0) {
      ::close(pipeFds[0]);
      pid_ = -1;
      return false;
    }
    if (reader_.joinable()) reader_.join();
    reader_ = std::thread([this, fd = pipeFds[0]] { readLog(fd); });
    return waitFor([&] { return port_ > 0 || exited_; }, std::chrono::seconds(30)) && port_ > 0;
  }

  // Sends `signal`; for SIGKILL and SIGTERM waits for the exit and returns its wait status.
  int kill(int signal) {
    if (pid_ <= 0) return -1;
    ::kill(pid_, signal);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    if (reader_.joinable()) reader_.join();
    return status;
  }
  bool running() const { return pid_ > 0; }
  int port() const { return port_; }
  std::string url() const { return scheme_ + "://127.0.0.1:" + std::to_string(port_); }
  void useTls() { scheme_ = "https"; }
  // Fixes the port for the next start (after a restart devices keep their URL).
  void keepPort() { listen_ = "127.0.0.1:" + std::to_string(port_); }

  // The first log line with this "event", or null.
  nlohmann::json event(const std::string& name) {
    std::lock_guard lock(mu_);
    for (const auto& l : lines_) {
      auto j = nlohmann::json::parse(l, nullptr, false);
      if (j.is_object() && j.value("event", "") == name) return j;
    }
    return nullptr;
  }
  std::string log() {
    std::lock_guard lock(mu_);
    std::string all;
    for (const auto& l : lines_) all += l + "\n";
    return all;
  }
  const std::filesystem::path& dataDir() const { return dataDir_; }
  // The PostgreSQL database's URL ("" with the SQLite store).
  std::string databaseUrl() const {
    auto found = env_.find("COACH_SYNCD_DATABASE_URL");
    return found == env_.end() ? "" : found->second;
  }
  // What a shell command line puts in front of `coach-syncd admin` to reach this server's store.
  std::string adminEnv() const {
    const std::string url = databaseUrl();
    return url.empty() ? "" : "COACH_SYNCD_DATABASE_URL='" + url + "' ";
  }

 private:
  template <class Pred>
  bool waitFor(Pred pred, std::chrono::seconds limit) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, limit, pred);
  }
  void readLog(int fd) {
    std::string pending;
    char buf[4096];
    for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) {
      pending.append(buf, static_cast<std::size_t>(n));
      for (std::size_t nl; (nl = pending.find('\n')) != std::string::npos;) {
        std::string line = pending.substr(0, nl);
        pending.erase(0, nl + 1);
        std::lock_guard lock(mu_);
        auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_object() && j.value("event", "") == "listening") port_ = j.value("port", -1);
        lines_.push_back(std::move(line));
        cv_.notify_all();
      }
    }
    ::close(fd);
    std::lock_guard lock(mu_);
    exited_ = true;
    cv_.notify_all();
  }

  std::filesystem::path dataDir_;
  std::map<std::string, std::string> env_;
  std::string listen_ = "127.0.0.1:0";
  std::string scheme_ = "http";
  pid_t pid_ = -1;
  std::thread reader_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> lines_;
  int port_ = -1;
  bool exited_ = false;
};

}  // namespace coach::test
