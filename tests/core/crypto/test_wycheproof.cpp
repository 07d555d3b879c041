// Every vector of the Wycheproof files in tests/data/wycheproof/ run through crypto/crypto.hpp.
//
// Each test counts the vectors it ran by result and requires the counts to match what the file holds, so a
// file that fails to load, a renamed field or a skipped group fails the test instead of passing it silently.
//
// Policies where Wycheproof leaves the choice to the implementation:
//  - AES-GCM: the three "valid" vectors with a 2056-bit (257-byte) IV cannot run: OpenSSL 3.0's GCM refuses
//    IVs over 128 bytes. They are counted as `refused` and must be refused with InvalidArgument, never with a
//    wrong result. The "invalid" zero-length-IV vectors are refused with InvalidArgument in both directions.
//  - X25519 "acceptable" vectors (twist points, non-canonical and low-order public keys): when the expected
//    shared secret is all zeros x25519() must return CryptoFailure (RFC 7748 sec. 6.1); otherwise it must
//    return exactly the expected secret.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "crypto/crypto.hpp"

using namespace coach;
using namespace coach::crypto;
using nlohmann::json;

namespace {

struct Counts {
  std::size_t valid = 0;
  std::size_t invalid = 0;
  std::size_t acceptable = 0;
  std::size_t refused = 0;  // valid vectors this OpenSSL cannot run (see the file comment)
  std::size_t total() const { return valid + invalid + acceptable + refused; }
};

json loadVectors(const std::string& name) {
  const std::string path = COACH_TEST_DATA "/wycheproof/" + name;
  INFO("reading " << path);
  std::ifstream in(path);
  REQUIRE(in.good());
  json doc = json::parse(in, nullptr, /*allow_exceptions=*/false);
  REQUIRE_FALSE(doc.is_discarded());
  return doc;
}

using GroupFilter = std::function<bool(const json& group)>;

// How many vectors of each result the file holds, in the groups `keep` selects.
Counts countInFile(const json& doc, const GroupFilter& keep = [](const json&) { return true; }) {
  Counts counts;
  for (const json& group : doc.at("testGroups")) {
    if (!keep(group)) continue;
    for (const json& test : group.at("tests")) {
      const std::string result = test.at("result").get<std::string>();
      if (result == "valid") ++counts.valid;
      if (result == "invalid") ++counts.invalid;
      if (result == "acceptable") ++counts.acceptable;
    }
  }
  return counts;
}

// The run covered every vector of the file: each result's count matches and the total is the header's.
void requireEveryVectorRan(const json& doc, const Counts& run) {
  const Counts inFile = countInFile(doc);
  CHECK(run.valid + run.refused == inFile.valid);
  CHECK(run.invalid == inFile.invalid);
  CHECK(run.acceptable == inFile.acceptable);
  REQUIRE(run.total() == doc.at("numberOfTests").get<std::size_t>());
  REQUIRE(run.valid > 0);
}

Bytes hexField(const json& test, const char* field) {
  Bytes out;
  INFO("field " << field);
  REQUIRE(fromHex(test.at(field).get<std::string>(), out));
  return out;
}

Bytes concat(const Bytes& first, const Bytes& second) {
  Bytes out = first;
  out.insert(out.end(), second.begin(), second.end());
  return out;
}

bool isAllZero(const Bytes& bytes) {
  return std::all_of(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b == 0; });
}

struct GcmVector {
  Bytes key, iv, aad, msg, ct, tag;
  std::string result;
};

GcmVector parseGcm(const json& test) {
  return GcmVector{hexField(test, "key"), hexField(test, "iv"),  hexField(test, "aad"),
                   hexField(test, "msg"), hexField(test, "ct"), hexField(test, "tag"),
                   test.at("result").get<std::string>()};
}

constexpr std::size_t kOpenSslMaxGcmIv = 128;

void requireCode(const Result<Bytes>& result, ErrorCode code) {
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().code == code);
}

