// coach-faultproxy: the fault proxy as a command (docs/faults.md). Listens on 127.0.0.1, forwards HTTP/1.1 to a
// target on 127.0.0.1 and disturbs it on a seeded schedule. Prints one JSON line when listening (with the port,
// for scripts) and one with the counters when stopped by SIGINT or SIGTERM. Exit status 0 after a clean stop,
// 2 for bad options, 1 when it cannot listen.
#include <signal.h>

#include <cstdio>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "fault_proxy.hpp"

using coach::faults::FaultProfile;
using coach::faults::FaultProxy;
using coach::faults::FaultProxyOptions;

int main(int argc, char** argv) {
  CLI::App app{"coach-faultproxy: a loopback HTTP proxy that delays, drops, truncates, resets and duplicates requests"};
  FaultProxyOptions options;
  std::string profile = "mild";
  unsigned listenPort = 0;
  app.add_option("--listen-port", listenPort, "port to listen on, on 127.0.0.1 (default 0: a free port)")
      ->check(CLI::Range(0, 65535));
  app.add_option("--target", options.target, "where to forward: 127.0.0.1:PORT (no other host is allowed)")->required();
  app.add_option("--seed", options.seed, "seed of the fault schedule (default 1): the same seed, the same decisions");
  app.add_option("--profile", profile,
                 "none, mild, hostile, or per-mille chances such as drop=20,reset=10,delay=100,max-delay=40 "
                 "(names: delay drop truncate-request truncate-response reset duplicate)");
  app.footer("Example: coach-faultproxy --target 127.0.0.1:8750 --seed 7 --profile hostile");
  CLI11_PARSE(app, argc, argv);
  options.listenPort = static_cast<std::uint16_t>(listenPort);
  auto parsed = FaultProfile::parse(profile);
  if (!parsed.ok()) {
    std::fprintf(stderr, "coach-faultproxy: %s\n", parsed.error().message.c_str());
    return 2;
  }
  options.profile = parsed.value();

  // SIGINT and SIGTERM are taken by sigwait below, in this thread only: block them before any thread starts.
  sigset_t stopSignals;
  sigemptyset(&stopSignals);
  sigaddset(&stopSignals, SIGINT);
  sigaddset(&stopSignals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

  const std::string target = options.target;
  const std::uint64_t seed = options.seed;
  auto proxy = FaultProxy::start(std::move(options));
  if (!proxy.ok()) {
    std::fprintf(stderr, "coach-faultproxy: %s\n", proxy.error().message.c_str());
    return proxy.error().code == coach::ErrorCode::InvalidArgument ? 2 : 1;
  }
  const nlohmann::json listening{{"event", "listening"}, {"port", (*proxy)->port()}, {"target", target},
                                 {"seed", seed}, {"profile", parsed->describe()}};
  std::printf("%s\n", listening.dump().c_str());
  std::fflush(stdout);
  int signal = 0;
  sigwait(&stopSignals, &signal);
  (*proxy)->stop();
  nlohmann::json stopped{{"event", "stopped"}, {"signal", signal}};
  stopped["counters"] = (*proxy)->counters().toJson();
  std::printf("%s\n", stopped.dump().c_str());
  return 0;
}
