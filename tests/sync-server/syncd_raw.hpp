// syncd_raw.hpp: speaking to coach-syncd by hand, below the SyncClient: a device whose keys the test holds, so it
// can enrol, seal envelopes with any header (a broken chain, a forged signature) and send any bytes with any
// headers, and read the exact HTTP status and error id that come back.
#pragma once

#include <httplib.h>

#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "coach/http_transport.hpp"
#include "crypto/crypto.hpp"
#include "sync/envelope.hpp"
#include "sync/erasure.hpp"
#include "sync/messages.hpp"
#include "http_team.hpp"
#include "syncd_process.hpp"

namespace coach::test {

struct RawAnswer {
  int status = 0;
  nlohmann::json body;
  std::string retryAfter;
  std::string errorId() const { return body.is_object() && body.contains("error") ? body["error"].value("id", "") : ""; }
};

class RawDevice {
 public:
  RawDevice(const SyncdProcess& server, const std::string& code, bool approve = true) : server_(server) {
    signer_ = crypto::Ed25519KeyPair::generate().value();
    id_ = crypto::toHex(crypto::randomBytes(16).value());
    HttpOptions o;
    o.baseUrl = server.url();
    auto enrolled = enrolDevice(o, sync::EnrolRequest{code, id_, signer_->publicKey(), {}});
    INFO((enrolled.ok() ? "" : enrolled.error().message));
    REQUIRE(enrolled.ok());
    team_ = enrolled->team;
    token_ = enrolled->token;
    // A raw device brings its own key, so no team lead hands it one: the admin lets it sync.
    if (approve && enrolled->role == "coach") admin(server, "approve --team " + team_ + " " + id_);
    key_ = crypto::Aead::create(crypto::randomBytes(32).value()).value();
  }

  // The next envelope of this device's chain (sequence last+1, previous hash of the last one made).
  crypto::Bytes next(std::int64_t hlcMillis = 1772442000000) {
    return seal(last_ + 1, lastHash_, hlcMillis, true);
  }
  crypto::Bytes seal(std::uint64_t sequence, const sync::Hash& prev, std::int64_t hlcMillis, bool advance) {
    sync::EnvelopeHeader h;
    h.team = sync::idFromText(team_).value();
    h.device = sync::idFromText(id_).value();
    h.shard = shard_;
    h.sequence = sequence;
    h.keyId = 1;
    h.newestHlc = static_cast<std::uint64_t>(hlcMillis) << 16;
    h.prevHash = prev;
    const crypto::Bytes batch{'o', 'p', 'a', 'q', 'u', 'e'};
    crypto::Bytes env = sync::sealEnvelope(h, batch, *key_, *signer_).value();
    if (advance) {
      last_ = sequence;
      lastHash_ = sync::envelopeHash(env);
    }
    return env;
  }

  // The shard of the envelopes made from now on ("team" or a participant's 32 hex characters).
  void useShard(const std::string& shard) { shard_ = sync::shardFromText(shard).value(); }
  // An erasure order of `shard` signed by this device (MAC under a team key the server never sees, epoch 1),
  // naming `author` (this device when empty) and `team` (this device's when empty).
  crypto::Bytes erasureOrder(const std::string& shard, const std::string& author = "", const std::string& team = "") const {
    sync::ErasureFields f;
    f.team = sync::idFromText(team.empty() ? team_ : team).value();
    f.shard = sync::idFromText(shard).value();
    f.author = sync::idFromText(author.empty() ? id_ : author).value();
    f.erasedAt = 1772442000000;
    f.epoch = 1;
    return sync::makeErasureOrder(f, crypto::Bytes(32, 0x42), *signer_).value();
  }

  RawAnswer push(const std::vector<crypto::Bytes>& envelopes) {
    sync::PushRequest r;
    r.envelopes = envelopes;
    return post("/v1/push", sync::toJson(r).dump());
  }
  RawAnswer post(const std::string& path, const std::string& body, const std::string& type = "application/json",
                  const std::string& token = "<own>") {
    httplib::Client c(server_.url());
    httplib::Headers h;
    const std::string t = token == "<own>" ? token_ : token;
    if (!t.empty()) h.emplace("Authorization", "Bearer " + t);
    return answer(c.Post(path, h, body, type.c_str()));
  }
  RawAnswer get(const std::string& path, const std::string& token = "<own>") {
    httplib::Client c(server_.url());
    httplib::Headers h;
    const std::string t = token == "<own>" ? token_ : token;
    if (!t.empty()) h.emplace("Authorization", "Bearer " + t);
    return answer(c.Get(path, h));
  }

  const std::string& id() const { return id_; }
  const std::string& team() const { return team_; }
  const std::string& token() const { return token_; }
  std::uint64_t last() const { return last_; }

 private:
  static RawAnswer answer(const httplib::Result& r) {
    REQUIRE(r);
    RawAnswer a{r->status, nlohmann::json::parse(r->body, nullptr, false), r->get_header_value("Retry-After")};
    return a;
  }
  const SyncdProcess& server_;
  std::optional<crypto::Ed25519KeyPair> signer_;
  std::optional<crypto::Aead> key_;
  std::string id_, team_, token_;
  std::uint64_t last_ = 0;
  sync::Hash lastHash_{};
  sync::Id shard_{};
};

}  // namespace coach::test
