// The tampered-envelope vectors of proto/vectors/tampered.json: the receiver's checks, in the documented
// order, refuse each at the stated check with the stated error id.
#include <set>

#include <catch2/catch.hpp>

#include "receiver_checks.hpp"
#include "vector_files.hpp"

using namespace coach;
using namespace coach::prototest;

namespace {

ReceiverState stateOf(const json& receiver, const std::map<sync::Id, crypto::Bytes>& devices, std::int64_t now) {
  ReceiverState s;
  s.nowMillis = now;
  s.team = idFromJson(receiver.at("team"));
  s.signingKeys = devices;
  s.chain.lastSequence = receiver.at("chain").at("last_sequence").get<std::uint64_t>();
  s.chain.lastHash = hashFromJson(receiver.at("chain").at("last_hash"));
  if (!receiver.at("key").is_null()) s.key = unhex(receiver.at("key"));
  return s;
}

}  // namespace

TEST_CASE("Every tampered proto envelope vector fails at the stated check with the stated error id",
          "[proto][vectors]") {
  const json file = loadVectorFiles().at("tampered").content;
  std::map<sync::Id, crypto::Bytes> devices;
  for (const json& d : file.at("devices")) devices[idFromJson(d.at("id"))] = unhex(d.at("ed25519_public"));
  const auto checks = file.at("checks").get<std::vector<std::string>>();
  std::set<std::string> decided;
  std::size_t count = 0;
  for (const json& c : file.at("cases")) {
    INFO(c.at("name").get<std::string>() << ": " << c.at("description").get<std::string>());
    const Outcome o =
        receive(unhex(c.at("envelope_hex")), stateOf(c.at("receiver"), devices, file.at("receiver_clock_ms")));
    const json& error = c.at("expected_error");
    CHECK(o.check == c.at("expected_check").get<std::string>());
    CHECK(o.error == (error.is_null() ? std::string() : error.get<std::string>()));
    if (error.is_null()) CHECK(c.at("expected_verdict") == "duplicate");
    decided.insert(o.check);
    ++count;
  }
  INFO(count << " tampered vectors ran");
  REQUIRE(count >= 44);
  // Every check of the documented order refuses at least one vector, so none of them can quietly go unused.
  CHECK(decided == std::set<std::string>(checks.begin(), checks.end()));
}
