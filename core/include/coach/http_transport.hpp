// coach/http_transport.hpp: the device's side of the sync protocol over HTTP(S) (proto/PROTOCOL.md, "HTTP
// mapping"; docs/http-transport.md has the TLS policy and why).
//
// Provides HttpTransport, the sync::Transport a device uses to reach its team's sync server, and enrolDevice(),
// the one unauthenticated request (a new device registering with an enrolment code).
//
// What it guarantees:
//   - https verifies the server's certificate chain (against the system CA store, or only against
//     HttpOptions::caFile when given) and that the certificate names the host of the URL (subjectAltName,
//     DNS or IP). TLS 1.2 is the minimum. Plain http is refused unless the host is a loopback address or
//     allowInsecureHttp is set, so a device token never crosses a network in the clear by accident.
//   - Every failure is a Result: the server's error body mapped to its ErrorCode (expected_sequence and
//     Retry-After included); a network, timeout or TLS failure is ErrorCode::Unavailable with a message in
//     plain words. No message ever contains the device token or a request or answer body.
//   - lastFailure() tells apart a certificate that could not be verified (a configuration problem for the
//     admin, not worth retrying) from a network failure (retry later).
//   - Redirects are not followed (they could carry the token elsewhere); answers larger than
//     maxResponseBytes are refused while they arrive.
//
// Thread-safety: an HttpTransport may be shared by threads. It keeps one connection (keep-alive) to the
// server; calls are serialised on it by an internal mutex, so concurrent calls wait for each other.
// lastFailure() reports the call that finished last.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

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

class HttpTransport final : public sync::Transport {
 public:
  // Checks the options and prepares the connection; connects only at the first call. InvalidArgument (with
  // why, and which option overrides where one does) for a URL that is not scheme://host[:port][/], plain http
  // to a non-loopback host without allowInsecureHttp, a caFile that cannot be read or holds no certificate,
  // or a token or user agent that cannot be sent in a header.
  static Result<std::unique_ptr<HttpTransport>> create(HttpOptions options);
  ~HttpTransport() override;
  HttpTransport(const HttpTransport&) = delete;
  HttpTransport& operator=(const HttpTransport&) = delete;

  // POST /v1/push, POST /v1/pull, GET /v1/devices, GET /v1/snapshots, GET /v1/snapshots/{shard},
  // POST /v1/snapshots: each decoded with the codecs of sync/messages, errors as described above.
  Result<sync::PushResponse> push(const sync::PushRequest& request) override;
  Result<sync::PullResponse> pull(const sync::PullRequest& request) override;
  Result<std::vector<sync::DeviceInfo>> devices() override;
  Result<sync::SnapshotList> snapshots() override;
  // InvalidArgument without any traffic unless `shard` is "team" or a 32-hex-character id.
  Result<sync::Snapshot> snapshot(const std::string& shard) override;
  Status putSnapshot(const sync::Snapshot& snapshot) override;

  // POST /v1/enrol, without Authorization (whatever the token option holds).
  Result<sync::EnrolResponse> enrol(const sync::EnrolRequest& request);

  HttpFailure lastFailure() const;
  bool lastFailureWasCertificate() const { return lastFailure() == HttpFailure::Certificate; }

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
