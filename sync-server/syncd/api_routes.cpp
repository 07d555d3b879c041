// syncd/api_routes.cpp: the route handlers of Api (syncd/api.hpp): decode the request, call the relay, encode
// the answer. Thread-safety: see api.hpp.
#include <httplib.h>

#include <algorithm>

#include "sync/messages.hpp"
#include "syncd/api.hpp"

namespace coach::syncd {

using nlohmann::json;

namespace {

// A JSON request body. Only a push may come as a binary body (Api::push reads it itself).
Result<json> parseBody(const httplib::Request& req) {
  if (sync::isBinaryMediaType(req.get_header_value("Content-Type"))) {
    return makeError(ErrorCode::InvalidArgument, "only POST /v1/push takes a binary body; this request takes "
                                                 "Content-Type: application/json");
  }
  json body = json::parse(req.body, nullptr, false);
  if (body.is_discarded()) return makeError(ErrorCode::InvalidArgument, "the request body is not JSON");
  return body;
}

json ok() { return json{{"protocol", sync::kProtocolVersion}}; }

// The `after` of GET /v1/erasures: a decimal number of at most 19 digits (an index, 0 for all).
Result<std::uint64_t> parseCursor(const std::string& text) {
  const bool digits = !text.empty() && text.size() <= 19 &&
                      std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits) {
    return makeError(ErrorCode::InvalidArgument, "the query parameter 'after' must be the index of the last erasure "
                                                 "seen, a whole number from 0 (for example ?after=0)");
  }
  return static_cast<std::uint64_t>(std::stoull(text));
}

}  // namespace

sync::BinaryLimits Api::binaryLimits() const {
  sync::BinaryLimits limits;
  limits.maxBodyBytes = config_.limits.maxBodyBytes;
  limits.maxItems = relay_.limits().maxEnvelopesPerPush;
  limits.maxEnvelopeBytes = relay_.limits().maxEnvelopeBytes;
  return limits;
}

// The request body as its Content-Type says (JSON or binary); the answer as Accept asks (binary when listed).
Result<json> Api::push(Context& ctx) {
  sync::PushRequest request;
  const bool binaryRequest = sync::isBinaryMediaType(ctx.req.get_header_value("Content-Type"));
  metrics_.body("/v1/push", "request", binaryRequest);
  if (binaryRequest) {
    COACH_ASSIGN_OR_RETURN(request, sync::pushRequestFromBinary(ctx.req.body, binaryLimits()));
  } else {
    COACH_ASSIGN_OR_RETURN(json body, parseBody(ctx.req));
    COACH_ASSIGN_OR_RETURN(request, sync::pushRequestFromJson(body));
  }
  std::uint64_t bytes = 0;
  for (const auto& e : request.envelopes) bytes += e.size();
  COACH_ASSIGN_OR_RETURN(sync::PushResponse response, relay_.push(ctx.caller, std::move(request)));
  metrics_.pushed(response.serverSeqs.size(), bytes);
  const bool binaryAnswer = sync::acceptsBinary(ctx.req.get_header_value("Accept"));
  metrics_.body("/v1/push", "answer", binaryAnswer);
  if (binaryAnswer) {
    COACH_ASSIGN_OR_RETURN(ctx.binaryAnswer, sync::toBinary(response));
    return json();
  }
  return sync::toJson(response);
}

Result<json> Api::pull(Context& ctx) {
  COACH_ASSIGN_OR_RETURN(json body, parseBody(ctx.req));
  COACH_ASSIGN_OR_RETURN(sync::PullRequest request, sync::pullRequestFromJson(body));
  COACH_ASSIGN_OR_RETURN(sync::PullResponse response, relay_.pull(ctx.caller, request));
  const bool binaryAnswer = sync::acceptsBinary(ctx.req.get_header_value("Accept"));
  metrics_.body("/v1/pull", "answer", binaryAnswer);
  if (binaryAnswer) {
    COACH_ASSIGN_OR_RETURN(ctx.binaryAnswer, sync::toBinary(response));
    return json();
  }
  return sync::toJson(response);
}

