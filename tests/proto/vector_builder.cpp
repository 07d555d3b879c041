#include "vector_builder.hpp"

#include <algorithm>

#include "clock/hlc.hpp"
#include "key_wrap.hpp"
#include "sync/messages.hpp"

namespace coach::prototest {
namespace {

sync::Id idOf(std::string_view label) {
  const crypto::Bytes b = labelled("id/" + std::string(label), sync::kIdSize);
  sync::Id id{};
  std::copy(b.begin(), b.end(), id.begin());
  return id;
}

std::uint64_t hlc(std::uint64_t millis, std::uint16_t counter) {
  return Hlc::from(millis, counter).value;
}

// The stamps of the vectors: 2026-11-21T16:40:05.002Z (device B's earlier edits), 2026-11-22T09:14:03.123Z,
// 2026-11-22T09:15:41.507Z and 2026-11-23T14:02:17.880Z.
constexpr std::uint64_t kMsB = 1795279205002;
constexpr std::uint64_t kMs1 = 1795338843123;
constexpr std::uint64_t kMs2 = 1795338941507;
constexpr std::uint64_t kMs3 = 1795442537880;
constexpr std::uint16_t kSchemaLevel = 3;

sync::FieldChange text(std::string name, std::uint64_t stamp, std::string value, std::vector<sync::Stamp> bases = {}) {
  return {std::move(name), stamp, std::move(bases), std::move(value)};
}
sync::FieldChange integer(std::string name, std::uint64_t stamp, std::int64_t value,
                          std::vector<sync::Stamp> bases = {}) {
  return {std::move(name), stamp, std::move(bases), value};
}
sync::FieldChange cleared(std::string name, std::uint64_t stamp, std::vector<sync::Stamp> bases) {
  return {std::move(name), stamp, std::move(bases), model::FieldValue{}};
}

sync::ChangeBatch firstBatch(const Fixture& f) {
  const std::uint64_t h = hlc(kMs1, 0);
  sync::RecordChange participant{
      f.participant,
      "participant",
      {text("name", h, "Sanne de Vries"), text("birth_date", h, "1991-04-17"), text("phone", h, "06-12345678"),
       text("municipality", h, "Utrecht"), text("coach", h, "coach.jansen")}};
  sync::RecordChange trajectory{
      idOf("record/trajectory"),
      "trajectory",
      {text("participant_id", h + 1, sync::idToText(f.participant)), text("referral_date", h + 1, "2026-11-20"),
       text("referral_source", h + 1, "treatment_team"), text("status", h + 1, "referred")}};
  return {kSchemaLevel, {participant, trajectory}};
}

sync::ChangeBatch teamBatch(const Fixture& f) {
  const std::uint64_t h = hlc(kMs2, 0);
  sync::RecordChange employer{
      idOf("record/employer"),
      "employer",
      {text("name", h, "Bakkerij Van Dijk"), text("sector", h, "hospitality"), text("city", h, "Utrecht"),
       text("hiring_needs", h, "Zoekt een hulp in de bakkerij, drie ochtenden per week.")}};
  // Archiving an employer device B created: the archived flag is a field like any other.
  sync::RecordChange archived{
      idOf("record/employer-2"), "employer", {integer("archived", h + 1, 1, {{hlc(kMsB, 0), f.deviceB}})}};
  return {kSchemaLevel, {employer, archived}};
}

const char* const kLongNote =
    "Vandaag twee uur meegelopen op de werkvloer bij de bakkerij. Sanne begon om 06:30 en was op tijd; zij vond "
    "het inpakken van het brood prettig werk, het afrekenen aan de kassa nog spannend. Met de leidinggevende "
    "afgesproken dat zij de eerste twee weken alleen achter in de bakkerij werkt en pas daarna één ochtend per "
    "week de kassa erbij neemt, met een vaste collega ernaast. Werkgever vraagt of de proefplaatsing kan worden "
    "verlengd tot eind januari; dat bespreek ik met het UWV. Sanne gaf aan moe te zijn na de ochtend maar trots. "
    "Volgende keer: reistijd met de bus bespreken (nu 40 minuten), en nagaan of de medicatie-inname 's ochtends "
    "past bij de vroege start. Café-pauze om 09:00 samen met de collega's; zij voelde zich welkom.";

sync::ChangeBatch thirdBatch(const Fixture& f) {
  const std::uint64_t h = hlc(kMs3, 0);
  sync::RecordChange contact{
      idOf("record/support-contact"),
      "support_contact",
      {text("participant_id", h, sync::idToText(f.participant)), text("contact_on", h, "2026-11-23"),
       text("mode", h, "face_to_face"), text("place", h, "workplace"), text("with_whom", h, "employer,participant"),
       text("type", h, "on_site_coaching"), integer("duration_minutes", h, 45), text("note", h, kLongNote)}};
  // An edit of a note device B wrote (its stamp is the base), and a phone number cleared.
  sync::RecordChange participant{
      f.participant,
      "participant",
      {text("note", h + 1, "Wil graag in de ochtend werken; geen kassawerk in week 1.", {{hlc(kMsB, 3), f.deviceB}}),
       cleared("phone", h + 1, {{hlc(kMs1, 0), f.deviceA}})}};
  return {kSchemaLevel, {contact, participant}};
}

sync::EnvelopeHeader header(const Fixture& f, const sync::Id& shard, std::uint64_t sequence, std::uint32_t keyId,
                            std::uint64_t newest, const sync::Hash& prev) {
  sync::EnvelopeHeader h;
  h.team = f.team;
  h.shard = shard;
  h.device = f.deviceA;
  h.sequence = sequence;
  h.keyId = keyId;
  h.newestHlc = newest;
  h.prevHash = prev;
  return h;
}

ChainEnvelope chained(std::string name, std::string description, sync::EnvelopeHeader h, sync::ChangeBatch batch,
                      crypto::Bytes key) {
  crypto::Bytes nonce = labelled("nonce/" + name, crypto::Aead::kNonceSize);
  crypto::Bytes bytes = sealWith(h, sync::encodeBatch(batch), key, fixture().seedA, nonce);
  return {std::move(name),  std::move(description), h, std::move(batch), std::move(key),
          std::move(nonce), std::move(bytes)};
}

json envelopeJson(const ChainEnvelope& e) {
  const crypto::Bytes batch = sync::encodeBatch(e.batch);
  const crypto::ByteView bytes(e.bytes);
  return {{"name", e.name},
          {"description", e.description},
          {"header", headerToJson(e.header)},
          {"key", hex(e.key)},
          {"nonce", hex(e.nonce)},
          {"batch", batchToJson(e.batch)},
          {"batch_hex", hex(batch)},
          {"padded_size", sync::paddedSize(batch.size())},
          {"aad_hex", hex(bytes.first(sync::kHeaderSize))},
          {"signature_hex", hex(bytes.last(crypto::kEd25519SignatureSize))},
          {"envelope_size", e.bytes.size()},
          {"envelope_hex", hex(e.bytes)},
          {"envelope_sha256", hex(sync::envelopeHash(e.bytes))}};
}

}  // namespace

crypto::Bytes labelled(std::string_view label, std::size_t size) {
  crypto::Bytes digest = crypto::sha256(crypto::asBytes("coach.proto.vectors/" + std::string(label)));
  digest.resize(size);
  return digest;
}

const Fixture& fixture() {
  static const Fixture f = [] {
    Fixture x;
    x.team = idOf("team");
    x.otherTeam = idOf("other-team");
    x.deviceA = idOf("device-a");
    x.deviceB = idOf("device-b");
    x.deviceC = idOf("device-c");
    x.participant = idOf("participant");
    x.seedA = labelled("seed/device-a", crypto::kEd25519SeedSize);
    x.seedB = labelled("seed/device-b", crypto::kEd25519SeedSize);
    x.seedC = labelled("seed/device-c", crypto::kEd25519SeedSize);
    x.teamKey1 = labelled("key/team/epoch-1", crypto::Aead::kKeySize);
    x.teamKey2 = labelled("key/team/epoch-2", crypto::Aead::kKeySize);
    x.participantKey1 = labelled("key/participant/version-1", crypto::Aead::kKeySize);
    x.participantKey2 = labelled("key/participant/version-2", crypto::Aead::kKeySize);
    x.strangerKey = labelled("key/stranger", crypto::Aead::kKeySize);
    return x;
  }();
  return f;
}

crypto::Bytes publicKeyOf(const crypto::Bytes& seed) {
  return must(crypto::Ed25519KeyPair::fromSeed(seed), "an Ed25519 key pair").publicKey();
}

crypto::Bytes teamShardKeyBytes(const crypto::Bytes& teamKey, std::uint32_t epoch) {
  const crypto::SecretBytes key = must(teamShardKey(teamKey, fixture().team, epoch), "the team shard key");
  return crypto::Bytes(key.view().begin(), key.view().end());
}

crypto::Bytes sealWith(const sync::EnvelopeHeader& header, crypto::ByteView batch, const crypto::Bytes& key,
                       const crypto::Bytes& seed, const crypto::Bytes& nonce) {
  const crypto::Aead aead = must(crypto::Aead::create(key), "the shard key");
  const crypto::Ed25519KeyPair signer = must(crypto::Ed25519KeyPair::fromSeed(seed), "the signing key");
  return must(sync::sealEnvelopeWithNonce(header, batch, aead, signer, nonce), "sealing a vector envelope");
}

crypto::Bytes resign(crypto::Bytes envelope, const crypto::Bytes& seed) {
  const crypto::Ed25519KeyPair signer = must(crypto::Ed25519KeyPair::fromSeed(seed), "the signing key");
  const std::size_t signedEnd = envelope.size() - crypto::kEd25519SignatureSize;
  const crypto::Bytes signature =
      must(signer.sign(crypto::ByteView(envelope).first(signedEnd)), "signing a vector envelope");
  std::copy(signature.begin(), signature.end(), envelope.begin() + static_cast<std::ptrdiff_t>(signedEnd));
  return envelope;
}

std::vector<ChainEnvelope> validChain() {
  const Fixture& f = fixture();
  std::vector<ChainEnvelope> chain;
  sync::ChangeBatch b1 = firstBatch(f);
  chain.push_back(chained("participant-created",
                          "sequence 1 of device A: a new participant and trajectory in the "
                          "participant's shard (bucket 512, previous hash all zero)",
                          header(f, f.participant, 1, 1, hlc(kMs1, 1), sync::Hash{}), b1, f.participantKey1));
  sync::ChangeBatch b2 = teamBatch(f);
  chain.push_back(chained("team-shard-employer",
                          "sequence 2: the team shard (shard all zero, key id = epoch 1, key "
                          "derived from the team key); archives an employer device B made",
                          header(f, sync::Id{}, 2, 1, hlc(kMs2, 1), sync::envelopeHash(chain[0].bytes)), b2,
                          teamShardKeyBytes(f.teamKey1, 1)));
  sync::ChangeBatch b3 = thirdBatch(f);
  chain.push_back(chained("support-contact-and-edits",
                          "sequence 3: a support contact with a long note (bucket 2048), "
                          "an edit of device B's note (a base) and a cleared field",
                          header(f, f.participant, 3, 1, hlc(kMs3, 1), sync::envelopeHash(chain[1].bytes)), b3,
                          f.participantKey1));
  return chain;
}

json envelopesFile() {
  const Fixture& f = fixture();
  json envelopes = json::array();
  for (const ChainEnvelope& e : validChain()) envelopes.push_back(envelopeJson(e));
  return {{"type", "envelopes"},
          {"description",
           "Device A's first three envelopes, a valid hash chain. Each states its inputs (header, "
           "key, nonce, change batch) and the exact bytes they give (proto/PROTOCOL.md)."},
          {"team", sync::idToText(f.team)},
          {"receiver_clock_ms", kReceiverClockMs},
          {"devices", json::array({{{"id", sync::idToText(f.deviceA)},
                                    {"ed25519_seed", hex(f.seedA)},
                                    {"ed25519_public", hex(publicKeyOf(f.seedA))}}})},
          {"envelopes", std::move(envelopes)}};
}

std::vector<std::pair<std::string, json>> vectorFiles() {
  return {{kEnvelopesFile, envelopesFile()},
          {kTamperedFile, tamperedFile()},
          {kKeyRecordsFile, keyRecordsFile()},
          {kBinaryBodiesFile, binaryBodiesFile()}};
}

}  // namespace coach::prototest
