#include "syncd/config.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>
#include <thread>

#include <sys/resource.h>

namespace coach::syncd {
namespace {

Error bad(const std::string& what) { return makeError(ErrorCode::InvalidArgument, what); }

template <class T>
Result<T> parseNumber(const std::string& name, const std::string& text, T min, T max) {
  T value{};
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || value < min || value > max) {
    std::ostringstream msg;
    msg << name << " must be a number from " << min << " to " << max << ", not '" << text << "'";
    return bad(msg.str());
  }
  return value;
}

Result<double> parseRate(const std::string& name, const std::string& text) {
  try {
    std::size_t used = 0;
    const double v = std::stod(text, &used);
    if (used == text.size() && v > 0 && v <= 1e6) return v;
  } catch (const std::exception&) {
  }
  return bad(name + " must be a positive number, not '" + text + "'");
}

Result<LogLevel> parseLevel(const std::string& text) {
  if (text == "debug") return LogLevel::Debug;
  if (text == "info") return LogLevel::Info;
  if (text == "warn") return LogLevel::Warn;
  if (text == "error") return LogLevel::Error;
  return bad("COACH_SYNCD_LOG_LEVEL must be debug, info, warn or error, not '" + text + "'");
}

std::vector<std::string> splitList(const std::string& text) {
  std::vector<std::string> out;
  std::string item;
  std::istringstream in(text);
  while (std::getline(in, item, ',')) {
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

}  // namespace

std::string Config::host() const { return listen.substr(0, listen.rfind(':')); }

int Config::port() const {
  const std::size_t colon = listen.rfind(':');
  if (colon == std::string::npos) return -1;
  auto port = parseNumber<int>("port", listen.substr(colon + 1), 0, 65535);
  return port.ok() ? port.value() : -1;
}

int Config::workerThreads() const {
  if (limits.threads > 0) return limits.threads;
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return std::max(16, 8 * cores);
}

int Config::connectionLimit() const {
  if (limits.maxConnections > 0) return limits.maxConnections;
  rlimit files{};
  if (::getrlimit(RLIMIT_NOFILE, &files) != 0 || files.rlim_cur == RLIM_INFINITY) return 10000;
  const rlim_t spare = 64;  // the store, its WAL, the lock, the listener, logs
  return files.rlim_cur <= spare * 2 ? 16 : static_cast<int>(std::min<rlim_t>(files.rlim_cur - spare, 100000));
}

Result<std::optional<std::string>> readVariable(const EnvReader& env, const std::string& name) {
  const char* direct = env(name.c_str());
  const std::string fileVar = name + "_FILE";
  const char* file = env(fileVar.c_str());
  if (direct != nullptr && file != nullptr) return bad("set " + name + " or " + fileVar + ", not both");
  if (direct != nullptr) return std::optional<std::string>(direct);
  if (file == nullptr) return std::optional<std::string>();
  std::ifstream in(file, std::ios::binary);
  if (!in) return bad(fileVar + " names " + std::string(file) + ", which cannot be read: check the path and its permissions");
  std::ostringstream content;
  content << in.rdbuf();
  std::string value = content.str();
  if (!value.empty() && value.back() == '\n') value.pop_back();
  if (!value.empty() && value.back() == '\r') value.pop_back();
  return std::optional<std::string>(std::move(value));
}

namespace {

// Applies one variable when it is set.
template <class Fn>
Status apply(const EnvReader& env, const char* name, Fn&& fn) {
  COACH_ASSIGN_OR_RETURN(std::optional<std::string> value, readVariable(env, name));
  if (!value) return {};
  return fn(*value);
}

template <class T>
auto number(T& field, const char* name, T min, T max) {
  return [&field, name, min, max](const std::string& v) -> Status {
    COACH_ASSIGN_OR_RETURN(field, parseNumber<T>(name, v, min, max));
    return {};
  };
}

auto text(std::string& field) {
  return [&field](const std::string& v) -> Status {
    field = v;
    return {};
  };
}

}  // namespace

Result<Config> configFromEnvironment(const EnvReader& env) {
  Config c;
  Limits& l = c.limits;
  COACH_TRY(apply(env, "COACH_SYNCD_DATA", text(c.dataDir)));
  COACH_TRY(apply(env, "COACH_SYNCD_LISTEN", text(c.listen)));
  COACH_TRY(apply(env, "COACH_SYNCD_LOG_LEVEL", [&](const std::string& v) -> Status {
    COACH_ASSIGN_OR_RETURN(c.logLevel, parseLevel(v));
    return {};
  }));
  COACH_TRY(apply(env, "COACH_SYNCD_TLS_CERT_FILE", text(c.tlsCertFile)));
  COACH_TRY(apply(env, "COACH_SYNCD_TLS_KEY_FILE", text(c.tlsKeyFile)));
  COACH_TRY(apply(env, "COACH_SYNCD_TRUSTED_PROXIES", [&](const std::string& v) -> Status {
    c.trustedProxies = splitList(v);
    return {};
  }));
  COACH_TRY(apply(env, "COACH_SYNCD_FIRST_TEAM", text(c.firstTeamName)));
  COACH_TRY(apply(env, "COACH_SYNCD_DATABASE_URL", text(c.databaseUrl)));
  COACH_TRY(apply(env, "COACH_SYNCD_MAX_BODY_BYTES", number<std::size_t>(l.maxBodyBytes, "COACH_SYNCD_MAX_BODY_BYTES", 4u << 20, 1u << 30)));
  COACH_TRY(apply(env, "COACH_SYNCD_PAGE_ITEMS", number<std::uint32_t>(l.pageItems, "COACH_SYNCD_PAGE_ITEMS", 1, 100000)));
  COACH_TRY(apply(env, "COACH_SYNCD_PAGE_BYTES", number<std::uint32_t>(l.pageBytes, "COACH_SYNCD_PAGE_BYTES", 1u << 16, 1u << 30)));
  COACH_TRY(apply(env, "COACH_SYNCD_ENVELOPES_PER_PUSH", number<std::size_t>(l.envelopesPerPush, "COACH_SYNCD_ENVELOPES_PER_PUSH", 1, 4096)));
  COACH_TRY(apply(env, "COACH_SYNCD_READ_TIMEOUT", number<int>(l.readTimeoutSeconds, "COACH_SYNCD_READ_TIMEOUT", 1, 3600)));
  COACH_TRY(apply(env, "COACH_SYNCD_WRITE_TIMEOUT", number<int>(l.writeTimeoutSeconds, "COACH_SYNCD_WRITE_TIMEOUT", 1, 3600)));
  COACH_TRY(apply(env, "COACH_SYNCD_KEEP_ALIVE", number<int>(l.keepAliveSeconds, "COACH_SYNCD_KEEP_ALIVE", 1, 60)));
  COACH_TRY(apply(env, "COACH_SYNCD_THREADS", number<int>(l.threads, "COACH_SYNCD_THREADS", 0, 4096)));
  COACH_TRY(apply(env, "COACH_SYNCD_CONNECTION_MODEL", [&](const std::string& v) -> Status {
    if (v != "event" && v != "threads") {
      return bad("COACH_SYNCD_CONNECTION_MODEL must be event (the default) or threads, not '" + v + "'");
    }
    l.threadPerConnection = v == "threads";
    return {};
  }));
  COACH_TRY(apply(env, "COACH_SYNCD_MAX_CONNECTIONS", number<int>(l.maxConnections, "COACH_SYNCD_MAX_CONNECTIONS", 0, 1000000)));
  COACH_TRY(apply(env, "COACH_SYNCD_GROUP_COMMIT", number<std::size_t>(l.groupCommitPushes, "COACH_SYNCD_GROUP_COMMIT", 1, 4096)));
  COACH_TRY(apply(env, "COACH_SYNCD_DEVICE_RATE", [&](const std::string& v) -> Status {
    COACH_ASSIGN_OR_RETURN(l.deviceRate, parseRate("COACH_SYNCD_DEVICE_RATE", v));
    return {};
  }));
  COACH_TRY(apply(env, "COACH_SYNCD_DEVICE_BURST", [&](const std::string& v) -> Status {
    COACH_ASSIGN_OR_RETURN(l.deviceBurst, parseRate("COACH_SYNCD_DEVICE_BURST", v));
    return {};
  }));
  COACH_TRY(apply(env, "COACH_SYNCD_ENROL_FAILURES", number<int>(l.enrolFailures, "COACH_SYNCD_ENROL_FAILURES", 1, 100000)));
  COACH_TRY(apply(env, "COACH_SYNCD_ENROL_WINDOW", number<int>(l.enrolWindowSeconds, "COACH_SYNCD_ENROL_WINDOW", 1, 86400)));
  COACH_TRY(apply(env, "COACH_SYNCD_DRIFT_BOUND", number<std::int64_t>(l.driftBoundSeconds, "COACH_SYNCD_DRIFT_BOUND", 1, 86400)));
  COACH_TRY(apply(env, "COACH_SYNCD_ENROL_CODE_HOURS", number<int>(l.enrolCodeHours, "COACH_SYNCD_ENROL_CODE_HOURS", 1, 24 * 30)));
  return c;
}

Status validate(const Config& c) {
  if (c.listen.rfind(':') == std::string::npos || c.host().empty() || c.port() < 0) {
    return bad("the listen address must be HOST:PORT, for example 127.0.0.1:8750 (COACH_SYNCD_LISTEN or --listen), not '" +
               c.listen + "'");
  }
  if (c.tlsCertFile.empty() != c.tlsKeyFile.empty()) {
    return bad("TLS needs both COACH_SYNCD_TLS_CERT_FILE and COACH_SYNCD_TLS_KEY_FILE (or neither, behind a TLS proxy)");
  }
  if (!c.databaseUrl.empty() && c.databaseUrl.rfind("postgresql://", 0) != 0 && c.databaseUrl.rfind("postgres://", 0) != 0) {
    // The value is never echoed: it may hold a password.
    return bad("COACH_SYNCD_DATABASE_URL must be a URL like postgresql://USER@HOST:PORT/DATABASE (or unset, for the "
               "SQLite store in the data directory)");
  }
  if (c.dataDir.empty()) return bad("the data directory must not be empty (COACH_SYNCD_DATA or --data)");
  if (c.firstTeamName.empty() || c.firstTeamName.size() > 200) return bad("COACH_SYNCD_FIRST_TEAM must be 1 to 200 characters");
  return {};
}

std::string environmentHelp() {
  return R"(Environment variables (flags override them; NAME_FILE reads NAME's value from a file):
  COACH_SYNCD_DATA               ./var/syncd     data directory (the SQLite store lives here)
  COACH_SYNCD_LISTEN             127.0.0.1:8750  address and port to listen on
  COACH_SYNCD_LOG_LEVEL          info            debug, info, warn or error (JSON lines on stdout)
  COACH_SYNCD_TLS_CERT_FILE      (none)          PEM certificate chain: serve HTTPS (with the key)
  COACH_SYNCD_TLS_KEY_FILE       (none)          PEM private key of the certificate
  COACH_SYNCD_TRUSTED_PROXIES    (none)          comma-separated proxy addresses whose X-Forwarded-For is trusted
  COACH_SYNCD_FIRST_TEAM         team            name of the team created on first start
  COACH_SYNCD_DATABASE_URL       (none)          postgresql://USER@HOST:PORT/DB to use PostgreSQL instead of SQLite
                                                 (several replicas may share it; put a password in
                                                 COACH_SYNCD_DATABASE_URL_FILE or ~/.pgpass, never on a command line)
  COACH_SYNCD_MAX_BODY_BYTES     8388608         largest request body (413 above)
  COACH_SYNCD_PAGE_ITEMS         1000            most items in one pull page
  COACH_SYNCD_PAGE_BYTES         8388608         about the most bytes in one pull page
  COACH_SYNCD_ENVELOPES_PER_PUSH 64              most envelopes in one push
  COACH_SYNCD_READ_TIMEOUT       30              seconds to receive a request
  COACH_SYNCD_WRITE_TIMEOUT      30              seconds to send an answer
  COACH_SYNCD_KEEP_ALIVE         2               seconds an idle connection stays open
  COACH_SYNCD_THREADS            0               worker threads (0: 8 per core, at least 16); a worker is held only
                                                 while a request is read and answered, not by an idle connection
  COACH_SYNCD_CONNECTION_MODEL   event           event: idle connections wait in one epoll thread; threads: cpp-httplib's
                                                 pool thread per connection (the old model, kept for comparison)
  COACH_SYNCD_MAX_CONNECTIONS    0               open connections (503 with Retry-After above); 0: the open-file
                                                 limit (raised to its hard limit at start) less 64
  COACH_SYNCD_GROUP_COMMIT       64              pushes the SQLite store commits together (one fdatasync) at most;
                                                 1: every push commits alone
  COACH_SYNCD_DEVICE_RATE        20              sustained requests per second per device (429 above)
  COACH_SYNCD_DEVICE_BURST       60              requests a device may make at once
  COACH_SYNCD_ENROL_FAILURES     10              failed enrolments per address within the window (429 above)
  COACH_SYNCD_ENROL_WINDOW       900             seconds of that window
  COACH_SYNCD_DRIFT_BOUND        300             seconds a device's clock may be ahead of the server's
  COACH_SYNCD_ENROL_CODE_HOURS   24              validity of a new enrolment code
)";
}

}  // namespace coach::syncd
