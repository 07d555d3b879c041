// coach/http_transport.hpp: the device's side of the sync protocol over HTTP(S) (proto/PROTOCOL.md, "HTTP
// mapping"; docs/http-transport.md has the TLS policy and why).
//
// Provides HttpTransport, the sync::Transport a device uses to reach its team's sync server, enrolDevice(),
// the one unauthenticated request (a new device registering with an enrolment code), and HttpExchange, the
// seam that carries one HTTP request and its answer as bytes. HttpTransport builds every request (method, path,
// headers, JSON body) and decodes every answer itself; the exchange only moves bytes. The built-in exchange is
// one kept-alive cpp-httplib connection; a host app that brings its own networking (a phone's HTTP stack,
// through the C API in coach/coach.h) supplies another, so every route of the protocol works through both.
//
// What the built-in exchange guarantees (HttpTransport::create(options)):
//   - https verifies the server's certificate chain (against the system CA store, or only against
//     HttpOptions::caFile when given) and that the certificate names the host of the URL (subjectAltName,
//     DNS or IP). TLS 1.2 is the minimum. Plain http is refused unless the host is a loopback address or
//     allowInsecureHttp is set, so a device token never crosses a network in the clear by accident.
//   - Redirects are not followed (they could carry the token elsewhere); answers larger than
//     maxResponseBytes are refused while they arrive.
// A host-supplied exchange (HttpTransport::create(options, exchange)) gets the same address check (plain http
// only to loopback unless allowInsecureHttp) and the same maxResponseBytes limit (on the whole answer, after it
// arrived); certificate verification, redirects and proxies are then the host's HTTP stack's business, and
// docs/capi.md says what a host must do.
//
// With either exchange:
//   - Every failure is a Result: the server's error body mapped to its ErrorCode (expected_sequence and
//     Retry-After included); a network, timeout or TLS failure is ErrorCode::Unavailable with a message in
//     plain words. No message ever contains the device token or a request or answer body.
//   - lastFailure() tells apart a certificate that could not be verified (a configuration problem for the
//     admin, not worth retrying) from a network failure (retry later).
//
// Thread-safety: an HttpTransport may be shared by threads. It keeps one exchange (the built-in one: one
// keep-alive connection to the server); calls are serialised on it by an internal mutex, so concurrent calls
// wait for each other and an HttpExchange is never called by two threads at once. lastFailure() reports the
// call that finished last.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "coach/result.hpp"
#include "coach/sync.hpp"

namespace coach {

struct HttpOptions {
  // "https://sync.example.org", "https://sync.example.org:8443", "http://127.0.0.1:8080": scheme, host and
  // optional port; no user name, path (other than "/"), query or fragment. IPv6 hosts in brackets.
  std::string baseUrl;
  // The device token from enrolment (secret). Sent as "Authorization: Bearer <token>" on every request but
  // the enrolment; never logged or put in a message.
  std::string token;
  // A PEM file of the CA certificates to trust instead of the system store (a team server with its own CA).
  // Empty: the system store (/etc/ssl/certs/ca-certificates.crt, else OpenSSL's default paths).
  std::string caFile;
  // Allows plain http to a host that is not a loopback address (a test network behind its own protection).
  // Never needed for https, and never needed for 127.0.0.0/8, ::1 or localhost.
  bool allowInsecureHttp = false;
  std::chrono::milliseconds connectTimeout{5000};
  // The longest wait for the next bytes of an answer (not for the whole answer).
  std::chrono::milliseconds readTimeout{30000};
  // Answers (after decompression) larger than this are refused with PayloadTooLarge.
  std::size_t maxResponseBytes = std::size_t{64} << 20;
  std::string userAgent = "coach/0.1 (protocol 1)";
  // Binary: push and pull bodies in the binary form (application/vnd.coach.sync+binary; v=1) when the
  // server takes it, JSON with a server that does not (the transport then stays with JSON for pushes).
  // Json: JSON only. A host-supplied exchange always speaks JSON: the C API does not hand over the answer's
  // Content-Type, which tells the two forms apart.
  sync::BodyFormat bodyFormat = sync::BodyFormat::Binary;
};

// What went wrong in the last call of an HttpTransport (its Error says it in words).
enum class HttpFailure {
  None,            // the call succeeded
  InvalidRequest,  // refused on the device before anything was sent (e.g. a malformed shard id)
  Unreachable,     // no connection: refused, no route, name not found, reset, TLS handshake failed
  Timeout,         // connecting or waiting for the answer took too long
  Certificate,     // the server's certificate could not be verified (wrong CA or name): ask the admin
  AnswerTooLarge,  // the answer was over maxResponseBytes
  ErrorAnswer,     // the server answered with a protocol error (its id is the Error's code)
  BadAnswer,       // the server answered 200 with something that is not the expected message
};

enum class HttpMethod { Get, Post };

// Whether a request carries the device token ("Authorization: Bearer <token>"); only enrolment does not.
enum class HttpCredentials { BearerToken, None };

struct HttpHeader {
  std::string name;
  std::string value;
};

// One request as HttpTransport built it. The bytes to send are method, path (or url), headers and body.
struct HttpRequest {
  HttpMethod method = HttpMethod::Get;
  std::string path;  // starting with "/v1/"
  std::string body;  // JSON (or, built-in exchange only, a binary push body), sent for POST (empty for GET)
  HttpCredentials credentials = HttpCredentials::BearerToken;
  // The end of an Unavailable message: what happens now ("your changes are safe ...").
  std::string_view whatNext;
  // The server's address and the path: "https://sync.example.org:443/v1/push".
  std::string url;
  // Every header to send, in order: Accept, User-Agent, Authorization (when credentials say so and a token
  // is set; secret: never log it), Content-Type for POST. Content-Length and Host are the exchange's to add.
  // The built-in exchange sends exactly these.
  std::vector<HttpHeader> headers;
};

// The answer, whatever its status: the exchange does not interpret it (HttpTransport does).
struct HttpAnswer {
  int status = 0;
  std::string body;
  std::string retryAfter;  // the Retry-After header, "" when absent
  // The Content-Type header, "" when absent or not reported (a host exchange): the body is then read as JSON.
  std::string contentType;
};

// Carries one request to the server and brings back its answer. Implemented by the built-in cpp-httplib
// connection and by hosts that bring their own networking.
//
// exchange() returns the answer whatever its HTTP status (a 4xx or 5xx answer is an answer, not a failure).
// When no answer arrived it returns an Error (Unavailable for network, timeout, TLS and certificate failures;
// PayloadTooLarge when the answer was over the limit) in plain words, without the token or any body, and sets
// `failure` to its kind; on an answer it sets `failure` to HttpFailure::None.
//
// Thread-safety: HttpTransport calls one exchange from one thread at a time (under its mutex); an exchange
// need not be thread-safe, but may be called from different threads over its life.
class HttpExchange {
 public:
  virtual ~HttpExchange() = default;
  virtual Result<HttpAnswer> exchange(const HttpRequest& request, HttpFailure& failure) = 0;
};

class HttpTransport final : public sync::Transport {
 public:
  // Checks the options and prepares the connection; connects only at the first call. InvalidArgument (with
  // why, and which option overrides where one does) for a URL that is not scheme://host[:port][/], plain http
  // to a non-loopback host without allowInsecureHttp, a caFile that cannot be read or holds no certificate,
  // or a token or user agent that cannot be sent in a header.
  static Result<std::unique_ptr<HttpTransport>> create(HttpOptions options);
  // The same over a host-supplied exchange instead of the built-in connection. The options are checked as
  // above except caFile, connectTimeout and readTimeout (the host's stack has its own); baseUrl still names
  // the server (it goes into HttpRequest::url and into messages). InvalidArgument for a null exchange.
  static Result<std::unique_ptr<HttpTransport>> create(HttpOptions options, std::unique_ptr<HttpExchange> exchange);
  ~HttpTransport() override;
  HttpTransport(const HttpTransport&) = delete;
  HttpTransport& operator=(const HttpTransport&) = delete;

