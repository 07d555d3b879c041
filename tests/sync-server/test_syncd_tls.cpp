// coach-syncd with built-in TLS: devices that trust the team's CA sync over https; a device that trusts another
// CA refuses the server before sending its token; a server whose certificate or key is unusable does not start.
#include <catch2/catch.hpp>

#include "http_team.hpp"
#include "sync_world.hpp"
#include "test_pki.hpp"

using namespace coach;
using namespace coach::test;

TEST_CASE("Devices sync with coach-syncd over TLS with the team's CA, and a wrong CA is refused", "[syncd][tls]") {
  TempDir dir;
  TestPki pki(dir.path());
  SyncdProcess server(dir.path() / "data", {{"COACH_SYNCD_TLS_CERT_FILE", pki.serverCertFile()},
                                            {"COACH_SYNCD_TLS_KEY_FILE", pki.serverKeyFile()}});
  server.useTls();
  REQUIRE(server.start());
  CHECK(server.event("listening")["tls"] == true);
  HttpTeam team(server, pki.caFile());
  HttpDevice& a = team.add("a");
  HttpDevice& b = team.add("b");
  const std::string p = mustAdd(*a.store, "participant", {{"name", "Over TLS"}, {"coach", "a"}});
  REQUIRE(a.sync().ok());
  REQUIRE(b.sync().ok());
  CHECK(b.store->get(p).ok());
  CHECK(stateOf(*a.store) == stateOf(*b.store));

  HttpOptions wrong = team.options(a.enrolment.token);
  wrong.caFile = pki.otherCaFile();
  auto transport = HttpTransport::create(wrong);
  REQUIRE(transport.ok());
  auto refused = transport.value()->devices();
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::Unavailable);
  CHECK(transport.value()->lastFailure() == HttpFailure::Certificate);
  CHECK(refused.error().message.find(a.enrolment.token) == std::string::npos);

  // Plain http to the TLS port is not an answer either.
  HttpOptions plain = team.options(a.enrolment.token);
  plain.baseUrl = "http://127.0.0.1:" + std::to_string(server.port());
  auto cleartext = HttpTransport::create(plain).value()->devices();
  CHECK_FALSE(cleartext.ok());
}

TEST_CASE("coach-syncd does not start with a certificate and key that do not belong together", "[syncd][tls]") {
  TempDir dir;
  TestPki pki(dir.path());
  SyncdProcess server(dir.path() / "data", {{"COACH_SYNCD_TLS_CERT_FILE", pki.serverCertFile()},
                                            {"COACH_SYNCD_TLS_KEY_FILE", pki.wrongNameKeyFile()}});
  CHECK_FALSE(server.start());
  CHECK(server.log().find("TLS certificate or key cannot be used") != std::string::npos);
}

TEST_CASE("coach-syncd does not start with half a TLS configuration", "[syncd][tls]") {
  TempDir dir;
  TestPki pki(dir.path());
  SyncdProcess server(dir.path() / "data", {{"COACH_SYNCD_TLS_CERT_FILE", pki.serverCertFile()}});
  CHECK_FALSE(server.start());
  CHECK(server.log().find("needs both") != std::string::npos);
}
