// sync/http_client.cpp: one kept-alive cpp-httplib client to the sync server, its TLS settings, and the
// failures that are not answers, in plain words (docs/http-transport.md).
//
// TLS: cpp-httplib 0.11 verifies the chain (SSL_get_verify_result after the handshake) and then the host name
// itself (subjectAltName DNS/IP, falling back to the subject's CN). We also give OpenSSL the expected name
// (X509_VERIFY_PARAM_set1_host / set1_ip_asc) so that the chain verification includes RFC 6125 name checking
// without the CN fallback and without partial wildcards: a certificate must name the server in its
// subjectAltName, as browsers require. The refusal happens after the handshake and before the request is
// written, so a server that fails verification never sees the token.
//
// Thread-safety: a Connection is used by one thread at a time (HttpTransport holds a mutex around it).
#include "sync/http_client.hpp"

#include <cerrno>
#include <charconv>
#include <csignal>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <pthread.h>

#include <httplib.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

namespace coach::sync::http {
namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kSystemCaFile = "/etc/ssl/certs/ca-certificates.crt";

// Writing to a connection the server closed raises SIGPIPE, which ends the process unless it is ignored, and
// cpp-httplib writes without MSG_NOSIGNAL. A library must not change the process's signal handling, so the
// signal is blocked in this thread during a call and one it raised is consumed before the mask is restored.
class SigpipeBlock {
 public:
  SigpipeBlock() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    wasPending_ = pending();
    blocked_ = pthread_sigmask(SIG_BLOCK, &pipe_, &previous_) == 0;
  }
  ~SigpipeBlock() {
    if (!blocked_) return;
    if (!wasPending_ && pending()) {
      const timespec zero{0, 0};
      while (sigtimedwait(&pipe_, nullptr, &zero) == -1 && errno == EINTR) {
      }
    }
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }
  SigpipeBlock(const SigpipeBlock&) = delete;
  SigpipeBlock& operator=(const SigpipeBlock&) = delete;

 private:
  static bool pending() {
    sigset_t set;
    sigemptyset(&set);
    return sigpending(&set) == 0 && sigismember(&set, SIGPIPE) == 1;
  }
  sigset_t pipe_{};
  sigset_t previous_{};
  bool wasPending_ = false;
  bool blocked_ = false;
};

struct X509StoreFree {
  void operator()(X509_STORE* store) const { X509_STORE_free(store); }
};

std::string millis(std::chrono::milliseconds d) {
  return std::to_string(d.count()) + " ms";
}

Status checkCaFile(const std::string& path) {
  if (!std::ifstream(path).is_open()) {
    return makeError(ErrorCode::InvalidArgument,
                     "the CA file " + path + " cannot be read: check the caFile option and the file's permissions");
  }
  std::unique_ptr<X509_STORE, X509StoreFree> store(X509_STORE_new());
  if (!store)
    return makeError(ErrorCode::CryptoFailure, "TLS could not be set up on this device (out of memory); report this");
  if (X509_STORE_load_file(store.get(), path.c_str()) != 1) {
    ERR_clear_error();
    return makeError(ErrorCode::InvalidArgument,
                     "the CA file " + path +
                         " holds no PEM certificate: ask your admin for the CA certificate of the "
                         "sync server (a file starting with -----BEGIN CERTIFICATE-----)");
  }
  return {};
}

Status configureTls(httplib::SSLClient& client, const Endpoint& endpoint, const HttpOptions& options) {
  const auto failed = [](const std::string& what) {
    ERR_clear_error();
    return makeError(ErrorCode::CryptoFailure, "TLS could not be set up on this device (" + what + "); report this");
  };
  SSL_CTX* ctx = client.ssl_context();
  if (!client.is_valid() || ctx == nullptr) return failed("no TLS context");
  client.enable_server_certificate_verification(true);
  std::error_code ec;
  if (!options.caFile.empty()) {
    COACH_TRY(checkCaFile(options.caFile));
    client.set_ca_cert_path(options.caFile);  // only this CA file: the system store is not consulted
  } else if (std::filesystem::exists(kSystemCaFile, ec)) {
    client.set_ca_cert_path(kSystemCaFile);
  }  // else cpp-httplib falls back to OpenSSL's default verify paths
  if (SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1) return failed("TLS 1.2 as the minimum");
  X509_VERIFY_PARAM* param = SSL_CTX_get0_param(ctx);
  if (param == nullptr) return failed("no verification parameters");
  X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS | X509_CHECK_FLAG_NEVER_CHECK_SUBJECT);
  const int named = endpoint.ipLiteral
                        ? X509_VERIFY_PARAM_set1_ip_asc(param, endpoint.host.c_str())
                        : X509_VERIFY_PARAM_set1_host(param, endpoint.host.c_str(), endpoint.host.size());
  if (named != 1) return failed("the server name to verify");
  return {};
}

std::uint64_t declaredLength(const httplib::Response& res) {
  const std::string text = res.get_header_value("Content-Length");
  std::uint64_t length = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), length);
  return ec == std::errc{} && end == text.data() + text.size() ? length : 0;
}

