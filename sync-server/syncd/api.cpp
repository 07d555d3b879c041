// syncd/api.cpp: Api's installation of routes and handlers, authentication, errors, request logs and the
// operations endpoints (the route handlers: api_routes.cpp). Thread-safety: see api.hpp.
#include "syncd/api.hpp"

#include <httplib.h>

#include <chrono>

#include "sync/messages.hpp"

namespace coach::syncd {

using nlohmann::json;

// What the request log line and the metrics need to know about the request this thread is answering. The
// pre-routing handler starts it, the route fills it in, the logger (called by httplib after the answer is
// written, on the same thread) reads and clears it.
namespace {

struct RequestInfo {
  std::chrono::steady_clock::time_point start;
  std::string route;
  std::string device;
  std::string errorId;
};
thread_local RequestInfo tRequest;

// What a client sent, made safe to quote in a message: printable ASCII only, at most 100 characters.
std::string printable(const std::string& text) {
  std::string out;
  for (char c : text.substr(0, 100)) out.push_back(c >= 0x20 && c < 0x7f ? c : '?');
  return out;
}

}  // namespace

Api::Api(relay::Relay& relay, const Config& config, Logger& log, const WallClock& clock)
    : relay_(relay),
      config_(config),
      log_(log),
      clock_(clock),
      deviceLimiter_(config.limits.deviceRate, config.limits.deviceBurst),
      enrolLimiter_(static_cast<double>(config.limits.enrolFailures) / config.limits.enrolWindowSeconds,
                    static_cast<double>(config.limits.enrolFailures)) {}

void Api::install(httplib::Server& server) {
  const Limits& l = config_.limits;
  server.set_payload_max_length(l.maxBodyBytes);
  server.set_read_timeout(l.readTimeoutSeconds, 0);
  server.set_write_timeout(l.writeTimeoutSeconds, 0);
  server.set_keep_alive_timeout(l.keepAliveSeconds);
  server.set_keep_alive_max_count(1000);
  server.set_tcp_nodelay(true);
  server.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
    tRequest = RequestInfo{std::chrono::steady_clock::now(), {}, {}, {}};
    return httplib::Server::HandlerResponse::Unhandled;
  });
  server.set_error_handler([this](const httplib::Request& req, httplib::Response& res) { onErrorStatus(req, res); });
  server.set_exception_handler([this](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    answerError(res, makeError(ErrorCode::Internal, "the server failed to answer this request; it was logged"));
  });
  server.set_logger([this](const httplib::Request& req, const httplib::Response& res) { onLog(req, res); });

  route(server, "POST", "/v1/push", "/v1/push", &Api::push, true);
  route(server, "POST", "/v1/pull", "/v1/pull", &Api::pull, true);
  route(server, "GET", "/v1/devices", "/v1/devices", &Api::devices, true);
  route(server, "POST", R"(/v1/devices/([0-9a-f]{32})/revoke)", "/v1/devices/{id}/revoke", &Api::revoke, true);
  route(server, "POST", R"(/v1/devices/([0-9a-f]{32})/approve)", "/v1/devices/{id}/approve", &Api::approve, true);
  route(server, "POST", "/v1/devices/agreement-key", "/v1/devices/agreement-key", &Api::agreementKey, true);
  route(server, "GET", "/v1/grants", "/v1/grants", &Api::grants, true);
  route(server, "POST", "/v1/grants", "/v1/grants", &Api::putGrants, true);
  route(server, "POST", "/v1/enrol", "/v1/enrol", &Api::enrol, false);
  route(server, "GET", "/v1/snapshots", "/v1/snapshots", &Api::snapshots, true);
  route(server, "POST", "/v1/snapshots", "/v1/snapshots", &Api::putSnapshot, true);
  route(server, "GET", R"(/v1/snapshots/(team|[0-9a-f]{32}))", "/v1/snapshots/{shard}", &Api::snapshot, true);
  route(server, "POST", "/v1/erasures", "/v1/erasures", &Api::erase, true);
  route(server, "GET", "/v1/erasures", "/v1/erasures", &Api::erasures, true);
  server.Get("/healthz", [this](const httplib::Request& req, httplib::Response& res) {
    tRequest.route = "/healthz";
    health(req, res);
  });
  server.Get("/readyz", [this](const httplib::Request& req, httplib::Response& res) {
    tRequest.route = "/readyz";
    ready(req, res);
  });
  server.Get("/metrics", [this](const httplib::Request& req, httplib::Response& res) {
    tRequest.route = "/metrics";
    metricsPage(req, res);
  });
}

void Api::route(httplib::Server& server, const char* method, const char* pattern, const char* name, Handler handler,
                bool authenticated) {
  auto fn = [this, name, handler, authenticated](const httplib::Request& req, httplib::Response& res) {
    serve(name, handler, authenticated, req, res);
  };
  if (std::string_view(method) == "GET") {
    server.Get(pattern, fn);
  } else {
    server.Post(pattern, fn);
  }
}

