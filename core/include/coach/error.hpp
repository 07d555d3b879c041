// coach/error.hpp: the one list of error codes of the product, and Error, the value that carries one.
//
// Every code is defined once, in COACH_ERROR_CODES below, with its stable wire id (proto/PROTOCOL.md) and the
// HTTP status the server answers with. The C API, the server and the clients all map through errorInfo(); no
// other table of codes exists. Messages say what went wrong and what to do, and never carry a participant's data.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace coach {

// X(Enumerator, wire id, HTTP status)
#define COACH_ERROR_CODES(X)                                 \
  X(InvalidArgument, "invalid_argument", 400)                \
  X(ValidationFailed, "validation_failed", 422)              \
  X(NotFound, "not_found", 404)                              \
  X(AlreadyExists, "already_exists", 409)                    \
  X(WrongPassphrase, "wrong_passphrase", 401)                \
  X(Locked, "store_locked", 423)                             \
  X(DecryptFailed, "decrypt_failed", 422)                    \
  X(CryptoFailure, "crypto_failure", 500)                    \
  X(StorageError, "storage_error", 500)                      \
  X(StorageFull, "storage_full", 507)                        \
  X(SchemaTooNew, "schema_too_new", 409)                     \
  X(ClockDrift, "clock_drift", 409)                          \
  X(EnvelopeMalformed, "envelope_malformed", 400)            \
  X(SignatureInvalid, "signature_invalid", 422)              \
  X(SequenceGap, "sequence_gap", 409)                        \
  X(SequenceReplayed, "sequence_replayed", 409)              \
  X(ChainBroken, "chain_broken", 409)                        \
  X(UnknownKey, "unknown_key", 422)                          \
  X(WrongTeam, "wrong_team", 403)                            \
  X(Unauthorized, "unauthorized", 401)                       \
  X(DeviceRevoked, "device_revoked", 403)                    \
  X(PayloadTooLarge, "payload_too_large", 413)               \
  X(RateLimited, "rate_limited", 429)                        \
  X(ProtocolUnsupported, "protocol_unsupported", 426)        \
  X(Unavailable, "unavailable", 503)                         \
  X(Internal, "internal", 500)                               \
  X(DevicePending, "device_pending", 403)                    \
  X(Forbidden, "forbidden", 403)

enum class ErrorCode : std::uint16_t {
#define COACH_X(name, wire, http) name,
  COACH_ERROR_CODES(COACH_X)
#undef COACH_X
};

struct ErrorInfo {
  std::string_view wireId;
  int httpStatus;
};

// The wire id and HTTP status of `code`. Total: every enumerator has an entry.
ErrorInfo errorInfo(ErrorCode code) noexcept;

// An expected failure: a code and a message for a person (what went wrong, what to do).
struct Error {
  ErrorCode code = ErrorCode::Internal;
  std::string message;
  // sequence_gap: the device sequence to resend from (the wire's "expected_sequence"); 0 when absent.
  std::uint64_t expectedSequence = 0;
  // rate_limited, unavailable: seconds to wait before retrying (HTTP Retry-After); 0 when absent.
  std::uint32_t retryAfterSeconds = 0;
};

}  // namespace coach
