// session_keyring.hpp: a real OS keyring for tests (docs/keyring.md): a private D-Bus session bus (Debian's
// dbus-daemon, on a socket in a temporary directory) and GNOME Keyring's Secret Service on it, its login keyring
// made and unlocked with a test password. stop() kills both and keeps the keyring's files, so a later start()
// with the same directory and password opens the same items (a new login); another directory is another user's
// empty keyring. Nothing here touches the machine's own session or keyring.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "temp_profile.hpp"

extern char** environ;

namespace coach::test {

class SessionKeyring {
 public:
  static constexpr const char* kDbus = "/usr/bin/dbus-daemon";
  static constexpr const char* kKeyring = "/usr/bin/gnome-keyring-daemon";

  SessionKeyring(std::filesystem::path dir, std::string password) : dir_(std::move(dir)), password_(std::move(password)) {}
  ~SessionKeyring() { stop(); }
  SessionKeyring(const SessionKeyring&) = delete;
  SessionKeyring& operator=(const SessionKeyring&) = delete;

  // The address for DBUS_SESSION_BUS_ADDRESS.
  std::string busAddress() const { return "unix:path=" + (dir_ / "bus").string(); }
  // What the daemons printed (for a failed start).
  std::string log() const { return readFile(dir_ / "dbus.log") + readFile(dir_ / "keyring.log"); }

  // Starts the bus and the keyring and waits until the Secret Service answers on the bus. False when the
  // packages are missing (scripts/install-deps installs dbus-daemon and gnome-keyring) or it does not come up.
  bool start() {
    if (!std::filesystem::exists(kDbus) || !std::filesystem::exists(kKeyring)) return false;
    for (const char* sub : {"home", "data", "run"}) std::filesystem::create_directories(dir_ / sub);
    ::chmod((dir_ / "run").c_str(), 0700);
    std::filesystem::remove(dir_ / "bus");
    std::ofstream(dir_ / "password") << password_;
    dbus_ = spawn({kDbus, "--session", "--nofork", "--nopidfile", "--address=" + busAddress()}, "/dev/null",
                  dir_ / "dbus.log");
    if (!waitFor([&] { return std::filesystem::exists(dir_ / "bus"); })) return false;
    keyring_ = spawn({kKeyring, "--foreground", "--unlock", "--components=secrets"}, dir_ / "password",
                     dir_ / "keyring.log");
    return waitFor([&] { return secretServiceOwned(); });
  }

  void stop() {
    for (pid_t* pid : {&keyring_, &dbus_}) {
      if (*pid <= 0) continue;
      ::kill(*pid, SIGTERM);
      int status = 0;
      ::waitpid(*pid, &status, 0);
      *pid = -1;
    }
  }

 private:
  std::vector<std::string> environment() const {
    std::vector<std::string> env{"PATH=/usr/bin:/bin", "HOME=" + (dir_ / "home").string(),
                                 "XDG_DATA_HOME=" + (dir_ / "data").string(),
                                 "XDG_RUNTIME_DIR=" + (dir_ / "run").string(), "DBUS_SESSION_BUS_ADDRESS=" + busAddress()};
    return env;
  }

  pid_t spawn(std::vector<std::string> args, const std::filesystem::path& in, const std::filesystem::path& out) const {
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> envText = environment();
    std::vector<char*> envp;
    for (auto& e : envText) envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, in.c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    pid_t pid = -1;
    const int rc = ::posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    return rc == 0 ? pid : -1;
  }

  // dbus-send asks the bus whether org.freedesktop.secrets has an owner yet.
  bool secretServiceOwned() const {
    const auto answer = dir_ / "owner.txt";
    const pid_t pid = spawn({"/usr/bin/dbus-send", "--bus=" + busAddress(), "--print-reply",
                             "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
                             "org.freedesktop.DBus.NameHasOwner", "string:org.freedesktop.secrets"},
                            "/dev/null", answer);
    if (pid <= 0) return false;
    int status = 0;
    ::waitpid(pid, &status, 0);
    const bool owned = readFile(answer).find("boolean true") != std::string::npos;
    std::filesystem::remove(answer);
    return owned;
  }

  template <typename Ready>
  static bool waitFor(Ready ready) {
    for (int i = 0; i < 200; ++i) {
      if (ready()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  std::filesystem::path dir_;
  std::string password_;
  pid_t dbus_ = -1;
  pid_t keyring_ = -1;
};

}  // namespace coach::test
