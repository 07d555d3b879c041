#include <openssl/crypto.h>

#include <nlohmann/json.hpp>

#include "coach/key_provider.hpp"
#include "crypto/crypto.hpp"

namespace coach {

namespace {
constexpr std::size_t kSaltSize = 16;
constexpr std::size_t kMinPassphrase = 8;
}  // namespace

PassphraseKeyProvider::PassphraseKeyProvider(std::string passphrase)
    : PassphraseKeyProvider(std::move(passphrase), Cost{}) {}

PassphraseKeyProvider::PassphraseKeyProvider(std::string passphrase, Cost cost)
    : passphrase_(std::move(passphrase)), cost_(cost) {}

PassphraseKeyProvider::~PassphraseKeyProvider() { OPENSSL_cleanse(passphrase_.data(), passphrase_.size()); }

Result<KeyProvider::Created> PassphraseKeyProvider::create() {
  if (passphrase_.size() < kMinPassphrase) {
    return makeError(ErrorCode::InvalidArgument, "the passphrase is too short: use at least " +
                                                     std::to_string(kMinPassphrase) + " characters");
  }
  COACH_ASSIGN_OR_RETURN(crypto::Bytes salt, crypto::randomBytes(kSaltSize));
  const crypto::ScryptParams params{cost_.n, cost_.r, cost_.p};
  COACH_ASSIGN_OR_RETURN(crypto::SecretBytes kek, crypto::scrypt(passphrase_, salt, params, 32));
  nlohmann::json stored{{"kdf", "scrypt"}, {"n", cost_.n}, {"r", cost_.r}, {"p", cost_.p},
                        {"salt", crypto::toHex(salt)}};
  return Created{std::move(kek), stored.dump()};
}

Result<crypto::SecretBytes> PassphraseKeyProvider::unlock(std::string_view params) {
  const auto stored = nlohmann::json::parse(params, nullptr, /*allow_exceptions=*/false);
  crypto::Bytes salt;
  if (!stored.is_object() || stored.value("kdf", "") != "scrypt" || !stored["n"].is_number_unsigned() ||
      !stored["r"].is_number_unsigned() || !stored["p"].is_number_unsigned() || !stored["salt"].is_string() ||
      !crypto::fromHex(stored["salt"].get<std::string>(), salt)) {
    return makeError(ErrorCode::StorageError,
                     "the profile's passphrase parameters are damaged; restore the profile from the team "
                     "(re-enrol the device) or from a backup");
  }
  const crypto::ScryptParams cost{stored["n"].get<std::uint64_t>(), stored["r"].get<std::uint32_t>(),
                                  stored["p"].get<std::uint32_t>()};
  return crypto::scrypt(passphrase_, salt, cost, 32);
}

}  // namespace coach
