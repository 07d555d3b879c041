// faultproxy/fault_proxy_impl.hpp: FaultProxy::Impl, shared by fault_proxy.cpp (listening, threads, counters)
// and fault_proxy_conn.cpp (one client connection: requests read, decided and acted on).
//
// Thread-safety: counters are atomics; `mu` guards the connection threads and the decision log.
#pragma once

#include <atomic>
#include <list>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "fault_proxy.hpp"
#include "http_framing.hpp"

namespace coach::faults {

struct AtomicCounters {
  std::atomic<std::uint64_t> connections{0}, requests{0}, passed{0}, delayed{0}, dropped{0}, truncatedRequests{0},
      truncatedResponses{0}, resets{0}, duplicates{0}, targetFailures{0}, bytesToTarget{0}, bytesToClient{0};
};

struct FaultProxy::Impl {
  FaultProxyOptions options;
  std::uint16_t targetPort = 0;
  FaultSchedule schedule{0, {}};
  Socket listener;
  std::uint16_t port = 0;
  std::atomic<bool> stopping{false};
  std::thread acceptor;
  AtomicCounters counters;

  struct Conn {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };
  std::mutex mu;
  std::list<Conn> conns;               // guarded by mu
  std::vector<FaultAction> decisions;  // guarded by mu; index = request number

  void acceptLoop();
  void reapFinished();
  // Serves one client connection until it closes, a fault ends it, or the proxy stops (fault_proxy_conn.cpp).
  void serve(Socket client);
  // Takes the next request number and its decision, and logs it.
  FaultDecision decideNext();
};

}  // namespace coach::faults