Result<json> Api::devices(Context& ctx) {
  COACH_ASSIGN_OR_RETURN(std::vector<sync::DeviceInfo> list, relay_.devices(ctx.caller));
  return sync::toJson(list);
}

Result<json> Api::revoke(Context& ctx) {
  const std::string device = ctx.req.matches[1];
  COACH_TRY(relay_.revoke(ctx.caller, device));
  log_.info("device_revoked", {{"team", ctx.caller.team}, {"device", device}, {"by", ctx.caller.device}});
  return ok();
}

Result<json> Api::agreementKey(Context& ctx) {
  COACH_ASSIGN_OR_RETURN(json body, parseBody(ctx.req));
  COACH_ASSIGN_OR_RETURN(sync::AgreementKeyChange change, sync::agreementKeyChangeFromJson(body));
  COACH_TRY(relay_.replaceAgreementKey(ctx.caller, change));
  log_.info("agreement_key_replaced", {{"team", ctx.caller.team}, {"device", ctx.caller.device}});
  return ok();
}

Result<json> Api::approve(Context& ctx) {
  const std::string device = ctx.req.matches[1];
  COACH_ASSIGN_OR_RETURN(json body, parseBody(ctx.req));
  COACH_ASSIGN_OR_RETURN(sync::GrantList request, sync::grantsFromJson(body));
  COACH_TRY(relay_.approve(ctx.caller, device, request.grants));
  log_.info("device_approved", {{"team", ctx.caller.team}, {"device", device}, {"by", ctx.caller.device}});
  return ok();
}

Result<json> Api::grants(Context& ctx) {
  COACH_ASSIGN_OR_RETURN(sync::GrantsAnswer answer, relay_.grants(ctx.caller));
  return sync::toJson(answer);
}

Result<json> Api::putGrants(Context& ctx) {
  COACH_ASSIGN_OR_RETURN(json body, parseBody(ctx.req));
  COACH_ASSIGN_OR_RETURN(sync::GrantList request, sync::grantsFromJson(body));
  COACH_TRY(relay_.putGrants(ctx.caller, request.newEpoch, request.grants));
  if (request.newEpoch > 0) {
    log_.info("team_key_epoch", {{"team", ctx.caller.team}, {"epoch", request.newEpoch}, {"by", ctx.caller.device}});
  }
  return ok();
}

Result<json> Api::enrol(Context& ctx) {
  const std::int64_t now = clock_.nowMillis();
  // Guessing codes is bounded per source address: only failed attempts spend from the budget.
  if (const std::uint32_t wait = enrolLimiter_.peek(ctx.address, now); wait > 0) {
    Error e = makeError(ErrorCode::RateLimited, "too many failed enrolment attempts from this address; retry in " +
                                                    std::to_string(wait) + " s with a valid code");
    e.retryAfterSeconds = wait;
    return e;
  }
  const std::string type = ctx.req.get_header_value("Content-Type");
  if (type.rfind("application/json", 0) != 0) {
    return makeError(ErrorCode::InvalidArgument, "requests must have Content-Type: application/json");
  }
  COACH_ASSIGN_OR_RETURN(json body, parseBody(ctx.req));
  COACH_ASSIGN_OR_RETURN(sync::EnrolRequest request, sync::enrolRequestFromJson(body));
  auto response = relay_.enrol(request);
  if (!response.ok()) {
    if (response.error().code == ErrorCode::Unauthorized) (void)enrolLimiter_.take(ctx.address, now);
    return response.error();
  }
  log_.info("device_enrolled", {{"team", response->team}, {"device", response->device}, {"role", response->role}});
  return sync::toJson(response.value());
}

Result<json> Api::snapshots(Context& ctx) {
  // ?shard=S: only that shard's, read alone (a device's every sync asks for the team's; the whole list grows with
  // the team).
  if (ctx.req.has_param("shard")) {
    COACH_ASSIGN_OR_RETURN(sync::SnapshotList list, relay_.snapshotsOf(ctx.caller, ctx.req.get_param_value("shard")));
    return sync::toJson(list);
  }
  COACH_ASSIGN_OR_RETURN(sync::SnapshotList list, relay_.snapshots(ctx.caller));
  return sync::toJson(list);
}

