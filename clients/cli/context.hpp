// context.hpp: Context, what every `coach` command shares: the chosen language and output form, the profile
// (found, unlocked and opened on first use), the clock, prompting on a terminal, and the exit codes.
//
// Exit codes (docs/cli.md): 0 done; 1 something failed on this device (storage, internal); 2 the command line
// was wrong (unknown command or option, a missing or malformed value, a bad date); 3 the store refused a value
// (validation); 4 a record was not found; 5 the profile: none yet, already there, wrong passphrase, no
// passphrase; 6 the sync server could not be reached or is busy (try later; changes stay on this device); 7 the
// sync server refused this device (enrolment code, token, revoked, clock wrong, certificate).
//
// Thread-safety: one Context per process, used by the main thread only.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "assignments.hpp"
#include "coach/clock.hpp"
#include "coach/result.hpp"
#include "coach/store.hpp"
#include "messages.hpp"

namespace coach::cli {

enum Exit : int {
  kExitOk = 0,
  kExitFailure = 1,
  kExitUsage = 2,
  kExitInvalid = 3,
  kExitNotFound = 4,
  kExitProfile = 5,
  kExitUnreachable = 6,
  kExitRefused = 7,
};

// The exit code for an error of this code when the command did not choose one.
int exitCodeFor(ErrorCode code);

class Context {
 public:
  Context(std::ostream& out, std::ostream& err);
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  // Global options, filled in by the command line before any command runs.
  Messages msg;
  bool json = false;
  std::string homeOption;  // --home or COACH_HOME; empty: the default place
  // The command chosen on the command line; run once after parsing.
  std::function<Status()> action;

  std::ostream& out() { return out_; }
  std::ostream& err() { return err_; }
  void printJson(const nlohmann::json& value);

  // The profile's folder: --home, COACH_HOME, $XDG_DATA_HOME/coach or ~/.local/share/coach.
  std::string home() const;
  std::string profilePath() const;
  // The clock: the system's, or COACH_TEST_NOW ("YYYY-MM-DDTHH:MM" in Amsterdam; for tests) when set.
  Result<const WallClock*> clock();
  // The device's day and minute in Europe/Amsterdam.
  Result<Today> today();

  // Creates the profile (init) or opens the existing one, asking for the passphrase once per process.
  // keyring: the profile's key in the OS keyring instead of behind a passphrase (coach init --keyring).
  Result<Store*> createStore(const std::string& actor, bool keyring = false);
  Result<Store*> store();

  // True when stdin and stderr are a terminal: commands may ask for what is missing.
  bool interactive() const;
  // Shows `question` on stderr and reads one line from stdin; nullopt at end of input.
  std::optional<std::string> ask(const std::string& question);

  // Turns an error from the core into one in the chosen language (the core's own detail, in English, is
  // kept after the translated lead) and remembers the exit code that fits it.
  Error localise(const Error& error);
  template <class T>
  Result<T> core(Result<T> result) {
    if (result.ok()) return result;
    return localise(result.error());
  }
  Status core(Status result);

  // An error with a chosen exit code.
  Error fail(int exitCode, ErrorCode code, std::string message);
  // Prints `error` (plain words on stderr, or {"error": ...} on stdout with --json) and returns the exit code.
  int report(const Error& error);

 private:
  std::ostream& out_;
  std::ostream& err_;
  int exitOverride_ = -1;
  std::unique_ptr<WallClock> clock_;
  std::unique_ptr<Store> store_;
};

}  // namespace coach::cli
