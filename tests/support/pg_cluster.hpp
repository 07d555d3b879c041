// pg_cluster.hpp: a throwaway PostgreSQL 15 cluster for tests (docs/sync-server-postgres.md, "Tests").
//
// One cluster per test process, started on first use and shared by its test cases; each test case takes a fresh
// database (createDatabase). The cluster listens on 127.0.0.1 only, on a free port, with its socket in its own
// temporary directory, and runs with fsync, synchronous_commit and full_page_writes off (speed; durability is not
// what these tests measure). initdb and pg_ctl run as the `postgres` user when the tests run as root. Its write-ahead
// log comes in segments of 1 MiB (initdb --wal-segsize=1), not 16: a file-size limit on the server's processes
// (limitFileSize, the full-disk test where a tmpfs cannot be mounted) must stay above every file they write.
//
// Clean-up, also when a test fails or the process crashes: a watchdog shell started with the cluster waits for the
// end of a pipe this process holds; when the process ends in any way the pipe closes, and the watchdog stops the
// cluster (pg_ctl stop -m immediate) and removes its directory. The initdb result is kept as a template in
// /tmp/coach-test-pg15-wal1-template (copied for each cluster: initdb is most of a cluster's start-up time).
//
// When PostgreSQL is not installed, shared() throws std::runtime_error (Catch reports it as the test's failure)
// telling to run scripts/install-deps: the PostgreSQL tests fail, they never skip.
//
// Thread-safety: shared() and createDatabase() may be called from any thread.
#pragma once

#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

namespace coach::test {

class PgCluster {
 public:
  static constexpr const char* kBin = "/usr/lib/postgresql/15/bin";

  static PgCluster& shared() {
    static PgCluster cluster;  // a constructor that throws is tried again by the next test case
    return cluster;
  }

  // A new, empty database of this cluster; returns its connection URL.
  std::string createDatabase() {
    const std::string name = "coach_" + std::to_string(++databases_);
    run({std::string(kBin) + "/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", std::to_string(port_),
         "-U", "postgres", "-d", "postgres", "-c", "CREATE DATABASE " + name},
        "creating a test database");
    return url(name);
  }
  std::string url(const std::string& database) const {
    return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + database;
  }
  // Runs SQL in `database` with psql and returns its unaligned output (tests that look inside the database).
  std::string psql(const std::string& database, const std::string& sql) {
    return run({std::string(kBin) + "/psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p",
                std::to_string(port_), "-U", "postgres", "-d", database, "-c", sql},
               "running SQL in a test database");
  }
  // The data of `database` as pg_dump writes it (bytea as \\x and lowercase hex).
  std::string dump(const std::string& database) {
    return run({std::string(kBin) + "/pg_dump", "-a", "-h", "127.0.0.1", "-p", std::to_string(port_), "-U", "postgres", database},
               "dumping a test database");
  }
  // A backup of `database` as an admin takes one: pg_dump's custom format, written to `file`.
  void dumpToFile(const std::string& database, const std::filesystem::path& file) {
    run({std::string(kBin) + "/pg_dump", "-Fc", "-h", "127.0.0.1", "-p", std::to_string(port_), "-U", "postgres", "-f",
         file.string(), database},
        "dumping a test database to a file");
  }
  // Replaces `database` by the dump in `file` as an admin restores one: dropped, created anew, pg_restore. No
  // session may be connected to it (stop coach-syncd first).
  void restoreFromFile(const std::string& database, const std::filesystem::path& file) {
    for (const std::string& sql : {"DROP DATABASE " + database, "CREATE DATABASE " + database}) psql("postgres", sql);
    run({std::string(kBin) + "/pg_restore", "-h", "127.0.0.1", "-p", std::to_string(port_), "-U", "postgres",
         "--exit-on-error", "-d", database, file.string()},
        "restoring a test database from a dump");
  }
  // Stops the cluster the way a crash does (`pg_ctl stop -m immediate`: every session cut, no checkpoint, crash
  // recovery at the next start), for tests of a database that goes away under a running coach-syncd; start()
  // brings it back on the same port. The watchdog's clean-up still applies.
  void crash() {
    if (spawn(postgresCommand(
            {std::string(kBin) + "/pg_ctl", "-D", (dir_ / "data").string(), "-m", "immediate", "-w", "stop"})) != 0) {
      throw std::runtime_error("pg_ctl stop -m immediate failed: " + readFile(dir_ / "server.log"));
    }
  }
  void start() {
    if (!startServer()) {
      throw std::runtime_error("the test PostgreSQL cluster did not start again: " + readFile(dir_ / "server.log"));
    }
  }
  // The database name of a URL made by createDatabase().
  static std::string databaseOf(const std::string& url) { return url.substr(url.rfind('/') + 1); }
  int port() const { return port_; }
  const std::filesystem::path& dir() const { return dir_; }
  std::string serverLog() const { return readFile(dir_ / "server.log"); }

