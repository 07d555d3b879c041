// sync/http_transport.cpp: HttpTransport, the protocol's HTTP mapping (proto/PROTOCOL.md, "HTTP mapping") over
// one HttpExchange (the built-in Connection of sync/http_client.hpp, or a host's): builds each request (path,
// headers, body encoded with the codecs of sync/messages), decodes the answer, and maps an error answer to its
// Error (expected_sequence, Retry-After).
//
// Thread-safety: see coach/http_transport.hpp; `mu` serialises the calls on the one exchange.
#include "coach/http_transport.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <mutex>

#include "sync/envelope.hpp"
#include "sync/http_client.hpp"
#include "sync/messages.hpp"
#include "sync/messages_binary.hpp"

namespace coach {
namespace {

using nlohmann::json;

constexpr std::string_view kAfterSync = "your changes are safe on this device and will be sent at the next sync";
constexpr std::string_view kAfterEnrol = "check the address and the connection, then enrol again";
// A server asking for more than a day is capped: the client still comes back tomorrow.
constexpr std::uint32_t kMaxRetryAfterSeconds = 86400;

// Header values must be visible ASCII (and the token has no spaces): anything else could split a header.
bool headerSafe(std::string_view value, bool spaceAllowed) {
  return std::all_of(value.begin(), value.end(),
                     [spaceAllowed](char c) { return (c > ' ' && c < 0x7f) || (spaceAllowed && c == ' '); });
}

// Retry-After as delta-seconds (RFC 9110); an HTTP date or anything else counts as absent.
std::uint32_t retryAfterSeconds(const std::string& text) {
  std::uint64_t seconds = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) return 0;
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(seconds, kMaxRetryAfterSeconds));
}

// The answer of POST /v1/snapshots: {"protocol": 1}.
Status protocolOnly(const json& j) {
  auto it = j.is_object() ? j.find("protocol") : j.end();
  if (!j.is_object() || it == j.end() || !it->is_number_unsigned()) {
    return makeError(ErrorCode::InvalidArgument, "the message is invalid: \"protocol\" is missing");
  }
  if (it->get<std::uint64_t>() != sync::kProtocolVersion) {
    return makeError(ErrorCode::ProtocolUnsupported,
                     "the message uses protocol " + it->dump() + "; this version speaks " +
                         std::to_string(sync::kProtocolVersion) + ": update the app or the server");
  }
  return {};
}