// A snapshot is up to 2 MiB of ciphertext: the binary body when Accept lists it (a joining device fetches one per
// participant), else JSON with the bytes in base64.
Result<json> Api::snapshot(Context& ctx) {
  COACH_ASSIGN_OR_RETURN(sync::Snapshot s, relay_.snapshot(ctx.caller, ctx.req.matches[1]));
  const bool binaryAnswer = sync::acceptsBinary(ctx.req.get_header_value("Accept"));
  metrics_.body("/v1/snapshots/{shard}", "answer", binaryAnswer);
  if (binaryAnswer) {
    COACH_ASSIGN_OR_RETURN(ctx.binaryAnswer, sync::toBinary(s));
    return json();
  }
  return sync::toJson(s);
}

Result<json> Api::putSnapshot(Context& ctx) {
  COACH_ASSIGN_OR_RETURN(json body, parseBody(ctx.req));
  COACH_ASSIGN_OR_RETURN(sync::Snapshot s, sync::snapshotFromJson(body));
  COACH_TRY(relay_.putSnapshot(ctx.caller, s));
  return ok();
}

Result<json> Api::erase(Context& ctx) {
  // An order is 162 bytes (216 in base64): anything much larger is not an erasure request.
  constexpr std::size_t kMaxEraseBody = 4096;
  if (ctx.req.body.size() > kMaxEraseBody) {
    return makeError(ErrorCode::PayloadTooLarge, "an erasure request is at most " + std::to_string(kMaxEraseBody) +
                                                     " bytes: send one order of 162 bytes");
  }
  COACH_ASSIGN_OR_RETURN(json body, parseBody(ctx.req));
  COACH_ASSIGN_OR_RETURN(crypto::Bytes order, sync::erasureRequestFromJson(body));
  COACH_ASSIGN_OR_RETURN(relay::ErasureReceipt receipt, relay_.erase(ctx.caller, order));
  // The audit line: team, ordering device, the erased shard's pseudonymous id and the order's index; nothing else.
  log_.info("shard_erased", {{"team", ctx.caller.team}, {"device", ctx.caller.device}, {"shard", receipt.shard},
                             {"index", receipt.index}});
  return sync::erasureAnswerToJson(receipt.index);
}

Result<json> Api::erasures(Context& ctx) {
  std::uint64_t after = 0;
  if (ctx.req.has_param("after")) {
    const std::string text = ctx.req.get_param_value("after");
    COACH_ASSIGN_OR_RETURN(after, parseCursor(text));
  }
  COACH_ASSIGN_OR_RETURN(std::vector<sync::ErasureEntry> list, relay_.erasures(ctx.caller, after));
  return sync::toJson(list);
}

void Api::health(const httplib::Request&, httplib::Response& res) {
  res.set_content("{\"status\":\"up\"}", "application/json");
}

void Api::ready(const httplib::Request&, httplib::Response& res) {
  Status store = relay_.storage().ready();
  if (stopping_) {
    res.status = 503;
    res.set_content("{\"status\":\"stopping\"}", "application/json");
  } else if (!store.ok()) {
    res.status = 503;
    res.set_content(json{{"status", "store unavailable"}, {"error", errorInfo(store.error().code).wireId}}.dump(),
                    "application/json");
  } else {
    res.set_content("{\"status\":\"ready\"}", "application/json");
  }
}

void Api::metricsPage(const httplib::Request&, httplib::Response& res) {
  const std::int64_t now = clock_.nowMillis();
  relay::StorageStats stats;
  {
    std::lock_guard lock(statsMu_);
    if (now - statsAt_ > 5000) {
      auto fresh = relay_.storage().stats(now);
      if (fresh.ok()) stats_ = fresh.value();
      statsAt_ = now;
    }
    stats = stats_;
  }
  res.set_content(metrics_.render(stats, now), "text/plain; version=0.0.4");
}

}  // namespace coach::syncd