void runValidGcm(const GcmVector& v, std::size_t tagSize) {
  const Result<Bytes> sealed = aesGcmSeal(v.key, v.iv, v.aad, v.msg, tagSize);
  REQUIRE(sealed.ok());
  CHECK(toHex(*sealed) == toHex(concat(v.ct, v.tag)));
  const Result<Bytes> opened = aesGcmOpen(v.key, v.iv, v.aad, concat(v.ct, v.tag), tagSize);
  REQUIRE(opened.ok());
  CHECK(toHex(*opened) == toHex(v.msg));
}

void runInvalidGcm(const GcmVector& v, std::size_t tagSize) {
  const Result<Bytes> opened = aesGcmOpen(v.key, v.iv, v.aad, concat(v.ct, v.tag), tagSize);
  if (v.iv.empty()) {  // a parameter we refuse outright, in both directions
    requireCode(opened, ErrorCode::InvalidArgument);
    requireCode(aesGcmSeal(v.key, v.iv, v.aad, v.msg, tagSize), ErrorCode::InvalidArgument);
  } else {
    requireCode(opened, ErrorCode::DecryptFailed);
  }
}

bool isAeadGroup(const json& group) {
  return group.at("keySize") == 256 && group.at("ivSize") == 96 && group.at("tagSize") == 128;
}

}  // namespace

TEST_CASE("AES-GCM seals and opens every Wycheproof vector as expected", "[crypto][wycheproof][aead]") {
  const json doc = loadVectors("aes_gcm_test.json");
  Counts run;
  for (const json& group : doc.at("testGroups")) {
    const std::size_t tagSize = group.at("tagSize").get<std::size_t>() / 8;
    for (const json& test : group.at("tests")) {
      INFO("tcId " << test.at("tcId") << " " << test.at("comment"));
      const GcmVector v = parseGcm(test);
      if (v.result == "valid" && v.iv.size() > kOpenSslMaxGcmIv) {
        requireCode(aesGcmSeal(v.key, v.iv, v.aad, v.msg, tagSize), ErrorCode::InvalidArgument);
        requireCode(aesGcmOpen(v.key, v.iv, v.aad, concat(v.ct, v.tag), tagSize), ErrorCode::InvalidArgument);
        ++run.refused;
      } else if (v.result == "valid") {
        runValidGcm(v, tagSize);
        ++run.valid;
      } else if (v.result == "invalid") {
        runInvalidGcm(v, tagSize);
        ++run.invalid;
      } else {
        FAIL("no policy for an AES-GCM vector with result " << v.result);
      }
    }
  }
  requireEveryVectorRan(doc, run);
  REQUIRE(run.invalid > 0);
  REQUIRE(run.refused == 3);  // exactly the 2056-bit IV vectors; any other refusal is a regression
}

TEST_CASE("Aead matches every Wycheproof AES-256-GCM vector with a 96-bit nonce", "[crypto][wycheproof][aead]") {
  const json doc = loadVectors("aes_gcm_test.json");
  Counts run;
  for (const json& group : doc.at("testGroups")) {
    if (!isAeadGroup(group)) continue;
    for (const json& test : group.at("tests")) {
      INFO("tcId " << test.at("tcId") << " " << test.at("comment"));
      const GcmVector v = parseGcm(test);
      Result<Aead> aead = Aead::create(v.key);
      REQUIRE(aead.ok());
      const Bytes sealed = concat(concat(v.iv, v.ct), v.tag);
      const Result<Bytes> opened = aead->open(sealed, v.aad);
      if (v.result == "valid") {
        const Result<Bytes> resealed = aead->sealWithNonce(v.iv, v.msg, v.aad);
        REQUIRE(resealed.ok());
        CHECK(toHex(*resealed) == toHex(sealed));
        REQUIRE(opened.ok());
        CHECK(toHex(*opened) == toHex(v.msg));
        ++run.valid;
      } else {
        requireCode(opened, ErrorCode::DecryptFailed);
        ++run.invalid;
      }
    }
  }
  const Counts inFile = countInFile(doc, isAeadGroup);
  CHECK(run.valid == inFile.valid);
  CHECK(run.invalid == inFile.invalid);
  REQUIRE(run.valid > 0);
  REQUIRE(run.invalid > 0);
}