  // POST /v1/push, POST /v1/pull, GET /v1/devices, GET /v1/snapshots, GET /v1/snapshots/{shard},
  // POST /v1/snapshots: each decoded with the codecs of sync/messages, errors as described above. Push and
  // pull use the binary body as HttpOptions::bodyFormat says; an answer is read as its Content-Type says.
  Result<sync::PushResponse> push(const sync::PushRequest& request) override;
  Result<sync::PullResponse> pull(const sync::PullRequest& request) override;
  Result<std::vector<sync::DeviceInfo>> devices() override;
  Result<sync::SnapshotList> snapshots() override;
  // GET /v1/snapshots?shard=...; InvalidArgument without any traffic unless `shard` is "team" or a 32-hex id.
  Result<sync::SnapshotList> snapshotsOf(const std::string& shard) override;
  // InvalidArgument without any traffic unless `shard` is "team" or a 32-hex-character id.
  Result<sync::Snapshot> snapshot(const std::string& shard) override;
  Status putSnapshot(const sync::Snapshot& snapshot) override;
  // GET /v1/grants, POST /v1/devices/{id}/approve, POST /v1/grants, POST /v1/devices/{id}/revoke
  // (docs/keys.md); InvalidArgument without any traffic for a device id that is not 32 hex characters.
  Result<sync::GrantsAnswer> grants() override;
  Status approve(const std::string& device, const std::vector<sync::Grant>& grants) override;
  Status putGrants(std::uint32_t newEpoch, const std::vector<sync::Grant>& grants) override;
  Status revoke(const std::string& device) override;
  // POST /v1/devices/agreement-key
  Status replaceAgreementKey(const sync::AgreementKeyChange& change) override;
  // POST /v1/erasures, GET /v1/erasures?after=N
  Result<std::uint64_t> erase(const crypto::Bytes& order) override;
  Result<std::vector<sync::ErasureEntry>> erasures(std::uint64_t after) override;

  // POST /v1/enrol, without Authorization (whatever the token option holds).
  Result<sync::EnrolResponse> enrol(const sync::EnrolRequest& request);

  HttpFailure lastFailure() const;
  bool lastFailureWasCertificate() const { return lastFailure() == HttpFailure::Certificate; }
  // False after a certificate failure: SyncClient then ends the sync at once instead of retrying.
  bool lastFailureRetryable() const override { return !lastFailureWasCertificate(); }

  // "https://host:port", the server as messages name it.
  const std::string& serverName() const;

 private:
  struct Impl;
  explicit HttpTransport(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Registers a new device with an enrolment code: HttpTransport::create(server) then enrol(request). Callers
// that must tell a certificate failure apart use those two directly and ask lastFailure().
Result<sync::EnrolResponse> enrolDevice(const HttpOptions& server, const sync::EnrolRequest& request);

}  // namespace coach
