// HttpTransport's TLS policy and address checks (docs/http-transport.md): https verifies the chain against
// the configured CA (or the system store) and the server's name in subjectAltName; certificate failures are
// told apart from network failures and happen before the token is sent; plain http only to loopback unless
// allowed; malformed addresses, CA files and tokens are refused at create().
#include <fstream>

#include <catch2/catch.hpp>

#include "canned_http_server.hpp"
#include "coach/http_transport.hpp"
#include "sync/messages.hpp"
#include "temp_profile.hpp"
#include "test_pki.hpp"

using namespace coach;
using coach::test::CannedServer;
using coach::test::TempDir;
using coach::test::TestPki;

namespace {

const std::string kTlsToken = "tok-0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f";

struct TlsWorld {
  TempDir dir;
  TestPki pki{dir.path()};
};

HttpOptions optionsFor(const std::string& url, const std::string& caFile) {
  HttpOptions options;
  options.baseUrl = url;
  options.token = kTlsToken;
  options.caFile = caFile;
  return options;
}

std::unique_ptr<HttpTransport> mustCreateTls(HttpOptions options) {
  auto transport = HttpTransport::create(std::move(options));
  if (!transport.ok()) FAIL("creating the transport: " << transport.error().message);
  return std::move(transport).value();
}

void answerDevices(CannedServer& server) {
  server.answer("GET /v1/devices",
                {200, sync::toJson(std::vector<sync::DeviceInfo>{}).dump(), {}, false, "application/json"});
}

// A call that must fail on the server's certificate, before any request reached the server.
void checkCertificateRefused(CannedServer& server, HttpOptions options) {
  answerDevices(server);
  auto transport = mustCreateTls(std::move(options));
  auto got = transport->devices();
  REQUIRE_FALSE(got.ok());
  CHECK(got.error().code == ErrorCode::Unavailable);
  CHECK(transport->lastFailureWasCertificate());
  CHECK(transport->lastFailure() == HttpFailure::Certificate);
  CHECK_THAT(got.error().message, Catch::StartsWith("the certificate of the sync server at " + transport->serverName() +
                                                    " could not be verified"));
  CHECK_THAT(got.error().message, Catch::Contains("Ask your admin for the right CA file"));
  CHECK_THAT(got.error().message, !Catch::Contains(kTlsToken));
  CHECK(server.requests().empty());  // the token never left the device
}

Error createError(const HttpOptions& options) {
  auto created = HttpTransport::create(options);
  REQUIRE_FALSE(created.ok());
  return created.error();
}

}  // namespace

TEST_CASE("https with the team's CA file reaches the server by IP address and by name", "[http][tls]") {
  TlsWorld world;
  CannedServer server(world.pki.serverCertFile(), world.pki.serverKeyFile());
  answerDevices(server);
  const std::string host = GENERATE(as<std::string>{}, "127.0.0.1", "localhost");
  auto transport = mustCreateTls(optionsFor("https://" + host + ":" + std::to_string(server.port()), world.pki.caFile()));
  auto got = transport->devices();
  INFO(host);
  REQUIRE(got.ok());
  CHECK(transport->lastFailure() == HttpFailure::None);
  const auto requests = server.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].authorization == "Bearer " + kTlsToken);
}

TEST_CASE("A server certificate from a CA the device does not trust is a certificate failure, and nothing is sent",
          "[http][tls]") {
  TlsWorld world;
  CannedServer server(world.pki.serverCertFile(), world.pki.serverKeyFile());
  SECTION("the configured CA file is another CA") {
    checkCertificateRefused(server, optionsFor(server.url(), world.pki.otherCaFile()));
  }
  SECTION("no CA file: the system store, which does not hold a team's private CA") {
    checkCertificateRefused(server, optionsFor(server.url(), ""));
  }
}

TEST_CASE("A certificate of the trusted CA made out to another name is a certificate failure", "[http][tls]") {
  TlsWorld world;
  SECTION("subjectAltName holds another DNS name") {
    CannedServer server(world.pki.wrongNameCertFile(), world.pki.wrongNameKeyFile());
    checkCertificateRefused(server, optionsFor(server.url(), world.pki.caFile()));
  }
  SECTION("asked by name, the certificate names another host") {
    CannedServer server(world.pki.wrongNameCertFile(), world.pki.wrongNameKeyFile());
    checkCertificateRefused(server,
                            optionsFor("https://localhost:" + std::to_string(server.port()), world.pki.caFile()));
  }
  SECTION("the name is only in the subject's CN, not in subjectAltName") {
    CannedServer server(world.pki.cnOnlyCertFile(), world.pki.serverKeyFile());
    checkCertificateRefused(server, optionsFor(server.url(), world.pki.caFile()));
  }
}

TEST_CASE("A TLS handshake with a server that does not speak TLS is a network failure, not a certificate one",
          "[http][tls]") {
  TlsWorld world;
  CannedServer plain;
  auto transport = mustCreateTls(optionsFor("https://127.0.0.1:" + std::to_string(plain.port()), world.pki.caFile()));
  auto got = transport->devices();
  REQUIRE_FALSE(got.ok());
  CHECK(got.error().code == ErrorCode::Unavailable);
  CHECK(transport->lastFailure() == HttpFailure::Unreachable);
  CHECK_FALSE(transport->lastFailureWasCertificate());
  CHECK_THAT(got.error().message, Catch::Contains("cannot be reached"));
}

