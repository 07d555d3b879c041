// sync/http_client.hpp: the HTTP(S) plumbing under HttpTransport (coach/http_transport.hpp): the server
// address check (http_url.cpp) and one kept-alive connection to the server (http_client.cpp), the built-in
// HttpExchange: it sends a request and returns the raw answer, or an Error in plain words for everything that
// is not an answer.
//
// cpp-httplib stays inside http_client.cpp; nothing here exposes it.
//
// Thread-safety: parseBaseUrl is a pure function. A Connection is used by one thread at a time (HttpTransport
// serialises its calls with a mutex).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "coach/http_transport.hpp"
#include "coach/result.hpp"

namespace coach::sync::http {

// A checked server address.
struct Endpoint {
  bool tls = false;
  std::string host;  // lower case; an IPv6 address without its brackets
  bool ipLiteral = false;
  bool loopback = false;
  int port = 0;
  std::string name;  // "https://host:port" ("[::1]" for IPv6), for messages
};

// Accepts scheme://host[:port][/] with scheme http or https (any case). InvalidArgument, saying why, for
// anything else, and for plain http to a host that is not a loopback address unless allowInsecureHttp.
// A URL with a user name or password is refused without repeating it (it may hold a secret).
Result<Endpoint> parseBaseUrl(std::string_view url, bool allowInsecureHttp);

// 127.0.0.0/8, ::1 or "localhost".
bool isLoopbackHost(std::string_view host);

// The request and answer types are public (coach/http_transport.hpp) so that a host app can carry them; these
// names stay for the code of this folder.
using Method = HttpMethod;
using Credentials = HttpCredentials;
using Request = HttpRequest;
using Answer = HttpAnswer;

// The built-in HttpExchange: one kept-alive cpp-httplib client. It builds its headers from HttpOptions (the
// same ones HttpTransport lists in HttpRequest::headers) and applies the TLS policy of coach/http_transport.hpp.
class Connection final : public HttpExchange {
 public:
  // Prepares the client (TLS settings, CA file, timeouts); connects at the first exchange. InvalidArgument
  // for a caFile that cannot be read or holds no certificate; CryptoFailure when TLS cannot be set up.
  static Result<std::unique_ptr<Connection>> open(const Endpoint& endpoint, const HttpOptions& options);
  ~Connection() override;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Sends `request` and returns the answer whatever its status. When no answer arrives: Unavailable
  // (network, timeout, TLS, certificate) or PayloadTooLarge (over maxResponseBytes), and `failure` says which.
  Result<Answer> exchange(const Request& request, HttpFailure& failure) override;

 private:
  struct State;
  explicit Connection(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace coach::sync::http
