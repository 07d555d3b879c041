// syncd_child.hpp: the child processes of `coach-bench server`: the real coach-syncd (started on 127.0.0.1
// port 0 with its own data directory; its port, team and first enrolment code read from its JSON-lines log;
// stopped with SIGTERM), one-shot commands (`coach-syncd admin`, coach-devicesim) with their output and CPU
// time, and what /proc tells about a running process (open sockets, threads, CPU time).
// The approach is tests/support/syncd_process.hpp's; the binaries are found next to coach-bench.
// Thread-safety: a Syncd is used by one thread; its log reader thread only touches state under its mutex.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <signal.h>
#include <spawn.h>
#include <sstream>
#include <stdexcept>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include <nlohmann/json.hpp>

extern char** environ;

namespace coach::bench {

using Env = std::map<std::string, std::string>;

// A failed step. Thrown (instead of exiting) so the children are stopped while the stack unwinds.
struct Failure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

inline std::filesystem::path binDir() {
  return std::filesystem::read_symlink("/proc/self/exe").parent_path();
}

struct Child {
  pid_t pid = -1;
  int out = -1;  // the child's stdout (and stderr when merged)
};

// Starts argv[0] with our environment minus COACH_SYNCD_*, plus `env`; nothing else of ours is inherited.
inline Child spawn(const std::vector<std::string>& argv, const Env& env, bool mergeStderr) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw Failure("pipe2 failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  if (mergeStderr) posix_spawn_file_actions_adddup2(&actions, fds[1], STDERR_FILENO);
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  std::vector<std::string> envText;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::string_view(*e).rfind("COACH_SYNCD_", 0) != 0) envText.emplace_back(*e);
  }
  for (const auto& [k, v] : env) envText.push_back(k + "=" + v);
  std::vector<std::string> args = argv;
  std::vector<char*> envp, argp;
  for (auto& s : envText) envp.push_back(s.data());
  for (auto& s : args) argp.push_back(s.data());
  envp.push_back(nullptr);
  argp.push_back(nullptr);
  Child c;
  const int rc = posix_spawn(&c.pid, argv[0].c_str(), &actions, nullptr, argp.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  if (rc != 0) {
    ::close(fds[0]);
    throw Failure("cannot start " + argv[0] + ": " + std::strerror(rc) + " (build it next to coach-bench)");
  }
  c.out = fds[0];
  return c;
}

inline std::string readAll(int fd) {
  std::string all;
  char buf[8192];
  for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) all.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  return all;
}

// Runs a command to its end: its stdout; its wait status and CPU time (user + system, seconds) in the outs.
inline std::string run(const std::vector<std::string>& argv, int& status, double* cpuSeconds = nullptr, const Env& env = {}) {
  const Child c = spawn(argv, env, false);
  std::string out = readAll(c.out);
  rusage usage{};
  ::wait4(c.pid, &status, 0, &usage);
  if (cpuSeconds != nullptr) {
    *cpuSeconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                  static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  }
  return out;
}

