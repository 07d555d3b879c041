// The valid-envelope vectors of proto/vectors/envelopes.json: the stated inputs give exactly the stated bytes,
// and the bytes open to the stated batch and form a chain.
#include <catch2/catch.hpp>

#include "receiver_checks.hpp"
#include "sync/chain.hpp"
#include "vector_builder.hpp"
#include "vector_files.hpp"

using namespace coach;
using namespace coach::prototest;

namespace {

const json& envelopesVectors() {
  static const json file = loadVectorFiles().at("envelopes").content;
  return file;
}

struct SigningDevice {
  sync::Id id{};
  crypto::Bytes seed;
  crypto::Bytes publicKey;
};

SigningDevice signingDevice() {
  const json& d = envelopesVectors().at("devices").at(0);
  return {idFromJson(d.at("id")), unhex(d.at("ed25519_seed")), unhex(d.at("ed25519_public"))};
}

}  // namespace

TEST_CASE("The proto vector files are exactly what the generator writes", "[proto][vectors]") {
  const auto files = loadVectorFiles();
  const auto expected = vectorFiles();
  CHECK(files.size() == expected.size());
  for (const auto& [name, content] : expected) {
    INFO(name << " differs from what make_vectors writes: run build/dev/bin/make_vectors and review the diff");
    const std::string type = content.at("type");
    REQUIRE(files.count(type) == 1);
    CHECK(files.at(type).fileName == name);
    CHECK(files.at(type).content == content);
  }
}

TEST_CASE("Every valid proto envelope vector is reproduced byte for byte from its stated inputs", "[proto][vectors]") {
  const SigningDevice device = signingDevice();
  CHECK(publicKeyOf(device.seed) == device.publicKey);
  std::size_t count = 0;
  for (const json& v : envelopesVectors().at("envelopes")) {
    INFO(v.at("name").get<std::string>());
    const sync::EnvelopeHeader header = headerFromJson(v.at("header"));
    CHECK(headerToJson(header) == v.at("header"));
    const sync::ChangeBatch batch = batchFromJson(v.at("batch"));
    const crypto::Bytes batchBytes = sync::encodeBatch(batch);
    CHECK(hex(batchBytes) == v.at("batch_hex"));
    CHECK(sync::paddedSize(batchBytes.size()) == v.at("padded_size").get<std::size_t>());
    const crypto::Bytes sealed = sealWith(header, batchBytes, unhex(v.at("key")), device.seed, unhex(v.at("nonce")));
    REQUIRE(hex(sealed) == v.at("envelope_hex").get<std::string>());
    CHECK(sealed.size() == v.at("envelope_size").get<std::size_t>());
    CHECK(sealed.size() == sync::kEnvelopeOverhead + v.at("padded_size").get<std::size_t>());
    CHECK(hex(sync::envelopeHash(sealed)) == v.at("envelope_sha256"));
    CHECK(hex(crypto::ByteView(sealed).first(sync::kHeaderSize)) == v.at("aad_hex"));
    CHECK(hex(crypto::ByteView(sealed).last(crypto::kEd25519SignatureSize)) == v.at("signature_hex"));
    ++count;
  }
  CHECK(count == 3);
}

TEST_CASE("Every valid proto envelope vector opens to its batch and continues the chain", "[proto][vectors]") {
  const SigningDevice device = signingDevice();
  ReceiverState state;
  state.team = idFromJson(envelopesVectors().at("team"));
  state.signingKeys = {{device.id, device.publicKey}};
  state.nowMillis = envelopesVectors().at("receiver_clock_ms");
  std::size_t count = 0;
  for (const json& v : envelopesVectors().at("envelopes")) {
    INFO(v.at("name").get<std::string>());
    const crypto::Bytes bytes = unhex(v.at("envelope_hex"));
    state.key = unhex(v.at("key"));
    const Outcome o = receive(bytes, state);
    CHECK(o.check == "accepted");
    CHECK(o.error.empty());
    const sync::ParsedEnvelope parsed = must(sync::parseEnvelope(bytes), "parse");
    CHECK(parsed.header == headerFromJson(v.at("header")));
    const crypto::Aead aead = must(crypto::Aead::create(*state.key), "key");
    const crypto::Bytes plain = must(sync::openEnvelope(parsed, aead), "open");
    CHECK(hex(plain) == v.at("batch_hex"));
    CHECK(must(sync::decodeBatch(plain), "decode") == batchFromJson(v.at("batch")));
    state.chain = sync::advance(parsed);
    ++count;
  }
  CHECK(count == 3);
}
