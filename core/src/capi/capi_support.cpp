// capi/capi_support.cpp: tagged allocations, the error conversion and the code table check of the C API
// (capi/capi_support.hpp).
//
// Every object the API hands out starts 16 bytes into a malloc'd block whose first bytes are a tag (a magic
// number and the kind). So one coach_free() releases strings, errors and profiles alike, and a pointer that is
// not ours, or one freed twice, is caught instead of corrupting the heap (the tag is cleared on free).
//
// Thread-safety: no shared state.
#include "capi/capi_support.hpp"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace coach::capi {
namespace {

constexpr std::uint32_t kMagic = 0x43434150;  // "CCAP"

struct alignas(16) Tag {
  std::uint32_t magic;
  ObjectKind kind;
};
static_assert(sizeof(Tag) == 16);

// The C codes of coach.h against the one list of error.hpp: same order, same ids. A code added to error.hpp
// without its COACH_ERR_ constant (or the other way round) stops the build here.
struct CCode {
  coach_status code;
  std::string_view wire;
};
constexpr std::array kCCodes{
    CCode{COACH_ERR_INVALID_ARGUMENT, "invalid_argument"},   CCode{COACH_ERR_VALIDATION_FAILED, "validation_failed"},
    CCode{COACH_ERR_NOT_FOUND, "not_found"},                 CCode{COACH_ERR_ALREADY_EXISTS, "already_exists"},
    CCode{COACH_ERR_WRONG_PASSPHRASE, "wrong_passphrase"},   CCode{COACH_ERR_STORE_LOCKED, "store_locked"},
    CCode{COACH_ERR_DECRYPT_FAILED, "decrypt_failed"},       CCode{COACH_ERR_CRYPTO_FAILURE, "crypto_failure"},
    CCode{COACH_ERR_STORAGE_ERROR, "storage_error"},         CCode{COACH_ERR_STORAGE_FULL, "storage_full"},
    CCode{COACH_ERR_SCHEMA_TOO_NEW, "schema_too_new"},       CCode{COACH_ERR_CLOCK_DRIFT, "clock_drift"},
    CCode{COACH_ERR_ENVELOPE_MALFORMED, "envelope_malformed"}, CCode{COACH_ERR_SIGNATURE_INVALID, "signature_invalid"},
    CCode{COACH_ERR_SEQUENCE_GAP, "sequence_gap"},           CCode{COACH_ERR_SEQUENCE_REPLAYED, "sequence_replayed"},
    CCode{COACH_ERR_CHAIN_BROKEN, "chain_broken"},           CCode{COACH_ERR_UNKNOWN_KEY, "unknown_key"},
    CCode{COACH_ERR_WRONG_TEAM, "wrong_team"},               CCode{COACH_ERR_UNAUTHORIZED, "unauthorized"},
    CCode{COACH_ERR_DEVICE_REVOKED, "device_revoked"},       CCode{COACH_ERR_PAYLOAD_TOO_LARGE, "payload_too_large"},
    CCode{COACH_ERR_RATE_LIMITED, "rate_limited"},           CCode{COACH_ERR_PROTOCOL_UNSUPPORTED, "protocol_unsupported"},
    CCode{COACH_ERR_UNAVAILABLE, "unavailable"},             CCode{COACH_ERR_INTERNAL, "internal"},
    CCode{COACH_ERR_DEVICE_PENDING, "device_pending"},       CCode{COACH_ERR_FORBIDDEN, "forbidden"},
};
constexpr std::array<std::string_view, kCCodes.size()> kWireIds{
#define COACH_X(name, wire, http) wire,
    COACH_ERROR_CODES(COACH_X)
#undef COACH_X
};
constexpr bool codesInStep() {
  for (std::size_t i = 0; i < kCCodes.size(); ++i) {
    if (kCCodes[i].code != static_cast<coach_status>(i + 1) || kCCodes[i].wire != kWireIds[i]) return false;
  }
  return true;
}
#define COACH_X(name, wire, http) +1
static_assert(kCCodes.size() == 0 COACH_ERROR_CODES(COACH_X), "coach.h lacks a COACH_ERR_ code of error.hpp");
#undef COACH_X
static_assert(codesInStep(), "coach.h's COACH_ERR_ codes are not in error.hpp's order or ids");

Tag* tagOf(void* object) noexcept {
  return reinterpret_cast<Tag*>(static_cast<unsigned char*>(object) - sizeof(Tag));
}

}  // namespace

