#include "syncd/metrics.hpp"

#include <unistd.h>

#include <fstream>
#include <sstream>

namespace coach::syncd {

void Metrics::request(const std::string& route, int status, double seconds) {
  std::lock_guard lock(mu_);
  ++requests_[{route, status}];
  Histogram& h = latency_[route];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.counts[i];
  }
  ++h.count;
  h.sum += seconds;
}

void Metrics::deviceSeen(const std::string& device, std::int64_t now) {
  std::lock_guard lock(mu_);
  lastSeen_[device] = now;
}

void Metrics::pushed(std::uint64_t envelopes, std::uint64_t bytes) {
  std::lock_guard lock(mu_);
  envelopesPushed_ += envelopes;
  bytesPushed_ += bytes;
}

void Metrics::body(const std::string& route, const char* part, bool binary) {
  const std::string labels =
      "route=\"" + route + "\",part=\"" + part + "\",format=\"" + (binary ? "binary" : "json") + "\"";
  std::lock_guard lock(mu_);
  ++bodies_[labels];
}

std::string Metrics::render(const relay::StorageStats& stats, std::int64_t now) {
  std::ostringstream out;
  std::lock_guard lock(mu_);
  out << "# HELP coach_syncd_requests_total HTTP requests by route and status.\n"
         "# TYPE coach_syncd_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    out << "coach_syncd_requests_total{route=\"" << key.first << "\",status=\"" << key.second << "\"} " << n << "\n";
  }
  out << "# HELP coach_syncd_request_duration_seconds Time to answer a request, by route.\n"
         "# TYPE coach_syncd_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      out << "coach_syncd_request_duration_seconds_bucket{route=\"" << route << "\",le=\"" << kBuckets[i] << "\"} "
          << h.counts[i] << "\n";
    }
    out << "coach_syncd_request_duration_seconds_bucket{route=\"" << route << "\",le=\"+Inf\"} " << h.count << "\n";
    out << "coach_syncd_request_duration_seconds_sum{route=\"" << route << "\"} " << h.sum << "\n";
    out << "coach_syncd_request_duration_seconds_count{route=\"" << route << "\"} " << h.count << "\n";
  }
  out << "# HELP coach_syncd_bodies_total Push, pull and snapshot bodies by route, part (request or answer) and format "
         "(json or binary).\n# TYPE coach_syncd_bodies_total counter\n";
  for (const auto& [labels, n] : bodies_) out << "coach_syncd_bodies_total{" << labels << "} " << n << "\n";
  std::erase_if(lastSeen_, [&](const auto& e) { return now - e.second > 15 * 60 * 1000; });
  out << "# HELP coach_syncd_envelopes_pushed_total Envelopes stored by pushes since start.\n"
         "# TYPE coach_syncd_envelopes_pushed_total counter\n"
      << "coach_syncd_envelopes_pushed_total " << envelopesPushed_ << "\n"
      << "# HELP coach_syncd_bytes_pushed_total Envelope bytes stored by pushes since start.\n"
         "# TYPE coach_syncd_bytes_pushed_total counter\n"
      << "coach_syncd_bytes_pushed_total " << bytesPushed_ << "\n"
      << "# HELP coach_syncd_envelopes_stored Envelopes in the store.\n# TYPE coach_syncd_envelopes_stored gauge\n"
      << "coach_syncd_envelopes_stored " << stats.envelopes << "\n"
      << "# HELP coach_syncd_envelope_bytes_stored Bytes of envelopes in the store.\n"
         "# TYPE coach_syncd_envelope_bytes_stored gauge\n"
      << "coach_syncd_envelope_bytes_stored " << stats.envelopeBytes << "\n"
      << "# HELP coach_syncd_key_records_stored Key records in the store.\n# TYPE coach_syncd_key_records_stored gauge\n"
      << "coach_syncd_key_records_stored " << stats.keyRecords << "\n"
      << "# HELP coach_syncd_erasures Erasure orders carried out.\n# TYPE coach_syncd_erasures gauge\n"
      << "coach_syncd_erasures " << stats.erasures << "\n"
      << "# HELP coach_syncd_tombstones_stored Envelopes of erased shards kept as tombstones (header and hash).\n"
      << "# TYPE coach_syncd_tombstones_stored gauge\n"
      << "coach_syncd_tombstones_stored " << stats.tombstones << "\n"
      << "# HELP coach_syncd_teams Teams.\n# TYPE coach_syncd_teams gauge\n"
      << "coach_syncd_teams " << stats.teams << "\n"
      << "# HELP coach_syncd_devices Registered devices, revoked ones included.\n# TYPE coach_syncd_devices gauge\n"
      << "coach_syncd_devices " << stats.devices << "\n"
      << "# HELP coach_syncd_devices_revoked Revoked devices.\n# TYPE coach_syncd_devices_revoked gauge\n"
      << "coach_syncd_devices_revoked " << stats.revokedDevices << "\n"
      << "# HELP coach_syncd_devices_active Devices that made a request in the last 15 minutes.\n"
         "# TYPE coach_syncd_devices_active gauge\n"
      << "coach_syncd_devices_active " << lastSeen_.size() << "\n"
      << "# HELP process_resident_memory_bytes Resident memory size in bytes.\n"
         "# TYPE process_resident_memory_bytes gauge\n"
      << "process_resident_memory_bytes " << residentBytes() << "\n";
  if (connections_) {
    const ConnectionGauges g = connections_();
    out << "# HELP coach_syncd_connections_open Open client connections (idle kept-alive ones included).\n"
           "# TYPE coach_syncd_connections_open gauge\n"
        << "coach_syncd_connections_open " << g.open << "\n"
        << "# HELP coach_syncd_connections_busy Connections whose request a worker is answering.\n"
           "# TYPE coach_syncd_connections_busy gauge\n"
        << "coach_syncd_connections_busy " << g.busy << "\n"
        << "# HELP coach_syncd_connections_accepted_total Connections accepted since start.\n"
           "# TYPE coach_syncd_connections_accepted_total counter\n"
        << "coach_syncd_connections_accepted_total " << g.accepted << "\n"
        << "# HELP coach_syncd_connections_refused_total Connections refused with 503 (COACH_SYNCD_MAX_CONNECTIONS).\n"
           "# TYPE coach_syncd_connections_refused_total counter\n"
        << "coach_syncd_connections_refused_total " << g.refused << "\n"
        << "# HELP coach_syncd_workers Worker threads that answer requests.\n# TYPE coach_syncd_workers gauge\n"
        << "coach_syncd_workers " << g.workers << "\n";
  }
  if (commits_) {
    const CommitCounters c = commits_();
    out << "# HELP coach_syncd_push_commits_total Commits (fdatasyncs) that stored pushes (group commit).\n"
           "# TYPE coach_syncd_push_commits_total counter\n"
        << "coach_syncd_push_commits_total " << c.batches << "\n"
        << "# HELP coach_syncd_push_commit_pushes_total Pushes those commits held.\n"
           "# TYPE coach_syncd_push_commit_pushes_total counter\n"
        << "coach_syncd_push_commit_pushes_total " << c.pushes << "\n";
  }
  return out.str();
}

std::uint64_t residentBytes() {
  std::ifstream statm("/proc/self/statm");
  std::uint64_t size = 0, resident = 0;
  if (!(statm >> size >> resident)) return 0;
  const long page = ::sysconf(_SC_PAGESIZE);
  return resident * static_cast<std::uint64_t>(page > 0 ? page : 4096);
}

}  // namespace coach::syncd