TEST_CASE("A CA file that cannot be read or holds no certificate is refused at create()", "[http][tls]") {
  TlsWorld world;
  SECTION("missing") {
    const Error e = createError(optionsFor("https://127.0.0.1:8443", (world.dir.path() / "missing.pem").string()));
    CHECK(e.code == ErrorCode::InvalidArgument);
    CHECK_THAT(e.message, Catch::Contains("cannot be read"));
  }
  SECTION("a private key instead of a certificate") {
    const Error e = createError(optionsFor("https://127.0.0.1:8443", world.pki.serverKeyFile()));
    CHECK(e.code == ErrorCode::InvalidArgument);
    CHECK_THAT(e.message, Catch::Contains("holds no PEM certificate"));
  }
  SECTION("not PEM at all") {
    const auto path = world.dir.path() / "garbage.pem";
    std::ofstream(path) << "this is not a certificate\n";
    const Error e = createError(optionsFor("https://127.0.0.1:8443", path.string()));
    CHECK(e.code == ErrorCode::InvalidArgument);
  }
}

TEST_CASE("Plain http is refused at create() to a host that is not a loopback address, unless allowInsecureHttp",
          "[http][tls]") {
  const std::string url =
      GENERATE(as<std::string>{}, "http://192.0.2.1:8080", "http://10.1.2.3", "http://sync.example.org",
               "http://127.0.0.1.example.org", "http://localhost.example.org", "http://[2001:db8::1]:80");
  INFO(url);
  HttpOptions options = optionsFor(url, "");
  const Error e = createError(options);
  CHECK(e.code == ErrorCode::InvalidArgument);
  CHECK_THAT(e.message, Catch::Contains("plain http"));
  CHECK_THAT(e.message, Catch::Contains("allowInsecureHttp"));
  options.allowInsecureHttp = true;
  CHECK(HttpTransport::create(options).ok());  // create() never connects
}

TEST_CASE("Plain http to a loopback address is allowed", "[http][tls]") {
  const auto [url, name] = GENERATE(table<std::string, std::string>({
      {"http://127.0.0.1:8080", "http://127.0.0.1:8080"},
      {"http://127.45.6.7", "http://127.45.6.7:80"},
      {"HTTP://LocalHost:9/", "http://localhost:9"},
      {"http://[::1]:8080", "http://[::1]:8080"},
  }));
  INFO(url);
  auto created = HttpTransport::create(optionsFor(url, ""));
  REQUIRE(created.ok());
  CHECK(created.value()->serverName() == name);
}

TEST_CASE("Server addresses other than scheme://host[:port][/] are refused at create()", "[http][tls]") {
  const std::string url =
      GENERATE(as<std::string>{}, "", "sync.example.org", "ftp://sync.example.org", "https://", "https://:443",
               "https://sync.example.org/v1", "https://sync.example.org/coach/", "https://sync.example.org?x=1",
               "https://sync.example.org#top", "https://sync.example.org:0", "https://sync.example.org:65536",
               "https://sync.example.org:44a", "https://sync.example.org:", "https://[::1",
               "https://[sync.example.org]", "https://sync example.org", "https://-sync.example.org", "https://[::1]x");
  INFO(url);
  const Error e = createError(optionsFor(url, ""));
  CHECK(e.code == ErrorCode::InvalidArgument);
  CHECK_THAT(e.message, Catch::Contains("cannot be used"));
}

TEST_CASE("Good https addresses are accepted and named with their port", "[http][tls]") {
  const auto [url, name] = GENERATE(table<std::string, std::string>({
      {"https://sync.example.org", "https://sync.example.org:443"},
      {"HTTPS://Sync.Example.ORG:8443/", "https://sync.example.org:8443"},
      {"https://192.0.2.1", "https://192.0.2.1:443"},
      {"https://[2001:DB8::1]:9443", "https://[2001:db8::1]:9443"},
  }));
  INFO(url);
  auto created = HttpTransport::create(optionsFor(url, ""));
  REQUIRE(created.ok());
  CHECK(created.value()->serverName() == name);
}

TEST_CASE("An address with a user name, password or query is refused without repeating them", "[http][tls]") {
  const Error e = createError(optionsFor("https://admin:hunter2-secret@sync.example.org", ""));
  CHECK(e.code == ErrorCode::InvalidArgument);
  CHECK_THAT(e.message, !Catch::Contains("hunter2"));
  CHECK_THAT(e.message, Catch::Contains("user name or password"));
  const Error query = createError(optionsFor("https://sync.example.org/?token=hunter2-secret", ""));
  CHECK(query.code == ErrorCode::InvalidArgument);
  CHECK_THAT(query.message, !Catch::Contains("hunter2"));
}

TEST_CASE("A token or user agent that could split a header is refused at create(), the token not repeated",
          "[http][tls]") {
  HttpOptions options = optionsFor("https://sync.example.org", "");
  SECTION("a token with a line break") {
    options.token = "secret-part\r\nX-Evil: 1";
    const Error e = createError(options);
    CHECK(e.code == ErrorCode::InvalidArgument);
    CHECK_THAT(e.message, !Catch::Contains("secret-part"));
  }
  SECTION("a token with a space") {
    options.token = "secret part";
    CHECK(createError(options).code == ErrorCode::InvalidArgument);
  }
  SECTION("a user agent with a line break") {
    options.userAgent = "coach\nX-Evil: 1";
    CHECK(createError(options).code == ErrorCode::InvalidArgument);
  }
}
