// coach-syncd: the sync server (docs/coach-syncd.md). `serve` runs it; `admin ...` works on its data directory;
// `healthcheck` asks a running server's /readyz (the container's HEALTHCHECK).
#include <signal.h>
#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <thread>

#include <CLI/CLI.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "syncd/admin.hpp"
#include "syncd/server.hpp"

#ifndef COACH_VERSION
#define COACH_VERSION "0.0.0"
#endif

namespace {

using namespace coach;
using namespace coach::syncd;

int fail(const Error& e) {
  std::fprintf(stderr, "coach-syncd: %s\n", e.message.c_str());
  return e.code == ErrorCode::InvalidArgument ? 2 : 1;
}

// Blocks SIGTERM and SIGINT in every thread (call before any thread starts); a dedicated thread waits for them.
sigset_t blockStopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);
  return set;
}

// Every open connection is a file descriptor: take what the hard limit allows (a container's --ulimit nofile).
void raiseOpenFileLimit() {
  rlimit files{};
  if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    (void)::setrlimit(RLIMIT_NOFILE, &files);
  }
}

// Where `coach-syncd healthcheck` asks: the configured listen address, or an explicit --url.
struct HealthTarget {
  std::string host;  // without brackets
  int port = 0;
  bool tls = false;
  std::string where;  // for messages: "http://127.0.0.1:8750/readyz"
};

// The configured address; 0.0.0.0 and :: are asked on loopback.
HealthTarget healthTargetOf(const Config& config) {
  std::string host = config.host();
  if (host == "0.0.0.0" || host.empty()) host = "127.0.0.1";
  if (host == "::" || host == "[::]") host = "::1";
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  return {host, config.port(), config.tls(), std::string(config.tls() ? "https" : "http") + "://" + config.listen + "/readyz"};
}

// --url http://HOST:PORT or https://HOST:PORT (IPv6 in brackets, an optional trailing "/"): the server to ask when
// it is not where COACH_SYNCD_LISTEN says (a sidecar, another container, a port mapped elsewhere).
Result<HealthTarget> healthTargetOf(const std::string& url) {
  const Error bad = makeError(ErrorCode::InvalidArgument, "--url must be http://HOST:PORT or https://HOST:PORT (got \"" +
                                                              url + "\"), e.g. http://127.0.0.1:8750");
  HealthTarget t;
  std::string rest;
  if (url.rfind("http://", 0) == 0) {
    rest = url.substr(7);
  } else if (url.rfind("https://", 0) == 0) {
    rest = url.substr(8);
    t.tls = true;
  } else {
    return bad;
  }
  if (!rest.empty() && rest.back() == '/') rest.pop_back();
  const std::size_t colon = rest.rfind(':');
  if (colon == std::string::npos || colon == 0 || rest.find('/') != std::string::npos) return bad;
  t.host = rest.substr(0, colon);
  if (t.host.front() == '[') {
    if (t.host.size() < 3 || t.host.back() != ']') return bad;
    t.host = t.host.substr(1, t.host.size() - 2);
  } else if (t.host.find(':') != std::string::npos) {
    return bad;
  }
  const std::string port = rest.substr(colon + 1);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) return bad;
  t.port = std::stoi(port);
  if (t.port < 1 || t.port > 65535) return bad;
  t.where = (t.tls ? "https://" : "http://") + rest + "/readyz";
  return t;
}

// GET /readyz. Exit status 0 when it answers 200; otherwise 1 (Docker's "unhealthy") with one line on stderr
// saying why. No token is sent, so a TLS server's certificate is not verified here: the check proves the server
// answers, not who it is.
int healthcheck(const HealthTarget& target, int timeoutSeconds) {
  std::unique_ptr<httplib::ClientImpl> client;
  if (target.tls) {
    auto tls = std::make_unique<httplib::SSLClient>(target.host, target.port);
    tls->enable_server_certificate_verification(false);
    client = std::move(tls);
  } else {
    client = std::make_unique<httplib::ClientImpl>(target.host, target.port);
  }
  const std::string& where = target.where;
  client->set_connection_timeout(timeoutSeconds, 0);
  client->set_read_timeout(timeoutSeconds, 0);
  client->set_keep_alive(false);
  const auto res = client->Get("/readyz");
  if (!res) {
    std::fprintf(stderr, "coach-syncd healthcheck: not ready: no answer from %s (%s); is coach-syncd running there?\n",
                 where.c_str(), httplib::to_string(res.error()).c_str());
    return 1;
  }
  if (res->status != 200) {
    const auto body = nlohmann::json::parse(res->body, nullptr, false);
    const std::string status = body.is_object() ? body.value("status", "") : "";
    std::fprintf(stderr, "coach-syncd healthcheck: not ready: %s answered %d (%s)\n", where.c_str(), res->status,
                 status.empty() ? "no status" : status.c_str());
    return 1;
  }
  std::printf("coach-syncd healthcheck: ready (%s answered 200)\n", where.c_str());
  return 0;
}

