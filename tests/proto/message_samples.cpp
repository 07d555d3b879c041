#include "message_samples.hpp"

#include <algorithm>
#include <map>

#include "clock/hlc.hpp"
#include "key_wrap.hpp"
#include "sync/chain.hpp"
#include "sync/erasure.hpp"
#include "sync/messages.hpp"
#include "sync/snapshot.hpp"
#include "vector_json.hpp"

namespace coach::prototest {
namespace {

using sync::ChangeBatch;

// A team as a device sees it: fresh ids and keys, real crypto.
struct Team {
  sync::Id team = randomId();
  sync::Id device = randomId();
  sync::Id participant = randomId();
  crypto::Ed25519KeyPair signer = must(crypto::Ed25519KeyPair::generate(), "a signing key");
  crypto::SecretBytes teamKey = must(crypto::randomSecret(32), "a team key");
  crypto::SecretBytes participantKey = must(crypto::randomSecret(32), "a shard key");

  static sync::Id randomId() {
    const crypto::Bytes b = must(crypto::randomBytes(sync::kIdSize), "an id");
    sync::Id id{};
    std::copy(b.begin(), b.end(), id.begin());
    return id;
  }
};

ChangeBatch noteBatch(const Team& t, std::size_t noteBytes) {
  const std::uint64_t h = Hlc::from(1795338843123, 0).value;
  sync::RecordChange participant{t.participant,
                                 "participant",
                                 {{"name", h, {}, std::string("Sanne de Vries")},
                                  {"coach", h, {}, std::string("coach.jansen")},
                                  {"note", h, {}, std::string(noteBytes, 'x')}}};
  return {3, {participant}};
}

crypto::Bytes envelope(const Team& t, std::uint64_t sequence, const sync::Hash& prev, std::size_t noteBytes) {
  sync::EnvelopeHeader h;
  h.team = t.team;
  h.shard = t.participant;
  h.device = t.device;
  h.sequence = sequence;
  h.keyId = 1;
  h.newestHlc = Hlc::from(1795338843123, 0).value;
  h.prevHash = prev;
  const crypto::Aead aead = must(crypto::Aead::create(t.participantKey.view()), "the shard key");
  return must(sync::sealEnvelope(h, sync::encodeBatch(noteBatch(t, noteBytes)), aead, t.signer), "an envelope");
}

sync::KeyRecord keyRecord(const Team& t, std::uint32_t version, std::uint32_t epoch) {
  sync::KeyRecord k{sync::idToText(t.participant), version, epoch, sync::idToText(t.device), {}};
  k.wrapped = must(wrapShardKey(t.teamKey.view(), t.team, k.shard, version, epoch, t.participantKey.view()), "a wrap");
  return k;
}

// Three chained envelopes: the smallest bucket, the 2048 bucket, the largest bucket (2 MiB).
std::vector<crypto::Bytes> chain(const Team& t) {
  std::vector<crypto::Bytes> out;
  sync::Hash prev{};
  for (std::size_t noteBytes : {std::size_t{100}, std::size_t{1500}, sync::kMaxPlaintext - 200}) {
    out.push_back(envelope(t, out.size() + 1, prev, noteBytes));
    prev = sync::envelopeHash(out.back());
  }
  return out;
}

// A real snapshot of `shard` (the participant's or the team's): `noteBytes` of note make it larger.
sync::Snapshot snapshot(const Team& t, bool teamShard, std::size_t noteBytes) {
  sync::SnapshotHeader h;
  h.team = t.team;
  h.shard = teamShard ? sync::Id{} : t.participant;
  h.author = t.device;
  h.covers = 5120;
  h.keyId = 1;
  sync::SnapshotContent content;
  content.schema = 5;
  content.state.push_back({t.device, noteBatch(t, noteBytes).changes});
  if (teamShard) {
    content.chains.push_back({t.device, 17, sync::Hash{1}});
    content.keys.push_back({t.participant, 1, 1, crypto::Bytes(60, 0x5a)});
  }
  h.newestHlc = sync::newestStamp(content);
  const crypto::Aead aead = must(crypto::Aead::create(t.participantKey.view()), "the shard key");
  crypto::Bytes bytes = must(sync::sealSnapshot(h, sync::encodeSnapshotContent(content), aead, t.signer), "a snapshot");
  sync::SnapshotMeta meta{teamShard ? "team" : sync::idToText(t.participant), h.covers, h.keyId, sync::idToText(t.device),
                          bytes.size()};
  return {std::move(meta), std::move(bytes)};
}

std::vector<SchemaCase> snapshotSamples(const Team& t) {
  const sync::Snapshot small = snapshot(t, false, 100);
  const sync::Snapshot team = snapshot(t, true, 5000);
  std::vector<SchemaCase> out;
  out.push_back({"snapshot", "snapshot", sync::toJson(small)});
  out.push_back({"snapshot-team", "snapshot", sync::toJson(team)});
  sync::Snapshot afterErasures = team;
  afterErasures.erasuresSeen = 4;  // an upload by a device that carried out four erasure orders
  out.push_back({"snapshot-team-erasures-seen", "snapshot", sync::toJson(afterErasures)});
  out.push_back({"snapshot-list", "snapshot-list", sync::toJson(sync::SnapshotList{{team.meta, small.meta}, 5301})});
  out.push_back({"snapshot-list-empty", "snapshot-list", sync::toJson(sync::SnapshotList{{}, 0})});
  return out;
}

// Erasure (PROTOCOL.md, "Erasure"): a real order of the participant's shard, its answer and list, and a page
// whose first envelopes are tombstones (the header and hash the server keeps of an erased envelope).
std::vector<SchemaCase> erasureSamples(const Team& t, const std::vector<crypto::Bytes>& envelopes) {
  sync::ErasureFields f{t.team, t.participant, t.device, 1795338843123, 2};
  const crypto::Bytes order = must(sync::makeErasureOrder(f, t.teamKey.view(), t.signer), "an erasure order");
  f.erasedAt += 60'000;
  const crypto::Bytes later = must(sync::makeErasureOrder(f, t.teamKey.view(), t.signer), "an erasure order");
  std::vector<SchemaCase> out;
  out.push_back({"erasure-request", "erasure-request", sync::erasureRequestToJson(order)});
  out.push_back({"erasure-answer", "erasure-answer", sync::erasureAnswerToJson(3)});
  out.push_back({"erasure-list", "erasure-list",
                 sync::toJson(std::vector<sync::ErasureEntry>{{3, order, 1795338843200}, {4, later, 1795338903200}})});
  out.push_back({"erasure-list-empty", "erasure-list", sync::toJson(std::vector<sync::ErasureEntry>{})});
  std::vector<sync::PullItem> items;
  for (std::size_t i = 0; i < 2; ++i) {
    const sync::Hash h = sync::envelopeHash(envelopes[i]);
    crypto::Bytes header(envelopes[i].begin(), envelopes[i].begin() + static_cast<std::ptrdiff_t>(sync::kHeaderSize));
    items.push_back(sync::PullItem{41 + i, false, std::move(header), {}, true, crypto::Bytes(h.begin(), h.end())});
  }
  items.push_back(sync::PullItem{43, false, envelopes[2], {}, false, {}});
  out.push_back({"pull-response-erased", "pull-response", sync::toJson(sync::PullResponse{items, 43, false})});
  return out;
}

std::vector<SchemaCase> messageSamples(const Team& t) {
  const std::vector<crypto::Bytes> envelopes = chain(t);
  const sync::KeyRecord key1 = keyRecord(t, 1, 1);
  const sync::KeyRecord key2 = keyRecord(t, 2, 2);
  std::vector<SchemaCase> out;
  out.push_back(
      {"push-request", "push-request", sync::toJson(sync::PushRequest{{envelopes[0], envelopes[1]}, {key1, key2}})});
  out.push_back({"push-request-largest", "push-request", sync::toJson(sync::PushRequest{{envelopes[2]}, {}})});
  out.push_back({"push-request-empty", "push-request", sync::toJson(sync::PushRequest{})});
  out.push_back({"push-response", "push-response", sync::toJson(sync::PushResponse{2, {41, 42}})});
  out.push_back({"push-response-keys-only", "push-response", sync::toJson(sync::PushResponse{0, {}})});
  out.push_back({"pull-request", "pull-request", sync::toJson(sync::PullRequest{})});
  out.push_back({"pull-request-late", "pull-request", sync::toJson(sync::PullRequest{18446744073709551615u, 1, 1})});
  sync::PullResponse page{{{40, true, {}, key1, false, {}},
                           {41, false, envelopes[0], {}, false, {}},
                           {42, false, envelopes[1], {}, false, {}},
                           {43, true, {}, key2, false, {}},
                           {44, false, envelopes[2], {}, false, {}}},
                          44,
                          true};
  out.push_back({"pull-response", "pull-response", sync::toJson(page)});
  out.push_back({"pull-response-empty", "pull-response", sync::toJson(sync::PullResponse{{}, 44, false})});
  for (SchemaCase& c : erasureSamples(t, envelopes)) out.push_back(std::move(c));
  std::vector<sync::DeviceInfo> devices(3);
  devices[0].id = sync::idToText(t.device);
  devices[0].signingKey = t.signer.publicKey();
  devices[0].agreementKey = must(crypto::X25519KeyPair::generate(), "a key").publicKey();
  devices[0].role = "lead";
  devices[0].epoch = 2;
  devices[0].enrolledAt = 1795338843123;
  devices[0].lastSeenAt = 1795338903123;
  devices[1].id = sync::idToText(Team::randomId());
  devices[1].signingKey = must(crypto::Ed25519KeyPair::generate(), "a key").publicKey();
  devices[1].revoked = true;
  devices[1].revokedAt = 1795338843999;
  devices[1].epoch = 1;
  devices[1].approvedBy = devices[0].id;
  devices[2].id = sync::idToText(Team::randomId());
  devices[2].signingKey = must(crypto::Ed25519KeyPair::generate(), "a key").publicKey();
  devices[2].agreementKey = must(crypto::X25519KeyPair::generate(), "a key").publicKey();
  devices[2].pending = true;
  out.push_back({"devices", "devices", sync::toJson(devices)});
  const std::vector<sync::Grant> grants{{devices[2].id, 1, devices[0].id, crypto::Bytes(92, 7)},
                                        {"recovery", 2, devices[0].id, crypto::Bytes(92, 9)}};
  out.push_back({"grants-post", "grants", sync::toJson(grants, 2)});
  out.push_back({"grants-answer", "grants", sync::toJson(sync::GrantsAnswer{grants, 2, true})});
  out.push_back({"devices-none", "devices", sync::toJson(std::vector<sync::DeviceInfo>{})});
  out.push_back({"enrol-request", "enrol-request",
                 sync::toJson(sync::EnrolRequest{"7K3M-Q9XD-2BFH-W8TN-4RJC", devices[2].id, devices[2].signingKey,
                                                 devices[2].agreementKey})});
  out.push_back({"enrol-request-no-agreement-key", "enrol-request",
                 sync::toJson(sync::EnrolRequest{"7k3mq9xd2bfhw8tn4rjc", devices[1].id, devices[1].signingKey, {}})});
  out.push_back({"enrol-response", "enrol-response",
                 sync::toJson(sync::EnrolResponse{sync::idToText(t.team), devices[2].id,
                                                  "0f4c2a9d1e8b7c6a5f4e3d2c1b0a9f8e." + std::string(64, 'a'), "coach"})});
  out.push_back({"key-record", "key-record", sync::toJson(key1)});
  for (SchemaCase& c : snapshotSamples(t)) out.push_back(std::move(c));
  return out;
}

// Errors the core itself produces, for the ids it can; a plain message for the others.
std::map<ErrorCode, Error> realErrors(const Team& t) {
  std::map<ErrorCode, Error> out;
  auto keep = [&](const Error& e) { out.emplace(e.code, e); };
  const std::vector<crypto::Bytes> envs{envelope(t, 1, {}, 10), envelope(t, 2, {}, 10)};
  const sync::ParsedEnvelope first = must(sync::parseEnvelope(envs[0]), "parse");
  const sync::ParsedEnvelope second = must(sync::parseEnvelope(envs[1]), "parse");
  keep(sync::parseEnvelope(crypto::Bytes{'C', 'C'}).error());
  crypto::Bytes v2 = envs[0];
  v2[5] = 2;
  keep(sync::parseEnvelope(v2).error());
  keep(sync::verifySignature(first, must(crypto::Ed25519KeyPair::generate(), "a key").publicKey()).error());
  keep(sync::openEnvelope(first, must(crypto::Aead::create(t.teamKey.view()), "a key")).error());
  keep(sync::checkChain(sync::ChainState{}, second).error());                // sequence_gap
  keep(sync::checkChain(sync::advance(first), second).error());              // chain_broken
  keep(sync::checkChain(sync::ChainState{1, sync::Hash{}}, first).error());  // sequence_replayed
  keep(sync::pushRequestFromJson(nlohmann::json::array()).error());
  ManualClock wall(1795338843123);
  keep(HybridClock(wall).checkDrift(Hlc::from(1795338843123 + 3'600'000, 0)).error());
  return out;
}

}  // namespace

std::vector<SchemaCase> validSamples() {
  const Team team;
  std::vector<SchemaCase> out = messageSamples(team);
  const std::map<ErrorCode, Error> real = realErrors(team);
  std::vector<ErrorCode> codes;
#define COACH_X(name, wire, http) codes.push_back(ErrorCode::name);
  COACH_ERROR_CODES(COACH_X)
#undef COACH_X
  for (ErrorCode code : codes) {
    const std::string id(errorInfo(code).wireId);
    auto it = real.find(code);
    const Error error =
        it != real.end() ? it->second : makeError(code, "the request failed (" + id + "): try again later");
    nlohmann::json extra = nlohmann::json::object();
    if (code == ErrorCode::SequenceGap) extra["expected_sequence"] = 1;
    if (code == ErrorCode::ProtocolUnsupported) extra["versions"] = {1};
    std::string name = "error-" + id;
    std::replace(name.begin(), name.end(), '_', '-');
    out.push_back({name, "error", sync::errorJson(error, extra)});
  }
  return out;
}

}  // namespace coach::prototest
