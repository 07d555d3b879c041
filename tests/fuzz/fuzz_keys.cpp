// fuzz_keys: the key material and orders a device receives from the server, from any bytes.
//
// The first byte chooses what the rest is:
//   0: a wrapped grant (team key || recovery public key) for openGrant(), with fixed recipient and author keys;
//   1: an erasure order for parseErasureOrder(), then its signature and MAC checks with fixed keys;
//   2: a recovery key as a person types it, for parseRecoveryKey() and recoveryKeyPair().
// Nothing may read outside the input or throw. Properties: an opened grant is exactly the 64-byte payload; a
// parsed order's views lie inside the input; an accepted recovery key is a 32-byte seed with a key pair.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fixed_keys.hpp"
#include "sync/erasure.hpp"
#include "sync/team_keys.hpp"

namespace coach::fuzz {
namespace {

struct AgreementKeys {
  crypto::X25519KeyPair recipient;
  crypto::X25519KeyPair author;
};

const AgreementKeys& agreementKeys() {
  static const AgreementKeys keys = [] {
    auto recipient = crypto::X25519KeyPair::fromPrivate(fixedBytes(0x60, 32));
    auto author = crypto::X25519KeyPair::fromPrivate(fixedBytes(0x80, 32));
    require(recipient.ok() && author.ok(), "OpenSSL accepts the fixed X25519 keys");
    return AgreementKeys{std::move(recipient).value(), std::move(author).value()};
  }();
  return keys;
}

bool inside(crypto::ByteView part, crypto::ByteView whole) {
  return part.empty() || (part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size());
}

void openWrappedGrant(crypto::ByteView wrapped) {
  const sync::GrantBinding binding{std::string(32, 'a'), 1, std::string(32, 'd'), std::string(32, 'e')};
  const AgreementKeys& keys = agreementKeys();
  auto opened = sync::openGrant(binding, keys.recipient.privateKey().view(), keys.author.publicKey(), wrapped);
  if (opened.ok()) require(opened->size() == sync::kGrantPayloadSize, "an opened grant is the 64-byte payload");
}

void checkErasureOrder(crypto::ByteView bytes) {
  auto order = sync::parseErasureOrder(bytes);
  if (!order.ok()) return;
  require(inside(order->header, bytes) && inside(order->mac, bytes) && inside(order->signedPart, bytes) &&
              inside(order->signature, bytes),
          "the parsed order's views lie inside the input");
  if (!sync::verifyErasureSignature(*order, fixedKeys().signer.publicKey()).ok()) return;
  (void)sync::verifyErasureMac(*order, fixedBytes(0x20, 32));
}

void parseTypedRecoveryKey(crypto::ByteView bytes) {
  const std::string_view typed(reinterpret_cast<const char*>(bytes.data()), bytes.size());  // NOLINT
  auto seed = sync::parseRecoveryKey(typed);
  if (!seed.ok()) return;
  require(seed->size() == 32, "an accepted recovery key is a 32-byte seed");
  require(sync::recoveryKeyPair(seed->view()).ok(), "an accepted recovery key has a key pair");
}

}  // namespace
}  // namespace coach::fuzz

// libFuzzer calls this for every input; the name is libFuzzer's.
// NOLINTNEXTLINE(readability-identifier-naming)
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const coach::crypto::ByteView rest(data + 1, size - 1);
  switch (data[0] % 3) {
    case 0: coach::fuzz::openWrappedGrant(rest); break;
    case 1: coach::fuzz::checkErasureOrder(rest); break;
    default: coach::fuzz::parseTypedRecoveryKey(rest); break;
  }
  return 0;
}
