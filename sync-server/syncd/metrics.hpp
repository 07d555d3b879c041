// syncd/metrics.hpp: the Prometheus text exposition of /metrics: requests by route and status, push and pull
// latency histograms, push and pull bodies by form (JSON or binary), what is stored (envelopes, bytes, devices, devices active in the last 15 minutes), the
// listener's connections (open, being answered, accepted, refused) and the process's resident memory.
//
// Thread-safety: safe from any thread (one mutex; the hot path holds it for a few map updates).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>

#include "relay/storage.hpp"

namespace coach::syncd {

// The listener's connection counts at the moment /metrics is read (syncd/event_server.hpp).
struct ConnectionGauges {
  std::int64_t open = 0;
  std::int64_t busy = 0;
  std::uint64_t accepted = 0;
  std::uint64_t refused = 0;
  int workers = 0;
};

// The SQLite store's group commits at the moment /metrics is read (SqliteStorage::groupCommits).
struct CommitCounters {
  std::uint64_t batches = 0;
  std::uint64_t pushes = 0;
};

class Metrics {
 public:
  // Where the connection gauges come from; without one they are not exposed. Set before serving.
  void setConnectionSource(std::function<ConnectionGauges()> source) { connections_ = std::move(source); }
  // Where the group commit counters come from (the SQLite store); without one they are not exposed.
  void setCommitSource(std::function<CommitCounters()> source) { commits_ = std::move(source); }
  void request(const std::string& route, int status, double seconds);
  void deviceSeen(const std::string& device, std::int64_t nowMillis);
  void pushed(std::uint64_t envelopes, std::uint64_t bytes);
  // A body of push or pull by its form: `part` "request" or "answer", `binary` the binary body (else JSON).
  void body(const std::string& route, const char* part, bool binary);
  // The exposition; `stats` are the storage's counts (read by the caller, cached).
  std::string render(const relay::StorageStats& stats, std::int64_t nowMillis);

 private:
  static constexpr std::array<double, 12> kBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> counts{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  std::mutex mu_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;
  std::map<std::string, Histogram> latency_;  // by route
  std::unordered_map<std::string, std::int64_t> lastSeen_;
  std::uint64_t envelopesPushed_ = 0;
  std::uint64_t bytesPushed_ = 0;
  std::map<std::string, std::uint64_t> bodies_;  // by its labels: route, part, format
  std::function<ConnectionGauges()> connections_;
  std::function<CommitCounters()> commits_;
};

// The resident set size of this process in bytes (/proc/self/statm), 0 when it cannot be read.
std::uint64_t residentBytes();

}  // namespace coach::syncd