void* allocateObject(ObjectKind kind, std::size_t size) noexcept {
  if (size > SIZE_MAX - sizeof(Tag)) return nullptr;
  void* block = std::malloc(sizeof(Tag) + size);
  if (block == nullptr) return nullptr;
  auto* tag = static_cast<Tag*>(block);
  tag->magic = kMagic;
  tag->kind = kind;
  return static_cast<unsigned char*>(block) + sizeof(Tag);
}

void freeObject(void* object) noexcept {
  if (object == nullptr) return;
  Tag* tag = tagOf(object);
  if (tag->magic != kMagic) {
    std::fputs("coach_free: not an object of the coach API, or freed twice\n", stderr);
    std::abort();
  }
  if (tag->kind == ObjectKind::Profile) static_cast<coach_profile*>(object)->~coach_profile();
  tag->magic = 0;
  std::free(tag);
}

coach_status cCode(ErrorCode code) noexcept {
  return static_cast<coach_status>(code) + 1;
}

const char* wireId(coach_status code) noexcept {
  if (code < 1 || static_cast<std::size_t>(code) > kWireIds.size()) return "unknown";
  return kWireIds[static_cast<std::size_t>(code - 1)].data();  // the literals of error.hpp: NUL-terminated
}

coach_status fail(coach_error** out, const Error& error) noexcept {
  const coach_status code = cCode(error.code);
  if (out == nullptr) return code;
  const char* id = wireId(code);
  const std::size_t idLength = std::strlen(id);
  const std::size_t messageLength = error.message.size();
  void* block = allocateObject(ObjectKind::Error, sizeof(coach_error) + idLength + 1 + messageLength + 1);
  if (block == nullptr) return code;  // out of memory: the code alone must do
  auto* e = static_cast<coach_error*>(block);
  char* idText = static_cast<char*>(block) + sizeof(coach_error);
  char* messageText = idText + idLength + 1;
  std::memcpy(idText, id, idLength + 1);
  std::memcpy(messageText, error.message.data(), messageLength);
  messageText[messageLength] = '\0';
  e->code = code;
  e->id = idText;
  e->message = messageText;
  e->retry_after_seconds = error.retryAfterSeconds;
  e->expected_sequence = error.expectedSequence;
  *out = e;
  return code;
}

Status required(const void* p, std::string_view what) {
  if (p != nullptr) return {};
  return makeError(ErrorCode::InvalidArgument, std::string(what) + " is required (it was NULL)");
}

Result<nlohmann::json> parseJson(const char* text, std::string_view what, JsonShape shape) {
  COACH_TRY(required(text, what));
  nlohmann::json value;
  try {
    value = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // e.what() quotes the text around the error, which may be a participant's data: only the position is kept.
    return makeError(ErrorCode::InvalidArgument, std::string(what) + " is not valid JSON (it breaks at byte " +
                                                     std::to_string(e.byte) +
                                                     "): pass UTF-8 JSON text such as {\"name\": \"...\"}");
  }
  if (shape == JsonShape::Object && !value.is_object()) {
    return makeError(ErrorCode::InvalidArgument, std::string(what) + " must be a JSON object ({\"field\": value, ...}), not a " +
                                                     value.type_name());
  }
  return value;
}

Status emit(char** out, std::string_view value) {
  COACH_TRY(required(out, "the output parameter"));
  void* block = allocateObject(ObjectKind::String, value.size() + 1);
  if (block == nullptr) throw std::bad_alloc();
  char* s = static_cast<char*>(block);
  if (!value.empty()) std::memcpy(s, value.data(), value.size());
  s[value.size()] = '\0';
  *out = s;
  return {};
}

Status emitJson(char** out, const nlohmann::json& value) {
  return emit(out, value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

Result<Store*> storeOf(coach_profile* profile) {
  COACH_TRY(required(profile, "the profile"));
  return profile->store.get();
}

}  // namespace coach::capi