void Api::serve(const char* name, Handler handler, bool authenticated, const httplib::Request& req,
                httplib::Response& res) {
  tRequest.route = name;
  Context ctx{req, res, {}, clientAddress(req), std::nullopt};
  Status admitted = authenticated ? admit(ctx) : Status{};
  Result<json> answer = admitted.ok() ? (this->*handler)(ctx) : Result<json>(admitted.error());
  if (!answer.ok()) {
    answerError(res, answer.error());
    return;
  }
  res.status = 200;
  if (ctx.binaryAnswer) {
    res.set_content(std::move(*ctx.binaryAnswer), std::string(sync::kBinaryMediaType));
    return;
  }
  res.set_content(answer.value().dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
}

// Authenticates the bearer token, applies the device's rate limit and checks the request's content type.
Status Api::admit(Context& ctx) {
  const std::string auth = ctx.req.get_header_value("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  const std::string_view token = auth.rfind(kBearer, 0) == 0 ? std::string_view(auth).substr(kBearer.size()) : std::string_view();
  COACH_ASSIGN_OR_RETURN(ctx.caller, relay_.authenticate(token));
  tRequest.device = ctx.caller.device;
  const std::int64_t now = clock_.nowMillis();
  metrics_.deviceSeen(ctx.caller.device, now);
  if (const std::uint32_t wait = deviceLimiter_.take(ctx.caller.team + "/" + ctx.caller.device, now); wait > 0) {
    Error e = makeError(ErrorCode::RateLimited, "this device makes requests faster than the server allows; retry in " +
                                                    std::to_string(wait) + " s");
    e.retryAfterSeconds = wait;
    return e;
  }
  if (ctx.req.method == "POST") {
    const std::string type = ctx.req.get_header_value("Content-Type");
    if (type.rfind("application/json", 0) != 0 && !sync::isBinaryMediaType(type)) {
      return makeError(ErrorCode::InvalidArgument, "requests must have Content-Type: application/json (or, for POST "
                                                   "/v1/push, application/vnd.coach.sync+binary; v=1)");
    }
  }
  return {};
}

void Api::answerError(httplib::Response& res, const Error& error) const {
  tRequest.errorId = std::string(errorInfo(error.code).wireId);
  res.status = errorInfo(error.code).httpStatus;
  if (error.retryAfterSeconds > 0) res.set_header("Retry-After", std::to_string(error.retryAfterSeconds));
  // Messages may quote what a client sent (a path): never let bytes that are not UTF-8 break the answer.
  res.set_content(sync::errorJson(error).dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
}

// The address a request came from: the peer, or, when the peer is a trusted proxy, the nearest address in
// X-Forwarded-For that is not one of the trusted proxies.
std::string Api::clientAddress(const httplib::Request& req) const {
  auto trusted = [&](const std::string& a) {
    return std::find(config_.trustedProxies.begin(), config_.trustedProxies.end(), a) != config_.trustedProxies.end();
  };
  if (!trusted(req.remote_addr) || !req.has_header("X-Forwarded-For")) return req.remote_addr;
  std::string chain = req.get_header_value("X-Forwarded-For");
  while (!chain.empty()) {
    const std::size_t comma = chain.rfind(',');
    std::string hop = comma == std::string::npos ? chain : chain.substr(comma + 1);
    hop.erase(0, hop.find_first_not_of(' '));
    hop.erase(hop.find_last_not_of(' ') + 1);
    if (!hop.empty() && !trusted(hop)) return hop;
    if (comma == std::string::npos) break;
    chain.resize(comma);
  }
  return req.remote_addr;
}

// httplib's own failures (no route, body too large, unreadable request) get the protocol's error body too.
void Api::onErrorStatus(const httplib::Request& req, httplib::Response& res) const {
  if (!res.body.empty()) return;
  switch (res.status) {
    case 404:
      answerError(res, makeError(ErrorCode::NotFound, "no such endpoint: " + printable(req.method) + " " + printable(req.path) +
                                                          " (the API is described in proto/PROTOCOL.md)"));
      break;
    case 413:
      answerError(res, makeError(ErrorCode::PayloadTooLarge, "the request body is larger than the server's limit of " +
                                                                 std::to_string(config_.limits.maxBodyBytes) +
                                                                 " bytes: push fewer envelopes at once"));
      break;
    case 400:
      answerError(res, makeError(ErrorCode::InvalidArgument, "the request is not well-formed HTTP"));
      break;
    default:
      answerError(res, makeError(res.status >= 500 ? ErrorCode::Internal : ErrorCode::InvalidArgument,
                                 "the request failed with HTTP status " + std::to_string(res.status)));
  }
}

void Api::onLog(const httplib::Request& req, const httplib::Response& res) {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - tRequest.start).count();
  const std::string route = tRequest.route.empty() ? (res.status == 404 ? "unknown" : "other") : tRequest.route;
  if (route != "/metrics" && route != "/healthz" && route != "/readyz") metrics_.request(route, res.status, seconds);
  const LogLevel level = res.status >= 500 ? LogLevel::Error : (route == "/healthz" || route == "/metrics" ? LogLevel::Debug : LogLevel::Info);
  if (log_.enabled(level)) {
    json fields{{"method", req.method}, {"route", route}, {"status", res.status}, {"ms", seconds * 1000.0},
                {"remote", clientAddress(req)}};
    if (!tRequest.device.empty()) fields["device"] = tRequest.device;
    if (!tRequest.errorId.empty()) fields["error"] = tRequest.errorId;
    log_.log(level, "request", fields);
  }
  tRequest = RequestInfo{};
}

}  // namespace coach::syncd
