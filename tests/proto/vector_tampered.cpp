// The tampered-envelope vectors (proto/vectors/tampered.json): each is an envelope a receiver must refuse (or,
// for duplicates, drop), with the receiver's state and the check that must decide, in the order of
// proto/PROTOCOL.md, "On a device": structure, team, signature, chain, clock, key, decrypt, decode.
//
// Most are device A's envelope 2 (the team shard) changed in one place. "Re-signed" variants are signed again
// by the sender after the change, so the signature holds and the change meets the next check: that is how
// the vectors show what each header field is bound by besides the signature (the AAD, the chain, the team).
#include <optional>

#include "clock/hlc.hpp"
#include "sync/chain.hpp"
#include "util/byte_io.hpp"
#include "vector_builder.hpp"

namespace coach::prototest {
namespace {

struct Receiver {
  sync::Id team{};
  std::uint64_t lastSequence = 0;
  sync::Hash lastHash{};
  std::optional<crypto::Bytes> key;  // what it holds for the envelope's (shard, key id)
};

struct Expected {
  const char* check;
  const char* error;  // nullptr: no error, the envelope is a duplicate
};

json tcase(std::string name, std::string description, const crypto::Bytes& envelope, const Receiver& r, Expected e) {
  json c{{"name", std::move(name)},
         {"description", std::move(description)},
         {"envelope_hex", hex(envelope)},
         {"receiver",
          {{"team", sync::idToText(r.team)},
           {"chain", {{"last_sequence", r.lastSequence}, {"last_hash", hex(r.lastHash)}}},
           {"key", r.key ? json(hex(*r.key)) : json(nullptr)}}},
         {"expected_check", e.check},
         {"expected_error", e.error == nullptr ? json(nullptr) : json(e.error)}};
  if (e.error == nullptr) c["expected_verdict"] = "duplicate";
  return c;
}

crypto::Bytes setField(crypto::Bytes b, std::size_t offset, std::size_t width, std::uint64_t value) {
  for (std::size_t i = 0; i < width; ++i) {
    b[offset + width - 1 - i] = static_cast<std::uint8_t>(value >> (8 * i));
  }
  return b;
}

crypto::Bytes setBytes(crypto::Bytes b, std::size_t offset, crypto::ByteView with) {
  std::copy(with.begin(), with.end(), b.begin() + static_cast<std::ptrdiff_t>(offset));
  return b;
}

crypto::Bytes flip(crypto::Bytes b, std::size_t offset) {
  b[offset] ^= 0x01;
  return b;
}

// An envelope whose padded plaintext is given as is (the seal functions always pad correctly).
crypto::Bytes assemble(crypto::ByteView header, const crypto::Bytes& padded, const crypto::Bytes& key,
                       const crypto::Bytes& nonce) {
  crypto::Bytes out(header.begin(), header.end());
  util::ByteWriter w(out);
  w.u32(static_cast<std::uint32_t>(crypto::Aead::kOverhead + padded.size()));
  const crypto::Aead aead = must(crypto::Aead::create(key), "a key");
  w.bytes(must(aead.sealWithNonce(nonce, padded, header), "a seal"));
  out.resize(out.size() + crypto::kEd25519SignatureSize);
  return resign(std::move(out), fixture().seedA);
}

struct Base {
  std::vector<ChainEnvelope> chain;
  crypto::Bytes env;  // envelope 2
  Receiver receiver;  // expects envelope 2: last sequence 1, the hash of envelope 1, the team shard key
};

Base base() {
  Base b{validChain(), {}, {}};
  b.env = b.chain[1].bytes;
  b.receiver = {fixture().team, 1, sync::envelopeHash(b.chain[0].bytes), b.chain[1].key};
  return b;
}

void structureCases(const Base& b, json& out) {
  const Receiver& r = b.receiver;
  const Expected bad{"structure", "envelope_malformed"};
  out.push_back(tcase("empty", "no bytes at all", {}, r, bad));
  out.push_back(tcase("bad-magic", "starts with CCE2 instead of CCE1", setField(b.env, 3, 1, '2'), r, bad));
  out.push_back(
      tcase("truncated-header", "only the first 60 bytes", crypto::Bytes(b.env.begin(), b.env.begin() + 60), r, bad));
  out.push_back(tcase("truncated", "the last byte of the signature is missing",
                      crypto::Bytes(b.env.begin(), b.env.end() - 1), r, bad));
  crypto::Bytes longer = b.env;
  longer.push_back(0);
  out.push_back(tcase("trailing-byte", "one byte after the signature", longer, r, bad));
  out.push_back(tcase("sealed-length-too-small", "sealed length 100, below the smallest bucket + 28",
                      setField(b.env, kOffSealedLength, 4, 100), r, bad));
  out.push_back(tcase(
      "sealed-length-plus-one", "sealed length one more than the body: the signature is short",
      setField(b.env, kOffSealedLength, 4, b.env.size() - kOffNonce - crypto::kEd25519SignatureSize + 1), r, bad));
  out.push_back(tcase("sequence-zero", "sequence 0, re-signed: sequences start at 1",
                      resign(setField(b.env, kOffSequence, 8, 0), fixture().seedA), r, bad));
  out.push_back(tcase("protocol-version-2",
                      "protocol version 2 in the header (not re-signed): refused before "
                      "the signature is checked",
                      setField(b.env, kOffProtocol, 2, 2), r, {"structure", "protocol_unsupported"}));
}

// Each header field, and the body, changed without signing again: the signature no longer holds (the team is
// compared before the signature, so a changed team is refused as another team's envelope).
void signatureCases(const Base& b, json& out) {
  const Fixture& f = fixture();
  const Receiver& r = b.receiver;
  const Expected sig{"signature", "signature_invalid"};
  out.push_back(tcase("team-changed", "team id changed: refused before the signature is checked",
                      setBytes(b.env, kOffTeam, f.otherTeam), r, {"team", "wrong_team"}));
  out.push_back(
      tcase("shard-changed", "shard changed to the participant's", setBytes(b.env, kOffShard, f.participant), r, sig));
  out.push_back(tcase("device-changed", "device changed to device B (verified with B's key)",
                      setBytes(b.env, kOffDevice, f.deviceB), r, sig));
  out.push_back(tcase("sequence-changed", "sequence 2 -> 3", setField(b.env, kOffSequence, 8, 3), r, sig));
  out.push_back(tcase("key-id-changed", "key id 1 -> 2", setField(b.env, kOffKeyId, 4, 2), r, sig));
  out.push_back(
      tcase("newest-hlc-changed", "lowest bit of the newest HLC flipped", flip(b.env, kOffNewestHlc + 7), r, sig));
  out.push_back(tcase("prev-hash-changed", "one bit of the previous hash flipped", flip(b.env, kOffPrevHash), r, sig));
  out.push_back(tcase("nonce-changed", "one nonce bit flipped", flip(b.env, kOffNonce), r, sig));
  out.push_back(tcase("ciphertext-bit-flipped", "one ciphertext bit flipped", flip(b.env, kOffCiphertext + 5), r, sig));
  out.push_back(tcase("signature-bit-flipped", "one signature bit flipped", flip(b.env, b.env.size() - 1), r, sig));
  sync::EnvelopeHeader byC = b.chain[1].header;
  byC.device = f.deviceC;
  const crypto::Bytes fromC = sealWith(byC, sync::encodeBatch(b.chain[1].batch), b.chain[1].key, f.seedC,
                                       labelled("nonce/device-c", crypto::Aead::kNonceSize));
  out.push_back(
      tcase("unknown-device", "signed by device C, which is not in the receiver's device list", fromC, r, sig));
}

// The same changes signed again by the sender: the next check catches each.
void resignedCases(const Base& b, json& out) {
  const Fixture& f = fixture();
  const Receiver& r = b.receiver;
  auto re = [&](crypto::Bytes e) { return resign(std::move(e), f.seedA); };
  const Expected aad{"decrypt", "decrypt_failed"};
  out.push_back(tcase("shard-changed-resigned",
                      "shard changed and re-signed; the receiver holds the sealing key "
                      "under that shard too, so only the AAD differs",
                      re(setBytes(b.env, kOffShard, f.participant)), r, aad));
  crypto::Bytes byB = resign(setBytes(b.env, kOffDevice, f.deviceB), f.seedB);
  out.push_back(tcase("device-changed-resigned",
                      "device A's envelope relabelled as device B's and signed by B; "
                      "B's chain is where A's was, so only the AAD differs",
                      byB, r, aad));
  out.push_back(tcase("sequence-changed-resigned", "sequence 2 -> 3 and re-signed: envelope 2 is missing",
                      re(setField(b.env, kOffSequence, 8, 3)), r, {"chain", "sequence_gap"}));
  Receiver none = r;
  none.key.reset();
  out.push_back(tcase("key-id-changed-resigned-no-key",
                      "key id 1 -> 2 and re-signed; the receiver has no key "
                      "version 2 for the shard (it waits for its key record)",
                      re(setField(b.env, kOffKeyId, 4, 2)), none, {"key", "unknown_key"}));
  out.push_back(tcase("key-id-changed-resigned",
                      "key id 1 -> 2 and re-signed; the receiver holds the sealing key "
                      "as version 2 too, so only the AAD differs",
                      re(setField(b.env, kOffKeyId, 4, 2)), r, aad));
  out.push_back(tcase("newest-hlc-changed-resigned", "lowest bit of the newest HLC flipped and re-signed",
                      re(flip(b.env, kOffNewestHlc + 7)), r, aad));
  out.push_back(tcase("prev-hash-changed-resigned", "previous hash changed and re-signed: a forked chain",
                      re(flip(b.env, kOffPrevHash)), r, {"chain", "chain_broken"}));
  out.push_back(tcase("nonce-changed-resigned", "nonce changed and re-signed", re(flip(b.env, kOffNonce)), r, aad));
  out.push_back(tcase("ciphertext-bit-flipped-resigned", "one ciphertext bit flipped and re-signed",
                      re(flip(b.env, kOffCiphertext + 5)), r, aad));
  out.push_back(tcase("tag-bit-flipped-resigned", "one tag bit flipped and re-signed",
                      re(flip(b.env, b.env.size() - crypto::kEd25519SignatureSize - 1)), r, aad));
  out.push_back(tcase("protocol-version-2-resigned", "protocol version 2 and re-signed",
                      re(setField(b.env, kOffProtocol, 2, 2)), r, {"structure", "protocol_unsupported"}));
}

void keyAndBodyCases(const Base& b, json& out) {
  const Fixture& f = fixture();
  Receiver none = b.receiver;
  none.key.reset();
  out.push_back(tcase("unknown-key", "a valid envelope; the receiver holds no key for (team shard, key id 1)", b.env,
                      none, {"key", "unknown_key"}));
  Receiver wrong = b.receiver;
  wrong.key = f.strangerKey;
  out.push_back(tcase("wrong-key", "a valid envelope; the receiver holds another key under (team shard, key id 1)",
                      b.env, wrong, {"decrypt", "decrypt_failed"}));
  const crypto::ByteView header = crypto::ByteView(b.env).first(sync::kHeaderSize);
  crypto::Bytes unpadded = sync::encodeBatch(b.chain[1].batch);
  unpadded.resize(512, 0);  // zeros only: no 0x80 marker
  out.push_back(tcase("padding-without-marker", "authentic, but the plaintext has no 0x80 padding marker",
                      assemble(header, unpadded, b.chain[1].key, labelled("nonce/no-marker", 12)), b.receiver,
                      {"decrypt", "envelope_malformed"}));
  const crypto::Bytes garbage{0x00, 0x03, 0x00, 0x00, 0x00, 0x02, 0xde, 0xad};  // two changes announced, none there
  out.push_back(tcase("batch-malformed", "authentic and correctly padded, but the change batch is truncated",
                      sealWith(b.chain[1].header, garbage, b.chain[1].key, f.seedA, labelled("nonce/garbage", 12)),
                      b.receiver, {"decode", "envelope_malformed"}));
}

// Genuine envelopes whose newest HLC is beyond the receiver's drift bound, or below a field's stamp.
void clockCases(const Base& b, json& out) {
  const Fixture& f = fixture();
  const ChainEnvelope& e = b.chain[1];
  sync::EnvelopeHeader ahead = e.header;
  ahead.newestHlc = Hlc::from(kReceiverClockMs + 24 * 3600 * 1000, 0).value;
  out.push_back(tcase("clock-ahead",
                      "newest HLC a day ahead of the receiver's clock (bound: 5 minutes): the sender's "
                      "clock is wrong; the envelope waits",
                      sealWith(ahead, sync::encodeBatch(e.batch), e.key, f.seedA, labelled("nonce/ahead", 12)),
                      b.receiver, {"clock", "clock_drift"}));
  sync::EnvelopeHeader behind = e.header;
  behind.newestHlc = e.header.newestHlc - 1;
  out.push_back(tcase("field-newer-than-header", "a field's stamp is above the header's newest HLC",
                      sealWith(behind, sync::encodeBatch(e.batch), e.key, f.seedA, labelled("nonce/behind", 12)),
                      b.receiver, {"decode", "envelope_malformed"}));
}

void chainCases(const Base& b, json& out) {
  const Fixture& f = fixture();
  const sync::Hash h2 = sync::envelopeHash(b.env);
  Receiver forked = b.receiver;
  forked.lastHash = sync::envelopeHash(b.chain[2].bytes);
  out.push_back(tcase("chain-broken", "envelope 2 against a receiver whose envelope 1 has another hash", b.env, forked,
                      {"chain", "chain_broken"}));
  out.push_back(tcase("reordered", "envelope 3 arrives before envelope 2", b.chain[2].bytes, b.receiver,
                      {"chain", "sequence_gap"}));
  sync::ChangeBatch other = b.chain[1].batch;
  other.changes.pop_back();
  const crypto::Bytes replay = sealWith(b.chain[1].header, sync::encodeBatch(other), b.chain[1].key, f.seedA,
                                        labelled("nonce/replay", crypto::Aead::kNonceSize));
  Receiver after2{f.team, 2, h2, b.chain[1].key};
  out.push_back(tcase("sequence-replayed", "another envelope under sequence 2, which the receiver already has", replay,
                      after2, {"chain", "sequence_replayed"}));
  out.push_back(tcase("duplicate", "envelope 2 again: already applied, dropped without an error", b.env, after2,
                      {"chain", nullptr}));
  Receiver after2p = after2;
  after2p.key = f.participantKey1;
  out.push_back(tcase("older-duplicate", "envelope 1 after envelope 2: already applied, dropped", b.chain[0].bytes,
                      after2p, {"chain", nullptr}));
  sync::EnvelopeHeader first = b.chain[0].header;
  first.prevHash = sync::envelopeHash(b.chain[2].bytes);
  Receiver fresh{f.team, 0, sync::Hash{}, f.participantKey1};
  out.push_back(tcase("first-with-previous-hash", "sequence 1 whose previous hash is not all zero",
                      sealWith(first, sync::encodeBatch(b.chain[0].batch), f.participantKey1, f.seedA,
                               labelled("nonce/first-prev", 12)),
                      fresh, {"chain", "chain_broken"}));
  sync::EnvelopeHeader foreign = b.chain[1].header;
  foreign.team = f.otherTeam;
  out.push_back(tcase(
      "other-team", "a genuine envelope of device A for another team",
      sealWith(foreign, sync::encodeBatch(b.chain[1].batch), b.chain[1].key, f.seedA, labelled("nonce/other-team", 12)),
      b.receiver, {"team", "wrong_team"}));
}

}  // namespace

json tamperedFile() {
  const Fixture& f = fixture();
  const Base b = base();
  json cases = json::array();
  structureCases(b, cases);
  signatureCases(b, cases);
  resignedCases(b, cases);
  keyAndBodyCases(b, cases);
  chainCases(b, cases);
  clockCases(b, cases);
  return {
      {"type", "tampered"},
      {"description",
       "Envelopes a receiving device must refuse, each with the receiver's state and the first check, in "
       "the order structure, team, signature, chain, clock, key, decrypt, decode, that must fail with the "
       "given error id (proto/PROTOCOL.md, \"On a device\"). A null error is a duplicate: dropped, not an "
       "error. The receiver's wall clock is receiver_clock_ms."},
      {"receiver_clock_ms", kReceiverClockMs},
      {"checks", json::array({"structure", "team", "signature", "chain", "clock", "key", "decrypt", "decode"})},
      {"devices", json::array({{{"id", sync::idToText(f.deviceA)}, {"ed25519_public", hex(publicKeyOf(f.seedA))}},
                               {{"id", sync::idToText(f.deviceB)}, {"ed25519_public", hex(publicKeyOf(f.seedB))}}})},
      {"cases", std::move(cases)}};
}

}  // namespace coach::prototest
