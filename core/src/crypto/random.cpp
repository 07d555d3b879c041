// crypto/random.cpp: the CSPRNG, OpenSSL's RAND_bytes (seeded from the operating system).
#include <openssl/err.h>
#include <openssl/rand.h>

#include <algorithm>
#include <climits>
#include <string>

#include "crypto/crypto.hpp"

namespace coach::crypto {

namespace {

// RAND_bytes takes an int count; larger requests are served in chunks of this size.
constexpr std::size_t kMaxRandomChunk = static_cast<std::size_t>(INT_MAX);

}  // namespace

Status randomBytes(std::span<std::uint8_t> out) {
  std::size_t done = 0;
  while (done < out.size()) {
    const std::size_t chunk = std::min(out.size() - done, kMaxRandomChunk);
    if (RAND_bytes(out.data() + done, static_cast<int>(chunk)) != 1) {
      const unsigned long code = ERR_get_error();
      ERR_clear_error();
      char reason[256] = "no reason given";
      if (code != 0) ERR_error_string_n(code, reason, sizeof reason);
      return makeError(ErrorCode::CryptoFailure,
                       std::string("the random number generator failed (OpenSSL RAND_bytes: ") + reason +
                           "); the system entropy source may be unavailable");
    }
    done += chunk;
  }
  return {};
}

Result<Bytes> randomBytes(std::size_t count) {
  Bytes bytes(count);
  COACH_TRY(randomBytes(std::span<std::uint8_t>(bytes)));
  return bytes;
}

Result<SecretBytes> randomSecret(std::size_t count) {
  SecretBytes secret(count);
  COACH_TRY(randomBytes(secret.span()));
  return secret;
}

}  // namespace coach::crypto
