// sim_stats.hpp: what coach-devicesim measures: every sync's latency and outcome, and what the server shows
// meanwhile (its resident memory, from /proc when coach-devicesim started it, else from its /metrics; and its
// own time per request from /metrics).
//
// Thread-safety: SyncStats is shared by the device threads (one mutex); a MemorySampler runs one thread of its
// own, started and stopped by one owner.
#pragma once

#include <sys/types.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "coach/result.hpp"
#include "coach/sync.hpp"

namespace coach::devicesim {

struct SyncStats {
  std::mutex mu;
  std::vector<double> latenciesMs;  // successful syncs
  std::uint64_t errors = 0;
  std::uint64_t changesPushed = 0, changesPulled = 0;
  std::vector<std::string> errorSamples;  // the first few, device name and message (no participant data)

  void sync(double ms, const Result<sync::SyncReport>& r, const std::string& device) {
    std::lock_guard lock(mu);
    if (r.ok()) {
      latenciesMs.push_back(ms);
      changesPushed += r->totals.changesPushed;
      changesPulled += r->totals.changesPulled;
    } else {
      failedLocked(device, r.error().message);
    }
  }
  void failed(const std::string& device, const std::string& message) {
    std::lock_guard lock(mu);
    failedLocked(device, message);
  }

 private:
  void failedLocked(const std::string& device, const std::string& message) {
    ++errors;
    if (errorSamples.size() < 5) errorSamples.push_back(device + ": " + message);
  }
};

// The p-th percentile (0..1) by the nearest-rank method; 0 for no values.
inline double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<std::size_t>(p * static_cast<double>(v.size()) + 0.999999);
  return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];
}

// The server's resident memory while the fleet runs: its peak and the last value.
class MemorySampler {
 public:
  // `pid` > 0: /proc/PID/status (VmRSS, and VmHWM at the end); else `metricsUrl`'s process_resident_memory_bytes.
  MemorySampler(pid_t pid, std::string baseUrl);
  ~MemorySampler();
  MemorySampler(const MemorySampler&) = delete;
  MemorySampler& operator=(const MemorySampler&) = delete;
  void start();
  nlohmann::json stop();  // {"source", "peak_bytes", "last_bytes", "peak_mb"}

 private:
  std::uint64_t sample() const;
  pid_t pid_;
  std::string baseUrl_;
  std::atomic<bool> done_{false};
  std::atomic<std::uint64_t> peak_{0}, last_{0};
  std::thread thread_;
};

// The server's own view from its /metrics: requests by status, and mean time per request of push and pull
// (measured by the server after the request was read: the difference to the devices' latency is queueing and
// the network). An empty object when /metrics does not answer.
nlohmann::json serverView(const std::string& baseUrl);

}  // namespace coach::devicesim