int serve(Config config) {
  raiseOpenFileLimit();
  const sigset_t signals = blockStopSignals();
  Logger log(config.logLevel);
  SystemClock clock;
  auto opened = Server::open(config, log, clock);
  if (!opened.ok()) {
    log.error("start_failed", {{"error", errorInfo(opened.error().code).wireId}, {"message", opened.error().message}});
    return fail(opened.error());
  }
  std::unique_ptr<Server> server = std::move(opened).value();
  if (Status bound = server->bind(); !bound.ok()) {
    log.error("start_failed", {{"error", "unavailable"}, {"message", bound.error().message}});
    return fail(bound.error());
  }
  std::thread waiter([&] {
    int signal = 0;
    sigwait(&signals, &signal);
    log.info("stopping", {{"signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"}});
    server->stop();
  });
  Status ran = server->run();
  if (!ran.ok()) {
    // The listener failed on its own: wake the waiter so the process can end.
    pthread_kill(waiter.native_handle(), SIGTERM);
  }
  waiter.join();
  Status closed = server->close();
  if (!closed.ok()) log.error("checkpoint_failed", {{"message", closed.error().message}});
  log.info("stopped", {{"clean", ran.ok() && closed.ok()}});
  return ran.ok() && closed.ok() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  auto env = [](const char* name) -> const char* { return std::getenv(name); };
  auto fromEnv = configFromEnvironment(env);
  if (!fromEnv.ok()) return fail(fromEnv.error());
  Config config = fromEnv.value();

  CLI::App app{"coach-syncd: the IPS Coach Companion sync server. It stores and orders the encrypted changes of "
               "coaches' devices and can read none of them."};
  app.set_version_flag("--version", std::string("coach-syncd ") + COACH_VERSION);
  app.require_subcommand(1);
  app.footer("Configuration: environment variables (see 'coach-syncd serve --help'), flags override them.");

  CLI::App* serveCmd = app.add_subcommand("serve", "Run the server");
  serveCmd->add_option("--data", config.dataDir, "data directory (COACH_SYNCD_DATA)");
  serveCmd->add_option("--listen", config.listen, "HOST:PORT to listen on (COACH_SYNCD_LISTEN)");
  serveCmd->footer(environmentHelp() + "\nExample: coach-syncd serve --data /srv/coach --listen 127.0.0.1:8750");

  CLI::App* healthCmd = app.add_subcommand("healthcheck", "Exit 0 when the running server's /readyz answers 200");
  healthCmd->add_option("--listen", config.listen, "HOST:PORT the server listens on (COACH_SYNCD_LISTEN)");
  std::string healthUrl;
  healthCmd->add_option("--url", healthUrl, "ask http(s)://HOST:PORT instead of the listen address");
  int healthTimeout = 3;
  healthCmd->add_option("--timeout", healthTimeout, "seconds to wait for the answer (default 3)")->check(CLI::Range(1, 60));
  healthCmd->footer("Exit status 1 with one line on stderr when the server does not answer or is not ready "
                    "(stopping, store unavailable).\nExamples: coach-syncd healthcheck --listen 127.0.0.1:8750; "
                    "coach-syncd healthcheck --url https://127.0.0.1:8443");

  CLI::App* adminCmd = app.add_subcommand("admin", "Administer a data directory (works without the HTTP API)");
  adminCmd->require_subcommand(1);
  admin::Target target{config.dataDir, false, stdout, nullptr, config.databaseUrl};
  SystemClock clock;
  target.clock = &clock;
  adminCmd->add_option("--data", target.dataDir, "data directory (COACH_SYNCD_DATA)");
  adminCmd->add_flag("--json", target.json, "print JSON instead of a table");
  adminCmd->footer("Example: coach-syncd admin --data /srv/coach enrol-code --team 3f2a... --lead\n"
                   "With COACH_SYNCD_DATABASE_URL (or _FILE) set, the commands work on that PostgreSQL database.");

  std::string name, team, device, path;
  bool lead = false;
  int hours = config.limits.enrolCodeHours;
  CLI::App* teamCmd = adminCmd->add_subcommand("team", "Teams");
  teamCmd->require_subcommand(1);
  CLI::App* teamCreate = teamCmd->add_subcommand("create", "Create a team; prints its id");
  teamCreate->add_option("NAME", name, "the team's name, e.g. 'IPS team Utrecht-Oost'")->required();
  CLI::App* teamsCmd = adminCmd->add_subcommand("teams", "List teams");
  CLI::App* codeCmd = adminCmd->add_subcommand("enrol-code", "Issue a one-time enrolment code for a new device");
  codeCmd->add_option("--team", team, "team id")->required();
  codeCmd->add_flag("--lead", lead, "the device will be a team lead's (may revoke devices)");
  codeCmd->add_option("--valid-hours", hours, "hours the code stays valid (default 24)");
  std::int64_t seconds = 0;
  codeCmd->add_option("--valid-seconds", seconds, "seconds the code stays valid, for scripted enrolment (overrides hours)");
  int count = 1;
  codeCmd->add_option("--count", count, "issue this many codes at once (1 to 10000; one a line)")->check(CLI::Range(1, 10000));
  CLI::App* devicesCmd = adminCmd->add_subcommand("devices", "List a team's devices");
  devicesCmd->add_option("--team", team, "team id")->required();
  CLI::App* revokeCmd = adminCmd->add_subcommand("revoke", "Revoke a device (a lost phone): refused from its next request");
  revokeCmd->add_option("--team", team, "team id")->required();
  revokeCmd->add_option("DEVICE", device, "device id")->required();
  CLI::App* approveCmd = adminCmd->add_subcommand(
      "approve", "Let a pending device sync without a team lead's approval (it gets no team key: for tools and "
                 "tests that bring their own; a coach's device is approved from a team lead's device)");
  approveCmd->add_option("--team", team, "team id")->required();
  approveCmd->add_option("DEVICE", device, "device id")->required();
  CLI::App* backupCmd = adminCmd->add_subcommand("backup", "Write a consistent copy of the live store");
  backupCmd->add_option("DEST", path, "backup file to write")->required();
  CLI::App* restoreCmd = adminCmd->add_subcommand("restore", "Replace the store with a backup (stop the server first)");
  restoreCmd->add_option("SOURCE", path, "backup file")->required();
  CLI::App* statsCmd = adminCmd->add_subcommand("stats", "Counts of what the store holds");
  std::string from, to;
  CLI::App* migrateCmd = adminCmd->add_subcommand(
      "migrate-store", "Copy the whole store into an empty one: SQLite to PostgreSQL or back (stop coach-syncd first)");
  migrateCmd->add_option("--from", from, "sqlite:DATA_DIR or postgresql://USER@HOST:PORT/DB")->required();
  migrateCmd->add_option("--to", to, "sqlite:DATA_DIR or postgresql://USER@HOST:PORT/DB (must be empty)")->required();
  migrateCmd->footer("Example: coach-syncd admin migrate-store --from sqlite:/srv/coach --to postgresql://coach@db/coach\n"
                     "A password belongs in ~/.pgpass (or PGPASSFILE), not on the command line.");
  CLI::App* afterRestoreCmd = adminCmd->add_subcommand(
      "after-restore", "PostgreSQL store: after pg_restore of a dump, move server sequences past what was served");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (serveCmd->parsed()) return serve(config);
  if (healthCmd->parsed()) {
    if (!healthUrl.empty()) {
      Result<HealthTarget> asked = healthTargetOf(healthUrl);
      if (!asked.ok()) return fail(asked.error());
      return healthcheck(*asked, healthTimeout);
    }
    if (Status valid = validate(config); !valid.ok()) return fail(valid.error());
    return healthcheck(healthTargetOf(config), healthTimeout);
  }

  Status result;
  if (teamCreate->parsed()) result = admin::teamCreate(target, name);
  if (teamsCmd->parsed()) result = admin::teams(target);
  if (codeCmd->parsed()) {
    const std::int64_t valid = seconds > 0 ? seconds : std::int64_t{hours} * 3600;
    result = admin::enrolCode(target, team, lead ? relay::Role::Lead : relay::Role::Coach, valid, count);
  }
  if (devicesCmd->parsed()) result = admin::devices(target, team);
  if (revokeCmd->parsed()) result = admin::revoke(target, team, device);
  if (approveCmd->parsed()) result = admin::approve(target, team, device);
  if (backupCmd->parsed()) result = admin::backup(target, path);
  if (restoreCmd->parsed()) result = admin::restore(target, path);
  if (statsCmd->parsed()) result = admin::stats(target);
  if (afterRestoreCmd->parsed()) result = admin::afterRestore(target);
  if (migrateCmd->parsed()) result = admin::migrateStore(target, from, to);
  return result.ok() ? 0 : fail(result.error());
}
