// coach-syncd: the sync server (docs/coach-syncd.md). `serve` runs it; `admin ...` works on its data directory.
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <thread>

#include <CLI/CLI.hpp>

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

int serve(Config config) {
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

  CLI::App* adminCmd = app.add_subcommand("admin", "Administer a data directory (works without the HTTP API)");
  adminCmd->require_subcommand(1);
  admin::Target target{config.dataDir, false, stdout, nullptr};
  SystemClock clock;
  target.clock = &clock;
  adminCmd->add_option("--data", target.dataDir, "data directory (COACH_SYNCD_DATA)");
  adminCmd->add_flag("--json", target.json, "print JSON instead of a table");
  adminCmd->footer("Example: coach-syncd admin --data /srv/coach enrol-code --team 3f2a... --lead");

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
  CLI::App* devicesCmd = adminCmd->add_subcommand("devices", "List a team's devices");
  devicesCmd->add_option("--team", team, "team id")->required();
  CLI::App* revokeCmd = adminCmd->add_subcommand("revoke", "Revoke a device (a lost phone): refused from its next request");
  revokeCmd->add_option("--team", team, "team id")->required();
  revokeCmd->add_option("DEVICE", device, "device id")->required();
  CLI::App* backupCmd = adminCmd->add_subcommand("backup", "Write a consistent copy of the live store");
  backupCmd->add_option("DEST", path, "backup file to write")->required();
  CLI::App* restoreCmd = adminCmd->add_subcommand("restore", "Replace the store with a backup (stop the server first)");
  restoreCmd->add_option("SOURCE", path, "backup file")->required();
  CLI::App* statsCmd = adminCmd->add_subcommand("stats", "Counts of what the store holds");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (serveCmd->parsed()) return serve(config);

  Status result;
  if (teamCreate->parsed()) result = admin::teamCreate(target, name);
  if (teamsCmd->parsed()) result = admin::teams(target);
  if (codeCmd->parsed()) {
    const std::int64_t valid = seconds > 0 ? seconds : std::int64_t{hours} * 3600;
    result = admin::enrolCode(target, team, lead ? relay::Role::Lead : relay::Role::Coach, valid);
  }
  if (devicesCmd->parsed()) result = admin::devices(target, team);
  if (revokeCmd->parsed()) result = admin::revoke(target, team, device);
  if (backupCmd->parsed()) result = admin::backup(target, path);
  if (restoreCmd->parsed()) result = admin::restore(target, path);
  if (statsCmd->parsed()) result = admin::stats(target);
  return result.ok() ? 0 : fail(result.error());
}
