// syncd/config.hpp: everything coach-syncd can be told, in one struct with documented defaults
// (docs/coach-syncd.md lists every variable). Values come from environment variables, and flags override them;
// every variable also has a `<NAME>_FILE` form that reads the value from a file (for secrets handed in by a
// container runtime). Bad values are refused at start with what was wrong and what to do.
//
// Thread-safety: a Config is built once at start and then only read.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "coach/result.hpp"

namespace coach::syncd {

enum class LogLevel : std::uint8_t { Debug, Info, Warn, Error };

struct Limits {
  std::size_t maxBodyBytes = 8u << 20;          // COACH_SYNCD_MAX_BODY_BYTES: larger requests get 413
  std::uint32_t pageItems = 1000;               // COACH_SYNCD_PAGE_ITEMS: the most items a pull page serves
  std::uint32_t pageBytes = 8u << 20;           // COACH_SYNCD_PAGE_BYTES: about the most bytes a pull page serves
  std::size_t envelopesPerPush = 64;            // COACH_SYNCD_ENVELOPES_PER_PUSH
  int readTimeoutSeconds = 30;                  // COACH_SYNCD_READ_TIMEOUT: a request body must arrive within it
  int writeTimeoutSeconds = 30;                 // COACH_SYNCD_WRITE_TIMEOUT
  int keepAliveSeconds = 2;                     // COACH_SYNCD_KEEP_ALIVE: idle keep-alive connections close after it
  int threads = 0;                              // COACH_SYNCD_THREADS: worker threads; 0 = 8 per core, at least 16
  bool threadPerConnection = false;             // COACH_SYNCD_CONNECTION_MODEL=threads: cpp-httplib's own model (for comparison)
  int maxConnections = 0;                       // COACH_SYNCD_MAX_CONNECTIONS: open connections (503 above); 0 = from the open-file limit
  std::size_t groupCommitPushes = 64;           // COACH_SYNCD_GROUP_COMMIT: pushes the SQLite store commits together at most (1: each alone)
  double deviceRate = 20;                       // COACH_SYNCD_DEVICE_RATE: sustained requests per second per device
  double deviceBurst = 60;                      // COACH_SYNCD_DEVICE_BURST: requests a device may make at once
  int enrolFailures = 10;                       // COACH_SYNCD_ENROL_FAILURES: failed enrolments per address ...
  int enrolWindowSeconds = 900;                 // COACH_SYNCD_ENROL_WINDOW: ... within this window, then 429
  std::int64_t driftBoundSeconds = 300;         // COACH_SYNCD_DRIFT_BOUND: how far ahead a device's clock may be
  int enrolCodeHours = 24;                      // COACH_SYNCD_ENROL_CODE_HOURS: validity of a new code
};

struct Config {
  std::string dataDir = "./var/syncd";          // COACH_SYNCD_DATA, --data
  std::string listen = "127.0.0.1:8750";        // COACH_SYNCD_LISTEN, --listen
  LogLevel logLevel = LogLevel::Info;           // COACH_SYNCD_LOG_LEVEL: debug, info, warn, error
  std::string tlsCertFile;                      // COACH_SYNCD_TLS_CERT_FILE: PEM chain; with the key, serve HTTPS
  std::string tlsKeyFile;                       // COACH_SYNCD_TLS_KEY_FILE: PEM private key
  std::vector<std::string> trustedProxies;      // COACH_SYNCD_TRUSTED_PROXIES: addresses whose X-Forwarded-For counts
  std::string firstTeamName = "team";           // COACH_SYNCD_FIRST_TEAM: the team made on first start
  std::string databaseUrl;                      // COACH_SYNCD_DATABASE_URL: postgresql://... (scale-out backend)
  Limits limits;

  std::string host() const;  // of `listen`
  int port() const;          // of `listen`
  bool tls() const { return !tlsCertFile.empty(); }
  int workerThreads() const;
  // maxConnections, or when 0 what the process's open-file limit leaves after the store's and the logs' files.
  int connectionLimit() const;
};

// Reads a variable: `getenv(name)`, or the contents of the file named by `<name>_FILE` (one trailing newline
// removed). InvalidArgument when both are set or the file cannot be read.
using EnvReader = std::function<const char*(const char*)>;
Result<std::optional<std::string>> readVariable(const EnvReader& env, const std::string& name);

// The configuration from the environment (flags are applied on top by main). Checks every value.
Result<Config> configFromEnvironment(const EnvReader& env);

// Checks a complete configuration (after flags): listen address, TLS files in pairs, limits in range.
Status validate(const Config& config);

// Every variable with its default and meaning, for `coach-syncd serve --help-env` and the docs.
std::string environmentHelp();

}  // namespace coach::syncd
