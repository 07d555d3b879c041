// make_corpus: writes the seed corpus of the fuzz targets into tests/fuzz/corpus/<target>/ (README.md there).
//
// Seeds ("seed-*") are real messages made by the product's own writers (sealEnvelopeWithNonce, encodeBatch,
// toJson, sealSnapshot, wrapGrant, makeErasureOrder) with the fixed keys of fixed_keys.hpp; broken inputs ("broken-*") are those seeds with one deliberate
// defect each, aimed at one refusal path. Fixed nonces (distinct per envelope, public test keys only) keep the
// output byte-identical from run to run, so regenerating changes nothing in git (seeds sealed with a random
// nonce -- snapshots, grants, recovery keys -- are written only when missing). Files named otherwise
// (regression inputs, "regress-*") are never touched.
//
// Usage: make_corpus <corpus dir>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>

#include "corpus_files.hpp"
#include "fixed_keys.hpp"
#include "sync/change_batch.hpp"
#include "sync/envelope.hpp"
#include "sync/messages.hpp"
#include "sync/messages_binary.hpp"
#include "util/byte_io.hpp"

namespace coach::fuzz {

void writeFile(const std::filesystem::path& path, crypto::ByteView bytes) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));  // NOLINT
  require(out.good(), "the corpus file is written");
}

void writeFileOnce(const std::filesystem::path& path, crypto::ByteView bytes) {
  if (!std::filesystem::exists(path)) writeFile(path, bytes);
}

namespace {

namespace fs = std::filesystem;

void writeJson(const fs::path& path, const nlohmann::json& j) {
  writeFile(path, crypto::asBytes(j.dump()));
}

constexpr sync::Id fixedId(std::uint8_t first) {
  sync::Id id{};
  for (std::size_t i = 0; i < id.size(); ++i) id[i] = static_cast<std::uint8_t>(first + i);
  return id;
}

constexpr sync::Id kTeam = fixedId(0xa0);
constexpr sync::Id kDevice = fixedId(0xd0);
constexpr sync::Id kParticipant = fixedId(0x50);

// ---- change batches -----------------------------------------------------------------------------------------

sync::ChangeBatch sampleBatch() {
  sync::FieldChange name{"first_name", 1'700'000'000'001, {}, std::string("Sanne")};
  sync::FieldChange hours{"hours_per_week", 1'700'000'000'002, {{1'699'000'000'000, kDevice}}, std::int64_t{24}};
  sync::FieldChange cleared{"phone", 1'700'000'000'003, {{1'699'000'000'001, fixedId(0xe0)}}, std::monostate{}};
  return {3, {{kParticipant, "participant", {name, hours}}, {fixedId(0x60), "job", {cleared}}}};
}

// Enough changes for the 2048-byte padding bucket, with every value type and several bases per field.
sync::ChangeBatch wideBatch() {
  sync::ChangeBatch batch{3, {}};
  for (std::uint8_t i = 0; i < 10; ++i) {
    sync::FieldChange note{"note",
                           1'700'000'100'000u + i,
                           {{1'700'000'000'000, kDevice}, {9, fixedId(i)}},
                           std::string("Gesprek met werkgever over de inwerkperiode, week ") + std::to_string(i)};
    sync::FieldChange amount{"amount_cents", 1'700'000'100'100u + i, {}, std::int64_t{-1425} * i};
    batch.changes.push_back({fixedId(static_cast<std::uint8_t>(0x70 + i)), "support_contact", {note, amount}});
  }
  return batch;
}

sync::ChangeBatch longNamesBatch() {
  const std::string name64(64, 'n');
  sync::FieldChange f{name64, ~std::uint64_t{0}, {}, std::numeric_limits<std::int64_t>::min()};
  for (std::uint8_t i = 0; i < 20; ++i) f.bases.push_back({i, fixedId(i)});
  return {0xffff, {{fixedId(0xff), std::string(64, 'k'), {f, {"t", 0, {}, std::string(300, '\0')}}}}};
}

// One record "k" with one null field "f": 38 bytes whose offsets the broken variants patch.
constexpr std::size_t kCountAt = 2, kKindLengthAt = 22, kNameLengthAt = 26, kBasesAt = 36, kTypeAt = 37;
crypto::Bytes minimalBatch() {
  crypto::Bytes bytes = sync::encodeBatch({1, {{kParticipant, "k", {{"f", 1, {}, {}}}}}});
  require(bytes.size() == kTypeAt + 1, "the minimal batch has the layout the offsets assume");
  return bytes;
}

crypto::Bytes patched(crypto::Bytes bytes, std::size_t at, std::uint8_t value) {
  bytes.at(at) = value;
  return bytes;
}

void writeBatches(const fs::path& dir) {
  writeFile(dir / "seed-sample", sync::encodeBatch(sampleBatch()));
  writeFile(dir / "seed-wide", sync::encodeBatch(wideBatch()));
  writeFile(dir / "seed-empty", sync::encodeBatch({7, {}}));
  writeFile(dir / "seed-long-names", sync::encodeBatch(longNamesBatch()));
  const crypto::Bytes minimal = minimalBatch();
  writeFile(dir / "broken-truncated", crypto::ByteView(minimal).first(minimal.size() - 1));
  writeFile(dir / "broken-count-lie", patched(patched(minimal, kCountAt, 0xff), kCountAt + 1, 0xff));
  writeFile(dir / "broken-empty-kind", patched(minimal, kKindLengthAt, 0));
  writeFile(dir / "broken-long-name", patched(minimal, kNameLengthAt, 65));
  writeFile(dir / "broken-bases-lie", patched(minimal, kBasesAt, 200));
  writeFile(dir / "broken-value-type", patched(minimal, kTypeAt, 3));
}

// ---- envelopes ----------------------------------------------------------------------------------------------

class EnvelopeMaker {
 public:
  crypto::Bytes seal(const sync::EnvelopeHeader& h, crypto::ByteView batch, const FixedKeys& keys = fixedKeys()) {
    return must(sync::sealEnvelopeWithNonce(h, batch, keys.shardKey, keys.signer, nextNonce()));
  }