std::string wireText(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

struct HttpTransport::Impl {
  HttpOptions options;
  sync::http::Endpoint endpoint;
  bool hostExchange = false;               // the answer size is checked here, not while it arrives
  std::mutex mu;                           // serialises calls on `exchange`
  std::unique_ptr<HttpExchange> exchange;  // guarded by mu
  std::atomic<HttpFailure> last{HttpFailure::None};
  // Whether pushes go in the binary body: until a server refuses one (it does not take binary bodies).
  std::atomic<bool> binaryPush{false};

  bool binary() const { return options.bodyFormat == sync::BodyFormat::Binary && !hostExchange; }

  // The checks both kinds of exchange share: header-safe token and user agent, a sane limit, the address.
  static Result<std::unique_ptr<Impl>> checked(const HttpOptions& options) {
    if (!headerSafe(options.token, false)) {
      return makeError(
          ErrorCode::InvalidArgument,
          "the device token holds characters that cannot be sent (spaces, line breaks or non-ASCII): enrol the "
          "device again");
    }
    if (!headerSafe(options.userAgent, true)) {
      return makeError(ErrorCode::InvalidArgument, "the user agent must be printable ASCII on one line");
    }
    if (options.maxResponseBytes == 0)
      return makeError(ErrorCode::InvalidArgument, "maxResponseBytes must be at least 1");
    auto impl = std::make_unique<Impl>();
    COACH_ASSIGN_OR_RETURN(impl->endpoint, sync::http::parseBaseUrl(options.baseUrl, options.allowInsecureHttp));
    return impl;
  }

  Result<HttpAnswer> send(const HttpRequest& request, HttpFailure& failure) {
    auto answer = [&] {
      std::lock_guard lock(mu);
      return exchange->exchange(request, failure);
    }();
    if (answer.ok() && hostExchange && answer->body.size() > options.maxResponseBytes) {
      failure = HttpFailure::AnswerTooLarge;
      return makeError(ErrorCode::PayloadTooLarge,
                       "the answer of the sync server at " + endpoint.name + " is larger than this device accepts (" +
                           std::to_string(options.maxResponseBytes) +
                           " bytes), so it was dropped: ask your admin to check the server");
    }
    return answer;
  }

  // Sends one request and decodes a 200 answer with `decode` (json -> Result<T>), or with `decodeBinary`
  // (std::string_view -> Result<T>) when its Content-Type is the binary body's. Error answers are JSON.
  template <class T, class Decode, class DecodeBinary>
  Result<T> call(const HttpRequest& request, Decode decode, DecodeBinary decodeBinary) {
    HttpFailure failure = HttpFailure::None;
    auto answer = send(request, failure);
    if (!answer.ok()) {
      last = failure;
      return std::move(answer).error();
    }
    if (answer->status == 200 && sync::isBinaryMediaType(answer->contentType)) {
      Result<T> decoded = decodeBinary(std::string_view(answer->body));
      last = decoded.ok() ? HttpFailure::None : HttpFailure::BadAnswer;
      return decoded;
    }
    const json body = json::parse(answer->body, nullptr, /*allow_exceptions=*/false);
    if (answer->status != 200) {
      last = HttpFailure::ErrorAnswer;
      Error error = sync::errorFromJson(body, answer->status);  // Internal when the body is not a protocol error
      if (answer->status == 429 || answer->status == 503)
        error.retryAfterSeconds = retryAfterSeconds(answer->retryAfter);
      return error;
    }
    if (body.is_discarded()) {
      last = HttpFailure::BadAnswer;
      return makeError(ErrorCode::Internal,
                       "the sync server at " + endpoint.name +
                           " answered with something that is not a protocol message (is a proxy or "
                           "a Wi-Fi login page in between?); try again later");
    }
    Result<T> decoded = decode(body);
    last = decoded.ok() ? HttpFailure::None : HttpFailure::BadAnswer;
    return decoded;
  }
  // The same for a request that did not ask for a binary answer: one is not the expected message.
  template <class T, class Decode>
  Result<T> call(const HttpRequest& request, Decode decode) {
    return call<T>(request, decode, [this](std::string_view) -> Result<T> {
      return makeError(ErrorCode::Internal, "the sync server at " + endpoint.name +
                                                " answered in a binary form this request did not ask for; report this");
    });
  }

  // The request with its URL and every header (the built-in Connection sets the same ones itself).
  // `accept` and `contentType` are media types (sync/messages_binary.hpp).
  HttpRequest request(HttpMethod method, std::string path, std::string body, std::string_view whatNext,
                      HttpCredentials credentials, std::string_view accept = sync::kJsonMediaType,
                      std::string_view contentType = sync::kJsonMediaType) const {
    HttpRequest r{method, std::move(path), std::move(body), credentials, whatNext, {}, {}};
    r.url = endpoint.name + r.path;
    r.headers.push_back({"Accept", std::string(accept)});
    r.headers.push_back({"User-Agent", options.userAgent});
    if (credentials == HttpCredentials::BearerToken && !options.token.empty())
      r.headers.push_back({"Authorization", "Bearer " + options.token});
    if (method == HttpMethod::Post) r.headers.push_back({"Content-Type", std::string(contentType)});
    return r;
  }
  // What a push, a pull or a snapshot asks for: the binary answer first, JSON from a server that has none.
  std::string acceptForSync() const {
    return binary() ? std::string(sync::kBinaryMediaType) + ", " + std::string(sync::kJsonMediaType)
                    : std::string(sync::kJsonMediaType);
  }
  HttpRequest post(std::string path, const json& body, std::string_view whatNext = kAfterSync,
                   HttpCredentials credentials = HttpCredentials::BearerToken) const {
    return request(HttpMethod::Post, std::move(path), wireText(body), whatNext, credentials);
  }
  HttpRequest get(std::string path) const {
    return request(HttpMethod::Get, std::move(path), {}, kAfterSync, HttpCredentials::BearerToken);
  }
};

HttpTransport::HttpTransport(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpTransport::~HttpTransport() = default;

Result<std::unique_ptr<HttpTransport>> HttpTransport::create(HttpOptions options) {
  COACH_ASSIGN_OR_RETURN(std::unique_ptr<Impl> impl, Impl::checked(options));
  COACH_ASSIGN_OR_RETURN(impl->exchange, sync::http::Connection::open(impl->endpoint, options));
  impl->options = std::move(options);
  impl->binaryPush = impl->binary();
  return std::unique_ptr<HttpTransport>(new HttpTransport(std::move(impl)));
}

Result<std::unique_ptr<HttpTransport>> HttpTransport::create(HttpOptions options,
                                                             std::unique_ptr<HttpExchange> exchange) {
  if (!exchange) return makeError(ErrorCode::InvalidArgument, "a host transport needs an exchange (it was null)");
  COACH_ASSIGN_OR_RETURN(std::unique_ptr<Impl> impl, Impl::checked(options));
  impl->exchange = std::move(exchange);
  impl->hostExchange = true;
  impl->options = std::move(options);
  impl->binaryPush = impl->binary();
  return std::unique_ptr<HttpTransport>(new HttpTransport(std::move(impl)));
}

Result<sync::PushResponse> HttpTransport::push(const sync::PushRequest& request) {
  const auto decode = [](const json& j) { return sync::pushResponseFromJson(j); };
  sync::BinaryLimits limits;
  limits.maxBodyBytes = impl_->options.maxResponseBytes;
  limits.maxItems = request.envelopes.size();  // a server sequence per envelope stored, at most
  const auto decodeBinary = [limits](std::string_view b) { return sync::pushResponseFromBinary(b, limits); };
  if (impl_->binaryPush) {
    Result<std::string> body = sync::toBinary(request);
    if (!body.ok()) {
      impl_->last = HttpFailure::InvalidRequest;
      return std::move(body).error();
    }
    HttpRequest r = impl_->request(HttpMethod::Post, "/v1/push", std::move(body).value(), kAfterSync,
                                   HttpCredentials::BearerToken, impl_->acceptForSync(), sync::kBinaryMediaType);
    auto answer = impl_->call<sync::PushResponse>(r, decode, decodeBinary);
    if (answer.ok() || answer.error().code != ErrorCode::InvalidArgument || impl_->last != HttpFailure::ErrorAnswer)
      return answer;
    // A server that does not take binary bodies refuses the Content-Type (invalid_argument, as it would a body it
    // cannot read): this push goes again as JSON, and so do the later ones. A push is idempotent, so sending it
    // twice is safe; a push the server refuses for another reason is refused again, in JSON.
    impl_->binaryPush = false;
  }
  return impl_->call<sync::PushResponse>(
      impl_->request(HttpMethod::Post, "/v1/push", wireText(sync::toJson(request)), kAfterSync,
                     HttpCredentials::BearerToken, impl_->acceptForSync()),
      decode, decodeBinary);
}

Result<sync::PullResponse> HttpTransport::pull(const sync::PullRequest& request) {
  sync::BinaryLimits limits;
  limits.maxBodyBytes = impl_->options.maxResponseBytes;
  limits.maxItems = request.limit;  // a page holds at most what was asked for
  return impl_->call<sync::PullResponse>(
      impl_->request(HttpMethod::Post, "/v1/pull", wireText(sync::toJson(request)), kAfterSync,
                     HttpCredentials::BearerToken, impl_->acceptForSync()),
      [](const json& j) { return sync::pullResponseFromJson(j); },
      [limits](std::string_view b) { return sync::pullResponseFromBinary(b, limits); });
}

Result<std::vector<sync::DeviceInfo>> HttpTransport::devices() {
  return impl_->call<std::vector<sync::DeviceInfo>>(impl_->get("/v1/devices"),
                                                    [](const json& j) { return sync::devicesFromJson(j); });
}

Result<sync::SnapshotList> HttpTransport::snapshots() {
  return impl_->call<sync::SnapshotList>(impl_->get("/v1/snapshots"),
                                         [](const json& j) { return sync::snapshotListFromJson(j); });
}

Result<sync::SnapshotList> HttpTransport::snapshotsOf(const std::string& shard) {
  if (!sync::shardFromText(shard).ok()) {  // it goes into the query: only "team" or 32 hex characters
    impl_->last = HttpFailure::InvalidRequest;
    return makeError(ErrorCode::InvalidArgument, "snapshots are listed by shard: \"team\" or a 32-character id");
  }
  return impl_->call<sync::SnapshotList>(impl_->get("/v1/snapshots?shard=" + shard),
                                         [](const json& j) { return sync::snapshotListFromJson(j); });
}

Result<sync::Snapshot> HttpTransport::snapshot(const std::string& shard) {
  // The shard goes into the path: only "team" or 32 hex characters, never anything a path could hide in.
  if (!sync::shardFromText(shard).ok()) {
    impl_->last = HttpFailure::InvalidRequest;
    return makeError(ErrorCode::InvalidArgument, "a snapshot is asked for by its shard: \"team\" or a 32-character id");
  }
  sync::BinaryLimits limits;
  limits.maxBodyBytes = impl_->options.maxResponseBytes;
  return impl_->call<sync::Snapshot>(
      impl_->request(HttpMethod::Get, "/v1/snapshots/" + shard, {}, kAfterSync, HttpCredentials::BearerToken,
                     impl_->acceptForSync()),
      [](const json& j) { return sync::snapshotFromJson(j); },
      [limits](std::string_view b) { return sync::snapshotFromBinary(b, limits); });
}

Status HttpTransport::putSnapshot(const sync::Snapshot& snapshot) {
  auto result =
      impl_->call<bool>(impl_->post("/v1/snapshots", sync::toJson(snapshot)), [](const json& j) -> Result<bool> {
        COACH_TRY(protocolOnly(j));
        return true;
      });
  if (!result.ok()) return std::move(result).error();
  return {};
}

namespace {
Status okOnly(Result<bool> result) {
  if (!result.ok()) return std::move(result).error();
  return {};
}
}  // namespace

Result<sync::GrantsAnswer> HttpTransport::grants() {
  return impl_->call<sync::GrantsAnswer>(impl_->get("/v1/grants"), [](const json& j) -> Result<sync::GrantsAnswer> {
    COACH_ASSIGN_OR_RETURN(sync::GrantList list, sync::grantsFromJson(j));
    return sync::GrantsAnswer{std::move(list.grants), list.newestEpoch, list.rotationNeeded};
  });
}

Status HttpTransport::approve(const std::string& device, const std::vector<sync::Grant>& grants) {
  if (!sync::idFromText(device).ok()) {
    impl_->last = HttpFailure::InvalidRequest;
    return makeError(ErrorCode::InvalidArgument, "a device is named by its 32-character id");
  }
  return okOnly(impl_->call<bool>(impl_->post("/v1/devices/" + device + "/approve", sync::toJson(grants)),
                                  [](const json& j) -> Result<bool> {
                                    COACH_TRY(protocolOnly(j));
                                    return true;
                                  }));
}

Status HttpTransport::putGrants(std::uint32_t newEpoch, const std::vector<sync::Grant>& grants) {
  return okOnly(impl_->call<bool>(impl_->post("/v1/grants", sync::toJson(grants, newEpoch)), [](const json& j) -> Result<bool> {
    COACH_TRY(protocolOnly(j));
    return true;
  }));
}

Status HttpTransport::revoke(const std::string& device) {
  if (!sync::idFromText(device).ok()) {
    impl_->last = HttpFailure::InvalidRequest;
    return makeError(ErrorCode::InvalidArgument, "a device is named by its 32-character id");
  }
  return okOnly(impl_->call<bool>(impl_->post("/v1/devices/" + device + "/revoke", json::object({{"protocol", sync::kProtocolVersion}})),
                                  [](const json& j) -> Result<bool> {
                                    COACH_TRY(protocolOnly(j));
                                    return true;
                                  }));
}

Status HttpTransport::replaceAgreementKey(const sync::AgreementKeyChange& change) {
  return okOnly(impl_->call<bool>(impl_->post("/v1/devices/agreement-key", sync::toJson(change)),
                                  [](const json& j) -> Result<bool> {
                                    COACH_TRY(protocolOnly(j));
                                    return true;
                                  }));
}

Result<std::uint64_t> HttpTransport::erase(const crypto::Bytes& order) {
  return impl_->call<std::uint64_t>(impl_->post("/v1/erasures", sync::erasureRequestToJson(order)),
                                    [](const json& j) { return sync::erasureAnswerFromJson(j); });
}

Result<std::vector<sync::ErasureEntry>> HttpTransport::erasures(std::uint64_t after) {
  return impl_->call<std::vector<sync::ErasureEntry>>(impl_->get("/v1/erasures?after=" + std::to_string(after)),
                                                      [](const json& j) { return sync::erasuresFromJson(j); });
}

Result<sync::EnrolResponse> HttpTransport::enrol(const sync::EnrolRequest& request) {
  return impl_->call<sync::EnrolResponse>(
      impl_->post("/v1/enrol", sync::toJson(request), kAfterEnrol, HttpCredentials::None),
      [](const json& j) { return sync::enrolResponseFromJson(j); });
}

HttpFailure HttpTransport::lastFailure() const {
  return impl_->last.load();
}

const std::string& HttpTransport::serverName() const {
  return impl_->endpoint.name;
}

Result<sync::EnrolResponse> enrolDevice(const HttpOptions& server, const sync::EnrolRequest& request) {
  COACH_ASSIGN_OR_RETURN(std::unique_ptr<HttpTransport> transport, HttpTransport::create(server));
  return transport->enrol(request);
}

}  // namespace coach
