// sim_stats.cpp: see sim_stats.hpp.
#include "sim_stats.hpp"

#include <chrono>
#include <fstream>
#include <sstream>

#include <httplib.h>

namespace coach::devicesim {
namespace {

std::uint64_t procStatusBytes(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(field + ":", 0) == 0) return std::strtoull(line.c_str() + field.size() + 1, nullptr, 10) * 1024;
  }
  return 0;
}

// The lines of the server's /metrics, or "" when it does not answer.
std::string metricsText(const std::string& baseUrl) {
  httplib::Client client(baseUrl);
  client.set_connection_timeout(2, 0);
  client.set_read_timeout(5, 0);
  client.enable_server_certificate_verification(false);  // read-only counters; no token is sent
  auto res = client.Get("/metrics");
  return res && res->status == 200 ? res->body : std::string();
}

std::string label(const std::string& labels, const std::string& key) {
  std::size_t p = labels.find(key + "=\"");
  if (p == std::string::npos) return {};
  p += key.size() + 2;
  return labels.substr(p, labels.find('"', p) - p);
}

}  // namespace

MemorySampler::MemorySampler(pid_t pid, std::string baseUrl) : pid_(pid), baseUrl_(std::move(baseUrl)) {}

MemorySampler::~MemorySampler() {
  done_ = true;
  if (thread_.joinable()) thread_.join();
}

std::uint64_t MemorySampler::sample() const {
  if (pid_ > 0) return procStatusBytes(pid_, "VmRSS");
  std::istringstream in(metricsText(baseUrl_));
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("process_resident_memory_bytes ", 0) == 0) return std::strtoull(line.c_str() + 30, nullptr, 10);
  }
  return 0;
}

void MemorySampler::start() {
  thread_ = std::thread([this] {
    // /proc is cheap to read often; /metrics is a request to the server under test, so it is asked less often.
    const auto every = std::chrono::milliseconds(pid_ > 0 ? 20 : 250);
    while (!done_) {
      const std::uint64_t now = sample();
      last_ = now;
      if (now > peak_) peak_ = now;
      std::this_thread::sleep_for(every);
    }
  });
}

nlohmann::json MemorySampler::stop() {
  done_ = true;
  if (thread_.joinable()) thread_.join();
  std::uint64_t peak = peak_;
  // The kernel's own high-water mark catches a peak between two samples (it covers the server's whole life).
  if (pid_ > 0) peak = std::max(peak, procStatusBytes(pid_, "VmHWM"));
  return {{"source", pid_ > 0 ? "/proc (VmRSS sampled every 20 ms, VmHWM)" : "/metrics process_resident_memory_bytes"},
          {"peak_bytes", peak},
          {"last_bytes", last_.load()},
          {"peak_mb", static_cast<double>(peak) / (1024.0 * 1024.0)}};
}

nlohmann::json serverView(const std::string& baseUrl) {
  std::istringstream in(metricsText(baseUrl));
  std::map<std::string, double> sum, count, statuses;
  nlohmann::json view = nlohmann::json::object();
  for (std::string line; std::getline(in, line);) {
    // The last brace closes the labels: a route label such as "/v1/devices/{id}/approve" holds braces too.
    const std::size_t open = line.find('{'), close = line.rfind('}');
    if (line.empty() || line[0] == '#') continue;
    if (open == std::string::npos || close == std::string::npos) {
      const std::size_t space = line.find(' ');
      if (line.rfind("coach_syncd_connections", 0) == 0 || line.rfind("coach_syncd_workers", 0) == 0 ||
          line.rfind("coach_syncd_push_commit", 0) == 0) {
        view[line.substr(0, space)] = std::stod(line.substr(space + 1));
      }
      continue;
    }
    const std::string name = line.substr(0, open), labels = line.substr(open + 1, close - open - 1);
    const double value = std::stod(line.substr(close + 1));
    if (name == "coach_syncd_requests_total") statuses[label(labels, "status")] += value;
    if (name == "coach_syncd_request_duration_seconds_sum") sum[label(labels, "route")] = value;
    if (name == "coach_syncd_request_duration_seconds_count") count[label(labels, "route")] = value;
  }
  for (const auto& [route, n] : count) {
    if (n > 0) view["server_ms_mean"][route] = 1000 * sum[route] / n;
  }
  for (const auto& [status, n] : statuses) view["answers_by_status"][status] = n;
  return view;
}

}  // namespace coach::devicesim
