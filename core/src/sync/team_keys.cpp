// Grants, fingerprints and recovery keys (sync/team_keys.hpp; the byte layouts are in proto/PROTOCOL.md, "Grants").
#include "sync/team_keys.hpp"

#include <openssl/crypto.h>

#include "util/byte_io.hpp"

namespace coach::sync {
namespace {

constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::size_t kRecoveryChars = 52;  // 256 bits + 4 checksum bits = 52 characters of 5 bits
constexpr std::size_t kChecksumChars = 4;   // a further 20-bit checksum group

crypto::Bytes grantInfo(const GrantBinding& b) {
  crypto::Bytes info;
  util::ByteWriter w(info);
  w.text("coach.grant.v1");
  w.u8(0);
  w.text(b.team);
  w.u8(0);
  w.u32(b.epoch);
  w.text(b.author);
  w.u8(0);
  w.text(b.recipient);
  return info;
}

Result<crypto::Aead> grantCipher(const GrantBinding& b, crypto::ByteView ownPrivate, crypto::ByteView peerPublic) {
  COACH_ASSIGN_OR_RETURN(crypto::SecretBytes shared, crypto::x25519(ownPrivate, peerPublic));
  const crypto::Bytes info = grantInfo(b);
  COACH_ASSIGN_OR_RETURN(crypto::SecretBytes key, crypto::hkdfSha256(shared.view(), crypto::asBytes("coach.grant"), info, 32));
  return crypto::Aead::create(key.view());
}

// The 5-bit groups of `bytes` (most significant first), padded with zero bits.
std::string toCrockford(crypto::ByteView bytes, std::size_t chars) {
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (std::uint8_t byte : bytes) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.size() < chars) {
      out.push_back(kCrockford[(acc >> (bits - 5)) & 31u]);
      bits -= 5;
    }
  }
  while (out.size() < chars) {
    out.push_back(kCrockford[(acc << (5 - bits)) & 31u]);
    bits = 0;
    acc = 0;
  }
  return out;
}

// The recovery text's characters: seed (256 bits) then 4 checksum bits (52 chars), then 4 checksum chars.
std::string recoveryChars(crypto::ByteView seed) {
  const crypto::Bytes digest = crypto::sha256(seed);
  crypto::Bytes body(seed.begin(), seed.end());
  body.push_back(static_cast<std::uint8_t>(digest[0] & 0xf0));  // 4 bits used
  std::string text = toCrockford(body, kRecoveryChars);
  text += toCrockford(crypto::ByteView(digest).subspan(1, 3), kChecksumChars);
  return text;
}

std::string grouped(const std::string& chars) {
  std::string out;
  for (std::size_t i = 0; i < chars.size(); i += 4) {
    if (!out.empty()) out.push_back('-');
    out += chars.substr(i, 4);
  }
  return out;
}

}  // namespace

crypto::Bytes agreementKeyStatement(std::string_view team, std::string_view device, crypto::ByteView agreementKey) {
  crypto::Bytes out;
  util::ByteWriter w(out);
  w.text("coach.agreement-key.v1");
  w.u8(0);
  w.text(team);
  w.u8(0);
  w.text(device);
  w.u8(0);
  out.insert(out.end(), agreementKey.begin(), agreementKey.end());
  return out;
}

Result<crypto::Bytes> wrapGrant(const GrantBinding& binding, crypto::ByteView authorPrivate,
                                crypto::ByteView recipientPublic, crypto::ByteView payload) {
  if (payload.size() != kGrantPayloadSize) return makeError(ErrorCode::InvalidArgument, "a grant wraps 64 bytes");
  COACH_ASSIGN_OR_RETURN(crypto::Aead cipher, grantCipher(binding, authorPrivate, recipientPublic));
  return cipher.seal(payload, grantInfo(binding));
}