  // An envelope around `padded` exactly as given (sealEnvelope always pads correctly), signed and sealed with
  // the fixed keys: reaches openEnvelope's padding check, which mutations cannot (they break the tag).
  crypto::Bytes sealRaw(const sync::EnvelopeHeader& h, crypto::ByteView padded) {
    const crypto::Bytes valid = seal(h, {});
    const crypto::ByteView header = crypto::ByteView(valid).first(sync::kHeaderSize);
    const FixedKeys& keys = fixedKeys();
    crypto::Bytes out(header.begin(), header.end());
    util::ByteWriter w(out);
    w.u32(static_cast<std::uint32_t>(crypto::Aead::kOverhead + padded.size()));
    w.bytes(must(keys.shardKey.sealWithNonce(nextNonce(), padded, header)));
    w.bytes(must(keys.signer.sign(out)));
    return out;
  }

 private:
  crypto::Bytes nextNonce() {
    crypto::Bytes nonce(crypto::Aead::kNonceSize, 0);
    nonce.back() = ++count_;
    return nonce;
  }
  std::uint8_t count_ = 0;
};

sync::EnvelopeHeader header(std::uint64_t sequence, const sync::Hash& prevHash = {}, const sync::Id& shard = {}) {
  return {sync::kProtocolVersion, kTeam, shard, kDevice, sequence, 1, 1'700'000'000'003, prevHash};
}

// Corrupts byte `at` of `bytes` by adding `delta`.
crypto::Bytes corrupted(crypto::Bytes bytes, std::size_t at, std::uint8_t delta) {
  bytes.at(at) = static_cast<std::uint8_t>(bytes.at(at) + delta);
  return bytes;
}

void writeBrokenEnvelopes(const fs::path& dir, EnvelopeMaker& maker, const crypto::Bytes& first) {
  crypto::Bytes padded = sync::encodeBatch(sampleBatch());
  padded.resize(sync::paddedSize(padded.size()), 0);
  writeFile(dir / "broken-padding-zero", maker.sealRaw(header(1), padded));
  padded[padded.size() - 1] = 0x7f;
  writeFile(dir / "broken-padding-marker", maker.sealRaw(header(1), padded));
  writeFile(dir / "broken-not-a-batch", maker.seal(header(1), crypto::asBytes("not a change batch")));
  writeFile(dir / "broken-magic", corrupted(first, 3, 1));
  writeFile(dir / "broken-protocol-2", corrupted(first, 5, 1));
  writeFile(dir / "broken-truncated", crypto::ByteView(first).first(first.size() - 1));
  crypto::Bytes trailing = first;
  trailing.push_back(0);
  writeFile(dir / "broken-trailing-byte", trailing);
}

// Returns the first envelope, which the messages reuse.
crypto::Bytes writeEnvelopes(const fs::path& dir) {
  EnvelopeMaker maker;
  const crypto::Bytes sample = sync::encodeBatch(sampleBatch());
  crypto::Bytes first = maker.seal(header(1), sample);  // returned: not const, so it moves
  writeFile(dir / "seed-seq1-team", first);
  const sync::Hash firstHash = sync::envelopeHash(first);
  writeFile(dir / "seed-seq2-participant",
            maker.seal(header(2, firstHash, kParticipant), sync::encodeBatch(wideBatch())));
  writeFile(dir / "seed-empty-batch", maker.seal(header(1), sync::encodeBatch({3, {}})));
  writeFile(dir / "seed-sequence-gap", maker.seal(header(7, firstHash), sample));
  writeFile(dir / "seed-chain-broken", maker.seal(header(1, firstHash), sample));
  writeFile(dir / "seed-other-signer", maker.seal(header(1), sample, makeKeys(0x10, 0x41)));
  writeFile(dir / "seed-other-key", maker.seal(header(1), sample, makeKeys(0x11, 0x40)));
  writeBrokenEnvelopes(dir, maker, first);
  return first;
}

// ---- messages -----------------------------------------------------------------------------------------------

sync::KeyRecord keyRecord() {
  return {"team", 1, 1, sync::idToText(kDevice), fixedBytes(0x30, 60)};
}

sync::PullResponse pullResponse(const crypto::Bytes& envelope) {
  sync::PullItem key{41, true, {}, keyRecord(), false, {}};
  key.key.shard = sync::shardToText(kParticipant);
  return {{{40, false, envelope, {}, false, {}}, key}, 41, true};
}

void writeMessages(const fs::path& dir, const crypto::Bytes& envelope) {
  const nlohmann::json push = sync::toJson(sync::PushRequest{{envelope}, {keyRecord()}});
  writeJson(dir / "seed-push-request", push);
  writeJson(dir / "seed-push-response", sync::toJson(sync::PushResponse{1, {40}}));
  writeJson(dir / "seed-pull-request", sync::toJson(sync::PullRequest{40, 500, 4u << 20}));
  const nlohmann::json pull = sync::toJson(pullResponse(envelope));
  writeJson(dir / "seed-pull-response", pull);
  std::vector<sync::DeviceInfo> devices(2);
  devices[0].id = sync::idToText(kDevice);
  devices[0].signingKey = fixedKeys().signer.publicKey();
  devices[1].id = sync::idToText(fixedId(0xe0));
  devices[1].signingKey = fixedBytes(1, 32);
  devices[1].revoked = true;
  writeJson(dir / "seed-devices", sync::toJson(devices));
  writeJson(dir / "seed-error",
            sync::errorJson(makeError(ErrorCode::SequenceGap, "expected sequence 2, got 7"), {{"expected", 2}}));
  nlohmann::json broken = push;
  broken["protocol"] = 2;
  writeJson(dir / "broken-protocol-2", broken);
  broken["protocol"] = "1";
  writeJson(dir / "broken-protocol-string", broken);
  broken = push;
  broken["envelopes"][0] = "Q0NFMQ=";
  writeJson(dir / "broken-base64", broken);
  broken = push;
  broken["keys"][0]["author"] = "d0d1d2";
  writeJson(dir / "broken-short-id", broken);
  broken = pull;
  broken["items"][0]["type"] = "change";
  writeJson(dir / "broken-item-type", broken);
  broken = pull;
  broken["items"][1]["key"]["version"] = 0;
  writeJson(dir / "broken-key-version-zero", broken);
}

// ---- binary bodies ------------------------------------------------------------------------------------------

void writeBody(const fs::path& path, const std::string& body) { writeFile(path, crypto::asBytes(body)); }

void writeBinaryMessages(const fs::path& dir, const crypto::Bytes& envelope) {
  const std::string push = must(sync::toBinary(sync::PushRequest{{envelope}, {keyRecord()}}));
  writeBody(dir / "seed-push-request", push);
  writeBody(dir / "seed-push-empty", must(sync::toBinary(sync::PushRequest{})));
  writeBody(dir / "seed-push-response", must(sync::toBinary(sync::PushResponse{1, {40}})));
  sync::PullResponse page = pullResponse(envelope);
  sync::PullItem erased{42, false, crypto::Bytes(envelope.begin(), envelope.begin() + sync::kHeaderSize), {}, true,
                        fixedBytes(0x77, sync::kHashSize)};
  page.items.push_back(erased);
  page.next = 42;
  const std::string pull = must(sync::toBinary(page));
  writeBody(dir / "seed-pull-response", pull);
  const sync::Snapshot snapshot{sync::SnapshotMeta{"team", 42, 1, keyRecord().author, 200}, fixedBytes(0x5c, 200), 0};
  const std::string snap = must(sync::toBinary(snapshot));
  writeBody(dir / "seed-snapshot", snap);
  writeBody(dir / "broken-snapshot-truncated", snap.substr(0, snap.size() - 1));
  writeBody(dir / "broken-truncated", push.substr(0, push.size() - 1));
  writeBody(dir / "broken-trailing-byte", push + std::string(1, '\0'));
  std::string broken = push;
  broken[13] = '\x7f';  // the envelope's length: 32,714 bytes, past the end
  writeBody(dir / "broken-length-past-end", broken);
  broken = push;
  broken[5] = 2;
  writeBody(dir / "broken-protocol-2", broken);
  broken = pull;
  broken[7 + 8 + 1 + 4 + 8] = 9;  // the first item's type
  writeBody(dir / "broken-item-type", broken);
  broken = pull;
  broken[7 + 8 + 1 + 3] = '\x7f';  // the item count: more than the bytes hold
  writeBody(dir / "broken-count", broken);
}

}  // namespace
}  // namespace coach::fuzz

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_corpus <corpus dir>   (normally tests/fuzz/corpus)\n");
    return 2;
  }
  const std::filesystem::path root(argv[1]);
  coach::fuzz::writeBatches(root / "fuzz_change_batch");
  const coach::crypto::Bytes envelope = coach::fuzz::writeEnvelopes(root / "fuzz_envelope");
  coach::fuzz::writeMessages(root / "fuzz_messages", envelope);
  coach::fuzz::writeBinaryMessages(root / "fuzz_binary_messages", envelope);
  coach::fuzz::writeMoreMessages(root / "fuzz_messages");
  coach::fuzz::writeSnapshots(root / "fuzz_snapshot");
  coach::fuzz::writeKeyInputs(root / "fuzz_keys");
  coach::fuzz::writeTypedInputs(root / "fuzz_typed_input");
  return 0;
}