// The coach-syncd binary as a child: its port, team and first enrolment code from its JSON-lines log.
// `binary` defaults to the coach-syncd next to the running program. (coach-devicesim --syncd uses it too.)
class Syncd {
 public:
  Syncd(const std::filesystem::path& dataDir, const Env& extra, std::filesystem::path binary = {})
      : dataDir_(dataDir), binary_(binary.empty() ? binDir() / "coach-syncd" : std::move(binary)) {
    Env vars{{"COACH_SYNCD_DATA", dataDir.string()}, {"COACH_SYNCD_LISTEN", "127.0.0.1:0"}};
    for (const auto& [k, v] : extra) vars[k] = v;
    // The admin commands work on the same store: PostgreSQL when the server uses it.
    if (auto db = extra.find("COACH_SYNCD_DATABASE_URL"); db != extra.end()) adminEnv_[db->first] = db->second;
    const Child c = spawn({binary_.string(), "serve"}, vars, true);
    pid_ = c.pid;
    reader_ = std::thread([this, fd = c.out] { readLog(fd); });
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, std::chrono::seconds(30), [&] { return port_ > 0 || exited_; }) || port_ <= 0) {
      const std::string why = lastLine_;
      lock.unlock();
      stop();
      throw Failure("coach-syncd did not start: " + why);
    }
  }
  ~Syncd() { stop(); }
  Syncd(const Syncd&) = delete;
  Syncd& operator=(const Syncd&) = delete;

  void stop() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
    if (reader_.joinable()) reader_.join();
  }
  // A new one-time (coach) enrolment code, from `coach-syncd admin`.
  std::string enrolCode() const { return enrolCodes(team_, 1, false).front(); }
  // `count` one-time codes for `team` (a team lead's with `lead`), from one `coach-syncd admin` call.
  std::vector<std::string> enrolCodes(const std::string& team, int count, bool lead) const {
    std::vector<std::string> argv{binary_.string(), "admin", "--data", dataDir_.string(), "--json", "enrol-code",
                                  "--team", team, "--count", std::to_string(count)};
    if (lead) argv.emplace_back("--lead");
    const nlohmann::json j = admin(argv, count == 1 ? "code" : "codes");
    if (count == 1) return {j["code"].get<std::string>()};
    return j["codes"].get<std::vector<std::string>>();
  }
  // A new team's id, from `coach-syncd admin team create`.
  std::string createTeam(const std::string& name) const {
    return admin({binary_.string(), "admin", "--data", dataDir_.string(), "--json", "team", "create", name}, "team")["team"]
        .get<std::string>();
  }
  const std::string& team() const { return team_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  pid_t pid() const { return pid_; }
  const std::string& firstCode() const { return firstCode_; }

 private:
  void readLog(int fd) {
    std::string pending;
    char buf[8192];
    for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) {
      pending.append(buf, static_cast<std::size_t>(n));
      for (std::size_t nl; (nl = pending.find('\n')) != std::string::npos; pending.erase(0, nl + 1)) {
        const std::string line = pending.substr(0, nl);
        if (line.find("\"first_start\"") == std::string::npos && line.find("\"listening\"") == std::string::npos &&
            line.find("\"error\"") == std::string::npos) {
          continue;  // request lines: drained, not kept
        }
        auto j = nlohmann::json::parse(line, nullptr, false);
        std::lock_guard lock(mu_);
        lastLine_ = line;
        if (j.value("event", "") == "first_start") team_ = j.value("team", ""), firstCode_ = j.value("enrol_code", "");
        if (j.value("event", "") == "listening") port_ = j.value("port", -1);
        cv_.notify_all();
      }
    }
    ::close(fd);
    std::lock_guard lock(mu_);
    exited_ = true;
    cv_.notify_all();
  }

  nlohmann::json admin(const std::vector<std::string>& argv, const char* key) const {
    int status = 0;
    const std::string out = run(argv, status, nullptr, adminEnv_);
    auto j = nlohmann::json::parse(out, nullptr, false);
    if (status != 0 || !j.is_object() || !j.contains(key)) throw Failure("coach-syncd admin " + argv[5] + " " + argv[6] + " failed: " + out);
    return j;
  }

  std::filesystem::path dataDir_;
  std::filesystem::path binary_;
  Env adminEnv_;
  pid_t pid_ = -1;
  std::thread reader_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::string team_, firstCode_, lastLine_;
  int port_ = -1;
  bool exited_ = false;
};

// Empties the PostgreSQL database at `url` (its public schema) before a run: the bench's database must be its own.
inline void resetPostgres(const std::string& url) {
  int status = 0;
  const std::string out = run({"/usr/lib/postgresql/15/bin/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c",
                               "DROP SCHEMA public CASCADE; CREATE SCHEMA public"},
                              status);
  if (status != 0) throw Failure("emptying the bench's PostgreSQL database failed (is psql installed, the URL right?)");
}

inline int countSockets(pid_t pid) {
  int n = 0;
  std::error_code ec;
  std::filesystem::directory_iterator it("/proc/" + std::to_string(pid) + "/fd", ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    std::error_code linkError;
    const auto target = std::filesystem::read_symlink(it->path(), linkError).string();
    if (!linkError && target.rfind("socket:", 0) == 0) ++n;
  }
  return n;
}

// A field of /proc/PID/status in bytes ("VmRSS", "VmHWM": the resident set now and at its peak); 0 if unreadable.
inline std::uint64_t statusBytes(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(field + ":", 0) == 0) return std::strtoull(line.c_str() + field.size() + 1, nullptr, 10) * 1024;
  }
  return 0;
}

inline int threadCount(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("Threads:", 0) == 0) return std::atoi(line.c_str() + 8);
  }
  return 0;
}

// CPU time (user + system, seconds) a running process has used so far; 0 when it cannot be read.
inline double cpuSeconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::size_t close = stat.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(stat.substr(close + 2));  // from field 3 (state) on
  std::string skip;
  for (int i = 0; i < 11; ++i) fields >> skip;  // fields 3..13
  double user = 0, system = 0;
  fields >> user >> system;  // fields 14 and 15, in clock ticks
  return (user + system) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

}  // namespace coach::bench