Result<crypto::SecretBytes> openGrant(const GrantBinding& binding, crypto::ByteView recipientPrivate,
                                      crypto::ByteView authorPublic, crypto::ByteView wrapped) {
  auto cipher = grantCipher(binding, recipientPrivate, authorPublic);
  if (!cipher.ok()) return makeError(ErrorCode::DecryptFailed, "a key grant names an unusable key: it was altered");
  auto opened = cipher->open(wrapped, grantInfo(binding));
  if (!opened.ok() || opened->size() != kGrantPayloadSize) {
    return makeError(ErrorCode::DecryptFailed, "a team key grant from device " + binding.author + " for epoch " +
                                                   std::to_string(binding.epoch) +
                                                   " does not open: it was altered, or not wrapped to this device");
  }
  crypto::SecretBytes key(opened.value());
  OPENSSL_cleanse(opened->data(), opened->size());
  return key;
}

std::string deviceFingerprint(std::string_view deviceId, crypto::ByteView signingKey, crypto::ByteView agreementKey) {
  crypto::Bytes input;
  util::ByteWriter w(input);
  w.text("coach.fingerprint.v1");
  w.u8(0);
  w.text(deviceId);
  w.u8(0);
  w.bytes(signingKey);
  w.bytes(agreementKey);
  const crypto::Bytes digest = crypto::sha256(input);
  std::string out;
  for (std::size_t group = 0; group < 5; ++group) {
    // 5 bytes -> a number below 2^40, reduced to 4 digits (bias below 1e-8).
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < 5; ++i) v = (v << 8) | digest[group * 5 + i];
    if (group > 0) out.push_back(' ');
    const std::string digits = std::to_string(v % 10000);
    out += std::string(4 - digits.size(), '0') + digits;
  }
  return out;
}

bool fingerprintsMatch(std::string_view a, std::string_view b) {
  auto digits = [](std::string_view s) {
    std::string d;
    for (char c : s) {
      if (c >= '0' && c <= '9') d.push_back(c);
    }
    return d;
  };
  const std::string da = digits(a);
  return da.size() == 20 && da == digits(b);
}

Result<RecoveryKey> newRecoveryKey() {
  COACH_ASSIGN_OR_RETURN(crypto::SecretBytes seed, crypto::randomSecret(32));
  std::string text = grouped(recoveryChars(seed.view()));
  return RecoveryKey{std::move(seed), std::move(text)};
}

Result<crypto::SecretBytes> parseRecoveryKey(std::string_view typed) {
  std::string chars;
  std::size_t position = 0;
  for (char c : typed) {
    ++position;
    if (c == '-' || c == ' ') continue;
    char u = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    if (u == 'O') u = '0';
    if (u == 'I' || u == 'L') u = '1';
    if (kCrockford.find(u) == std::string_view::npos) {
      // The message names the position only: it must never quote any part of a key.
      return makeError(ErrorCode::InvalidArgument, "character " + std::to_string(position) +
                                                       " of the recovery key is not one a recovery key uses: check what you typed");
    }
    chars.push_back(u);
  }
  if (chars.size() != kRecoveryChars + kChecksumChars) {
    return makeError(ErrorCode::InvalidArgument, "a recovery key has 56 characters in 14 groups of four; this one has " +
                                                     std::to_string(chars.size()));
  }
  crypto::SecretBytes seed(32);
  std::uint32_t acc = 0;
  int bits = 0;
  std::size_t n = 0;
  for (std::size_t i = 0; i < kRecoveryChars && n < 32; ++i) {
    acc = (acc << 5) | static_cast<std::uint32_t>(kCrockford.find(chars[i]));
    bits += 5;
    if (bits >= 8) {
      seed.data()[n++] = static_cast<std::uint8_t>(acc >> (bits - 8));
      bits -= 8;
      acc &= (1u << bits) - 1;
    }
  }
  if (CRYPTO_memcmp(recoveryChars(seed.view()).data(), chars.data(), chars.size()) == 0) {
    return seed;
  }
  return makeError(ErrorCode::InvalidArgument, "the recovery key has a typo (its checksum does not match): check each "
                                               "group of four against the printed key");
}

Result<crypto::X25519KeyPair> recoveryKeyPair(crypto::ByteView seed) {
  COACH_ASSIGN_OR_RETURN(crypto::SecretBytes priv, crypto::hkdfSha256(seed, crypto::asBytes("coach.recovery"),
                                                                      crypto::asBytes("coach.recovery-x25519.v1"), 32));
  return crypto::X25519KeyPair::fromPrivate(priv.view());
}

}  // namespace coach::sync