TEST_CASE("HKDF-SHA256 derives every Wycheproof vector and refuses oversized outputs",
          "[crypto][wycheproof][kdf]") {
  const json doc = loadVectors("hkdf_sha256_test.json");
  Counts run;
  for (const json& group : doc.at("testGroups")) {
    for (const json& test : group.at("tests")) {
      INFO("tcId " << test.at("tcId") << " " << test.at("comment"));
      const std::string result = test.at("result").get<std::string>();
      const Result<SecretBytes> okm = hkdfSha256(hexField(test, "ikm"), hexField(test, "salt"),
                                                 hexField(test, "info"), test.at("size").get<std::size_t>());
      if (result == "valid") {
        REQUIRE(okm.ok());
        CHECK(toHex(okm->view()) == test.at("okm").get<std::string>());
        ++run.valid;
      } else if (result == "invalid") {
        REQUIRE_FALSE(okm.ok());
        CHECK(okm.error().code == ErrorCode::InvalidArgument);
        ++run.invalid;
      } else {
        FAIL("no policy for an HKDF vector with result " << result);
      }
    }
  }
  requireEveryVectorRan(doc, run);
  REQUIRE(run.invalid > 0);
}

TEST_CASE("X25519 computes every Wycheproof shared secret and refuses all-zero ones",
          "[crypto][wycheproof][x25519]") {
  const json doc = loadVectors("x25519_test.json");
  Counts run;
  std::size_t zeroShared = 0;
  for (const json& group : doc.at("testGroups")) {
    REQUIRE(group.at("curve") == "curve25519");
    for (const json& test : group.at("tests")) {
      INFO("tcId " << test.at("tcId") << " " << test.at("comment"));
      const std::string result = test.at("result").get<std::string>();
      const Bytes expected = hexField(test, "shared");
      const Result<SecretBytes> shared = x25519(hexField(test, "private"), hexField(test, "public"));
      if (result == "invalid") {
        CHECK_FALSE(shared.ok());
        ++run.invalid;
        continue;
      }
      if (result != "valid" && result != "acceptable") {
        FAIL("no policy for an X25519 vector with result " << result);
      }
      if (isAllZero(expected)) {
        REQUIRE_FALSE(shared.ok());
        CHECK(shared.error().code == ErrorCode::CryptoFailure);
        ++zeroShared;
      } else {
        REQUIRE(shared.ok());
        CHECK(toHex(shared->view()) == toHex(expected));
      }
      if (result == "valid") {
        ++run.valid;
      } else {
        ++run.acceptable;
      }
    }
  }
  requireEveryVectorRan(doc, run);
  REQUIRE(run.acceptable > 0);
  REQUIRE(zeroShared > 0);  // the low-order policy was exercised
}

TEST_CASE("Ed25519 accepts every valid Wycheproof signature and rejects every invalid one",
          "[crypto][wycheproof][ed25519]") {
  const json doc = loadVectors("ed25519_test.json");
  Counts run;
  for (const json& group : doc.at("testGroups")) {
    REQUIRE(group.at("publicKey").at("curve") == "edwards25519");
    const Bytes publicKey = hexField(group.at("publicKey"), "pk");
    for (const json& test : group.at("tests")) {
      INFO("tcId " << test.at("tcId") << " " << test.at("comment"));
      const std::string result = test.at("result").get<std::string>();
      const bool verified = ed25519Verify(publicKey, hexField(test, "msg"), hexField(test, "sig"));
      if (result == "valid") {
        CHECK(verified);
        ++run.valid;
      } else if (result == "invalid") {
        CHECK_FALSE(verified);
        ++run.invalid;
      } else {
        FAIL("no policy for an Ed25519 vector with result " << result);
      }
    }
  }
  requireEveryVectorRan(doc, run);
  REQUIRE(run.invalid > 0);
}
