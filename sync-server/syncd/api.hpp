// syncd/api.hpp: the HTTP API of proto/PROTOCOL.md on a cpp-httplib server: routes, bearer-token
// authentication, per-device rate limits, enrolment-attempt limits per source address, the JSON error body on
// every failure (httplib's own 404/413/400 included), request logs and metrics, and the operations endpoints
// (/healthz, /readyz, /metrics).
//
// Api only installs handlers on a server it is given, so the same code serves sockets in coach-syncd and a fake
// stream in the fuzz target (tests/fuzz/fuzz_syncd_handlers.cpp).
//
// Thread-safety: handlers run on many worker threads at once; everything they share is thread-safe.
#pragma once

#include <atomic>
#include <mutex>
#include <optional>

#include "coach/clock.hpp"
#include "relay/relay.hpp"
#include "sync/messages_binary.hpp"
#include "syncd/config.hpp"
#include "syncd/log.hpp"
#include "syncd/metrics.hpp"
#include "syncd/rate_limit.hpp"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace coach::syncd {

class Api {
 public:
  Api(relay::Relay& relay, const Config& config, Logger& log, const WallClock& clock);
  // Installs every route and the error, exception and logging handlers, and the configured limits (the worker
  // threads are the listener's business: syncd/server.cpp).
  void install(httplib::Server& server);
  // From now on /readyz answers 503 (the server is stopping).
  void stopping() { stopping_ = true; }
  Metrics& metrics() { return metrics_; }

 private:
  struct Context {
    const httplib::Request& req;
    httplib::Response& res;
    relay::Caller caller;
    std::string address;
    // Set by a handler that answers in the binary body (push and pull, when the client accepts it): the
    // answer instead of the handler's JSON.
    std::optional<std::string> binaryAnswer;
  };
  using Handler = Result<nlohmann::json> (Api::*)(Context&);
  void route(httplib::Server& server, const char* method, const char* pattern, const char* name, Handler handler,
             bool authenticated);
  void serve(const char* name, Handler handler, bool authenticated, const httplib::Request& req, httplib::Response& res);
  Status admit(Context& ctx);
  void answerError(httplib::Response& res, const Error& error) const;
  std::string clientAddress(const httplib::Request& req) const;
  void onErrorStatus(const httplib::Request& req, httplib::Response& res) const;
  void onLog(const httplib::Request& req, const httplib::Response& res);

  // The binary body's limits (sync/messages_binary.hpp) as this server's configuration sets them.
  sync::BinaryLimits binaryLimits() const;
  Result<nlohmann::json> push(Context& ctx);
  Result<nlohmann::json> pull(Context& ctx);
  Result<nlohmann::json> devices(Context& ctx);
  Result<nlohmann::json> revoke(Context& ctx);
  // POST /v1/devices/agreement-key: the calling device replaces its X25519 key (after an epoch compaction).
  Result<nlohmann::json> agreementKey(Context& ctx);
  // The device lifecycle (docs/keys.md): approval of a pending device, and the team key grants.
  Result<nlohmann::json> approve(Context& ctx);
  Result<nlohmann::json> grants(Context& ctx);
  Result<nlohmann::json> putGrants(Context& ctx);
  Result<nlohmann::json> enrol(Context& ctx);
  Result<nlohmann::json> snapshots(Context& ctx);
  Result<nlohmann::json> snapshot(Context& ctx);
  Result<nlohmann::json> putSnapshot(Context& ctx);
  // Erasure (proto/PROTOCOL.md, "Erasure"): POST /v1/erasures (a team lead's order), GET /v1/erasures?after=N.
  Result<nlohmann::json> erase(Context& ctx);
  Result<nlohmann::json> erasures(Context& ctx);
  void health(const httplib::Request& req, httplib::Response& res);
  void ready(const httplib::Request& req, httplib::Response& res);
  void metricsPage(const httplib::Request& req, httplib::Response& res);

  relay::Relay& relay_;
  const Config& config_;
  Logger& log_;
  const WallClock& clock_;
  Metrics metrics_;
  RateLimiter deviceLimiter_;
  RateLimiter enrolLimiter_;
  std::atomic<bool> stopping_{false};
  std::mutex statsMu_;
  relay::StorageStats stats_;
  std::int64_t statsAt_ = 0;
};

}  // namespace coach::syncd
