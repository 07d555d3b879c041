// faultproxy/fault_proxy.hpp: FaultProxy, a loopback TCP proxy for HTTP/1.1 that disturbs traffic on a seeded
// schedule (docs/faults.md): it delays, drops, truncates, resets and duplicates requests between clients and
// one target on 127.0.0.1, and counts what it did.
//
// How it works: it listens on 127.0.0.1 (a free port by default) and serves every client connection in its own
// thread with its own connection to the target. It reads each request whole (http_framing.hpp), takes the
// decision of FaultSchedule for the request's number, and acts on it (fault_schedule.hpp, FaultAction). It
// never connects anywhere but 127.0.0.1: the target is a port there, and an address naming another host is
// refused (parseLoopbackTarget).
//
// Use from a test:
//   auto proxy = FaultProxy::start({.target = "127.0.0.1:" + std::to_string(serverPort), .seed = 7,
//                                   .profile = FaultProfile::parse("hostile").value()});
//   options.baseUrl = (*proxy)->url();      // devices talk to the proxy instead of the server
//   ... (*proxy)->counters().resets ...
//
// Thread-safety: every public member function may be called from any thread. stop() (and the destructor)
// waits for the connection threads, which give up within about 100 ms.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "coach/result.hpp"
#include "fault_schedule.hpp"

namespace coach::faults {

struct FaultProxyOptions {
  std::uint16_t listenPort = 0;  // 0: a free port
  std::string target;            // "127.0.0.1:PORT" (or just "PORT")
  std::uint64_t seed = 1;
  FaultProfile profile;
  // A connection with nothing to read for this long (client between requests, or target answering) is closed.
  std::chrono::milliseconds idleTimeout{30000};
};

// What the proxy did, counted since it started.
struct FaultCounters {
  std::uint64_t connections = 0;         // client connections accepted
  std::uint64_t requests = 0;            // requests read whole (each got one decision)
  std::uint64_t passed = 0;              // forwarded untouched (Pass)
  std::uint64_t delayed = 0;
  std::uint64_t dropped = 0;
  std::uint64_t truncatedRequests = 0;
  std::uint64_t truncatedResponses = 0;
  std::uint64_t resets = 0;
  std::uint64_t duplicates = 0;
  std::uint64_t targetFailures = 0;      // the target could not be reached or did not answer (client closed)
  std::uint64_t bytesToTarget = 0;
  std::uint64_t bytesToClient = 0;

  std::uint64_t faults() const {
    return delayed + dropped + truncatedRequests + truncatedResponses + resets + duplicates;
  }
  nlohmann::json toJson() const;
};

// The port of "127.0.0.1:PORT" or "PORT". InvalidArgument for any other host (the proxy only ever connects to
// 127.0.0.1), or a port that is not 1..65535.
Result<std::uint16_t> parseLoopbackTarget(std::string_view target);

class FaultProxy {
 public:
  // Listens and starts accepting. InvalidArgument for a bad target or profile; Unavailable when the port
  // cannot be bound. The target need not be up yet: a request that finds it down is closed (targetFailures).
  static Result<std::unique_ptr<FaultProxy>> start(FaultProxyOptions options);
  ~FaultProxy();
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  std::uint16_t port() const;
  std::string url() const;  // "http://127.0.0.1:<port>"
  FaultCounters counters() const;
  // The action taken for each request so far, by request number.
  std::vector<FaultAction> decisions() const;
  // Stops accepting, closes every connection and waits for the threads. Idempotent.
  void stop();

  struct Impl;

 private:
  explicit FaultProxy(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace coach::faults