  // Sets the soft RLIMIT_FSIZE (bytes, or RLIM_INFINITY) of the running server's processes: the postmaster first,
  // so that every process it starts from then on inherits it, then each of its children (/proc: PPid is the
  // postmaster), since sessions already open keep their backends. PostgreSQL ignores SIGXFSZ (postmaster.c), so a
  // write past the limit fails with EFBIG: a table that cannot grow is an ERROR of that transaction, not a crash.
  // prlimit(1) runs as postgres: prlimit(2) on another user's process needs CAP_SYS_RESOURCE, which a container
  // usually lacks, but on one's own processes needs nothing. Returns false when the postmaster's limit was not set;
  // a child that ended meanwhile is no failure.
  bool limitFileSize(rlim_t bytes) {
    const std::string value = (bytes == RLIM_INFINITY ? std::string("unlimited") : std::to_string(bytes)) + ":";
    std::ifstream pidFile(dir_ / "data" / "postmaster.pid");
    long postmaster = 0;
    if (!(pidFile >> postmaster) || postmaster <= 0) return false;
    const std::string set = std::string("/usr/bin/prlimit --fsize=") + value + " --pid";
    if (spawn(postgresCommand({"/bin/sh", "-c", set + " " + std::to_string(postmaster)})) != 0) return false;
    std::vector<std::string> args{"/bin/sh", "-c", "for p; do " + set + " \"$p\" || [ ! -d /proc/$p ] || exit 1; done",
                                  "sh"};
    for (const auto& e : std::filesystem::directory_iterator("/proc")) {
      const std::string name = e.path().filename().string();
      if (name.find_first_not_of("0123456789") != std::string::npos) continue;
      std::ifstream status(e.path() / "status");
      for (std::string line; std::getline(status, line);) {
        if (line.rfind("PPid:", 0) == 0) {
          if (std::stol(line.substr(5)) == postmaster) args.push_back(name);
          break;
        }
      }
    }
    return spawn(postgresCommand(args)) == 0;
  }

  ~PgCluster() {
    // The watchdog stops the cluster and removes the directory when its pipe closes.
    if (watchdogPipe_ >= 0) ::close(watchdogPipe_);
    if (watchdog_ > 0) ::waitpid(watchdog_, nullptr, 0);
  }
  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;

 private:
  PgCluster() {
    if (!std::filesystem::exists(std::string(kBin) + "/initdb") || !std::filesystem::exists(std::string(kBin) + "/psql")) {
      throw std::runtime_error(std::string("PostgreSQL 15 is not installed (") + kBin + "/initdb and psql are missing): "
                               "run scripts/install-deps (Debian's postgresql package); the PostgreSQL tests need it");
    }
    char pattern[] = "/tmp/coach-test-pg-XXXXXX";
    if (::mkdtemp(pattern) == nullptr) throw std::runtime_error("cannot create a temporary directory for PostgreSQL");
    dir_ = pattern;
    asPostgres_ = ::geteuid() == 0;
    if (asPostgres_) chownToPostgres(dir_);
    startWatchdog();
    copyTemplate();
    for (int attempt = 0; attempt < 3; ++attempt) {
      port_ = freePort();
      if (startServer()) return;
    }
    throw std::runtime_error("the test PostgreSQL cluster did not start: " + readFile(dir_ / "server.log"));
  }

  bool startServer() {
    const std::string options =
        "-c listen_addresses=127.0.0.1 -p " + std::to_string(port_) + " -c unix_socket_directories=" + dir_.string() +
        " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300";
    return spawn(postgresCommand({std::string(kBin) + "/pg_ctl", "-D", (dir_ / "data").string(), "-l",
                                  (dir_ / "server.log").string(), "-w", "-t", "60", "-o", options, "start"})) == 0;
  }

  // Runs `args` (as postgres when root); returns stdout, throws with the output when it fails.
  std::string run(const std::vector<std::string>& args, const std::string& what) {
    const std::filesystem::path out = dir_ / ("cmd-" + std::to_string(++commands_) + ".out");
    const int rc = spawn(args, out);
    std::string text = readFile(out);
    std::filesystem::remove(out);
    if (rc != 0) throw std::runtime_error(what + " failed: " + text);
    return text;
  }