// Why no answer arrived, for an Unavailable message; `failure` gets the kind.
std::string reasonFor(httplib::Error error, Clock::duration elapsed, const HttpOptions& o, HttpFailure& failure) {
  failure = HttpFailure::Unreachable;
  switch (error) {
    case httplib::Error::ConnectionTimeout:
      failure = HttpFailure::Timeout;
      return "connecting took longer than " + millis(o.connectTimeout);
    case httplib::Error::Connection:
      if (elapsed >= o.connectTimeout) {
        failure = HttpFailure::Timeout;
        return "connecting took longer than " + millis(o.connectTimeout);
      }
      return "the connection was refused or the server cannot be reached from this network (is the address right?)";
    case httplib::Error::Read:
      if (elapsed >= o.readTimeout) {
        failure = HttpFailure::Timeout;
        return "the server did not answer within " + millis(o.readTimeout);
      }
      return "the connection was closed before the answer was complete";
    case httplib::Error::Write:
      return "the request could not be sent (the connection was closed)";
    case httplib::Error::SSLConnection:
      return "a secure (TLS) connection could not be set up: the server may not speak https on this port, or not TLS "
             "1.2 "
             "or newer";
    case httplib::Error::Compression:
      failure = HttpFailure::BadAnswer;
      return "the server's answer was compressed wrongly";
    default:
      return "the request failed (" + httplib::to_string(error) + ")";
  }
}

}  // namespace

struct Connection::State {
  Endpoint endpoint;
  HttpOptions options;
  std::unique_ptr<httplib::ClientImpl> client;
  httplib::SSLClient* tls = nullptr;  // `client` itself when https

  Error certificateError(httplib::Error error) const {
    std::string reason = "the trusted CA certificates could not be loaded";
    if (error == httplib::Error::SSLServerVerification && tls != nullptr) {
      const long code = tls->get_openssl_verify_result();
      reason = code == X509_V_OK ? "it is not made out to " + endpoint.host : X509_verify_cert_error_string(code);
    }
    const std::string trusted = options.caFile.empty() ? "the system's CA store" : "the CA file " + options.caFile;
    return makeError(ErrorCode::Unavailable,
                     "the certificate of the sync server at " + endpoint.name + " could not be verified (" + reason +
                         "): it is not signed by a CA this device trusts (" + trusted +
                         "), or it is made out to another "
                         "name than " +
                         endpoint.host +
                         ". Nothing was sent. Ask your admin for the right CA file (the "
                         "caFile option) and check the server address; trying again will not help");
  }

  Error failure(httplib::Error error, bool tooLarge, Clock::duration elapsed, std::string_view whatNext,
                HttpFailure& kind) const {
    if (tooLarge) {
      kind = HttpFailure::AnswerTooLarge;
      return makeError(ErrorCode::PayloadTooLarge,
                       "the answer of the sync server at " + endpoint.name + " is larger than this device accepts (" +
                           std::to_string(options.maxResponseBytes) +
                           " bytes), so it was dropped: ask your admin to check the server");
    }
    if (error == httplib::Error::SSLServerVerification || error == httplib::Error::SSLLoadingCerts) {
      kind = HttpFailure::Certificate;
      return certificateError(error);
    }
    const std::string reason = reasonFor(error, elapsed, options, kind);
    return makeError(ErrorCode::Unavailable, "the sync server at " + endpoint.name + " cannot be reached: " + reason +
                                                 "; " + std::string(whatNext));
  }

  httplib::Request toHttplib(const Request& r) const {
    httplib::Request req;
    req.method = r.method == Method::Get ? "GET" : "POST";
    req.path = r.path;
    // HttpTransport built every header (Accept, User-Agent, Authorization, Content-Type) from these options.
    for (const HttpHeader& h : r.headers) req.set_header(h.name, h.value);
    if (r.method == Method::Post) req.body = r.body;
    return req;
  }
};

Connection::Connection(std::unique_ptr<State> state) : state_(std::move(state)) {}

Connection::~Connection() {
  SigpipeBlock sigpipe;  // closing a TLS connection writes close_notify
  state_.reset();
}

Result<std::unique_ptr<Connection>> Connection::open(const Endpoint& endpoint, const HttpOptions& options) {
  auto state = std::make_unique<State>();
  state->endpoint = endpoint;
  state->options = options;
  if (endpoint.tls) {
    auto tls = std::make_unique<httplib::SSLClient>(endpoint.host, endpoint.port);
    COACH_TRY(configureTls(*tls, endpoint, options));
    state->tls = tls.get();
    state->client = std::move(tls);
  } else {
    state->client = std::make_unique<httplib::ClientImpl>(endpoint.host, endpoint.port);
  }
  httplib::ClientImpl& client = *state->client;
  client.set_keep_alive(true);
  client.set_follow_location(false);  // a redirect could carry the token to another host
  client.set_tcp_nodelay(true);       // small requests go out at once (Nagle + delayed ACK cost 40 ms a request)
  client.set_connection_timeout(options.connectTimeout);
  client.set_read_timeout(options.readTimeout);
  client.set_write_timeout(options.readTimeout);
  return std::unique_ptr<Connection>(new Connection(std::move(state)));
}

Result<Answer> Connection::exchange(const Request& request, HttpFailure& failure) {
  const State& s = *state_;
  httplib::Request req = s.toHttplib(request);
  Answer answer;
  bool tooLarge = false;
  const std::size_t limit = s.options.maxResponseBytes;
  // Refused as it arrives: by its declared length first, then by what was received.
  req.response_handler = [&](const httplib::Response& res) {
    tooLarge = declaredLength(res) > limit;
    return !tooLarge;
  };
  req.content_receiver = [&](const char* data, std::size_t size, std::uint64_t, std::uint64_t) {
    tooLarge = size > limit - answer.body.size();
    if (!tooLarge) answer.body.append(data, size);
    return !tooLarge;
  };
  httplib::Response res;
  httplib::Error error = httplib::Error::Success;
  const auto started = Clock::now();
  bool answered = false;
  {
    SigpipeBlock sigpipe;
    answered = s.client->send(req, res, error);
  }
  if (!answered) return s.failure(error, tooLarge, Clock::now() - started, request.whatNext, failure);
  failure = HttpFailure::None;
  answer.status = res.status;
  answer.retryAfter = res.get_header_value("Retry-After");
  answer.contentType = res.get_header_value("Content-Type");
  return answer;
}

}  // namespace coach::sync::http