  std::vector<std::string> postgresCommand(std::vector<std::string> args) const {
    if (asPostgres_) args.insert(args.begin(), {"/usr/sbin/runuser", "-u", "postgres", "--"});
    return args;
  }

  // posix_spawn with no inherited descriptors but stdin, stdout and stderr (the postmaster must not hold this
  // process's pipes or sockets); output to `out` (or /dev/null). Returns the exit status.
  static int spawn(const std::vector<std::string>& args, const std::filesystem::path& out = "/dev/null", int stdinFd = -1) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (stdinFd >= 0) {
      posix_spawn_file_actions_adddup2(&actions, stdinFd, STDIN_FILENO);
    } else {
      posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    }
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    // The watchdog, and the postmaster pg_ctl starts, leave this process's group: a signal to the group (ctest's
    // timeout) reaches neither, so the clean-up still runs.
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSID);
    std::vector<std::string> copy = args;
    std::vector<char*> argv;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = -1;
    const int rc = ::posix_spawn(&pid, argv[0], &actions, &attributes, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    if (rc != 0) return -1;
    if (stdinFd >= 0) return pid;  // the watchdog: not waited for here
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  void startWatchdog() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("cannot create the PostgreSQL watchdog's pipe");
    const std::string stop = (asPostgres_ ? "/usr/sbin/runuser -u postgres -- " : "") + std::string(kBin) +
                             "/pg_ctl -D '" + (dir_ / "data").string() + "' -m immediate -w stop";
    // Deaf to the signals that end this process's group (ctest's or timeout's kill of a hung test): only the
    // pipe's end starts the clean-up, and it runs in a session of its own.
    const std::string script = "trap '' TERM INT HUP; cat >/dev/null; " + stop + " >/dev/null 2>&1; rm -rf '" +
                               dir_.string() + "'";
    watchdog_ = spawn({"/bin/sh", "-c", script}, "/dev/null", fds[0]);
    ::close(fds[0]);
    if (watchdog_ <= 0) {
      ::close(fds[1]);
      throw std::runtime_error("cannot start the PostgreSQL watchdog");
    }
    watchdogPipe_ = fds[1];  // close-on-exec: no child of this process keeps the cluster alive
  }

  // Copies the template cluster (made once per machine with initdb) to DIR/data.
  void copyTemplate() {
    const std::filesystem::path tmpl = "/tmp/coach-test-pg15-wal1-template";
    {
      const int lockFd = ::open("/tmp/coach-test-pg15-wal1-template.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0600);
      if (lockFd >= 0) ::flock(lockFd, LOCK_EX);
      if (!std::filesystem::exists(tmpl / "PG_VERSION")) {
        const std::filesystem::path building = tmpl.string() + ".building";
        std::filesystem::remove_all(building);
        std::filesystem::create_directories(building);
        if (asPostgres_) chownToPostgres(building);
        const std::filesystem::path log = dir_ / "initdb.log";
        const int rc = spawn(postgresCommand({std::string(kBin) + "/initdb", "-D", (building / "data").string(), "-A",
                                              "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync",
                                              "--wal-segsize=1"}),
                             log);
        if (rc != 0) {
          if (lockFd >= 0) ::close(lockFd);
          throw std::runtime_error("initdb failed: " + readFile(log));
        }
        std::filesystem::rename(building / "data", tmpl);
        std::filesystem::remove_all(building);
      }
      if (lockFd >= 0) ::close(lockFd);
    }
    if (spawn({"/bin/cp", "-a", tmpl.string(), (dir_ / "data").string()}) != 0) {
      throw std::runtime_error("cannot copy the template PostgreSQL cluster from " + tmpl.string());
    }
  }

  static void chownToPostgres(const std::filesystem::path& path) {
    const passwd* pw = ::getpwnam("postgres");
    if (pw == nullptr || ::chown(path.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
      throw std::runtime_error("the postgres user is missing or cannot own " + path.string() +
                               ": run scripts/install-deps (Debian's postgresql package creates it)");
    }
  }

  static int freePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    int port = -1;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
      port = ntohs(addr.sin_port);
    }
    ::close(fd);
    if (port <= 0) throw std::runtime_error("no free port on 127.0.0.1 for PostgreSQL");
    return port;
  }

  static std::string readFile(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  std::filesystem::path dir_;
  bool asPostgres_ = false;
  int port_ = -1;
  pid_t watchdog_ = -1;
  int watchdogPipe_ = -1;
  std::atomic<int> databases_{0};
  std::atomic<int> commands_{0};
};

}  // namespace coach::test
