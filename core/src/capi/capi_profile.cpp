// capi/capi_profile.cpp: the C API's versions, coach_free, profiles (create, open, lock, unlock, info) and
// device settings (coach/coach.h), each a thin edge over Store through capi::guarded.
//
// Thread-safety: as coach.h states per function; Store serialises its own calls.
#include <filesystem>
#include <string>

#include "capi/capi_support.hpp"
#include "coach/key_provider.hpp"
#include "coach/store.hpp"
#include "store/schema.hpp"
#include "sync/envelope.hpp"

#ifndef COACH_LIBRARY_VERSION
#define COACH_LIBRARY_VERSION "0.0.0"
#endif

using coach::ErrorCode;
using coach::makeError;
using coach::Result;
using coach::Status;
using coach::Store;
using coach::capi::guarded;
using coach::capi::required;

namespace {

// The scrypt cost of the options: 0 members take the default. A cost below 2^10 is refused: it would make a
// stolen profile's passphrase cheap to guess, and not even tests need it lower.
Result<coach::PassphraseKeyProvider::Cost> costOf(const coach_profile_options& o) {
  coach::PassphraseKeyProvider::Cost cost;
  if (o.scrypt_n != 0) cost.n = o.scrypt_n;
  if (o.scrypt_r != 0) cost.r = o.scrypt_r;
  if (o.scrypt_p != 0) cost.p = o.scrypt_p;
  if (cost.n < 1024 || (cost.n & (cost.n - 1)) != 0) {
    return makeError(ErrorCode::InvalidArgument,
                     "scrypt_n must be a power of two of at least 1024 (or 0 for the default, 32768), got " +
                         std::to_string(cost.n));
  }
  return cost;
}

Result<coach::StoreOptions> storeOptions(const coach_profile_options* o) {
  COACH_TRY(required(o, "the profile options"));
  COACH_TRY(required(o->path, "options.path (the profile's database file)"));
  COACH_TRY(required(o->actor, "options.actor (the coach's staff handle)"));
  COACH_TRY(required(o->passphrase, "options.passphrase"));
  if (*o->path == '\0') return makeError(ErrorCode::InvalidArgument, "options.path is empty: give the profile's file");
  if (*o->actor == '\0') return makeError(ErrorCode::InvalidArgument, "options.actor is empty: give the coach's handle");
  if (o->durability != COACH_DURABILITY_FULL && o->durability != COACH_DURABILITY_NORMAL) {
    return makeError(ErrorCode::InvalidArgument,
                     "options.durability must be COACH_DURABILITY_FULL or COACH_DURABILITY_NORMAL");
  }
  coach::StoreOptions so;
  so.path = o->path;
  so.actor = o->actor;
  so.durability = o->durability == COACH_DURABILITY_NORMAL ? coach::StoreOptions::Durability::Normal
                                                            : coach::StoreOptions::Durability::Full;
  return so;
}

// Wraps an open Store in a new profile handle.
Status handOut(std::unique_ptr<Store> store, coach_profile** out) {
  void* block = coach::capi::allocateObject(coach::capi::ObjectKind::Profile, sizeof(coach_profile));
  if (block == nullptr) throw std::bad_alloc();
  auto* profile = new (block) coach_profile{};
  profile->store = std::move(store);
  *out = profile;
  return {};
}

enum class OpenMode { Create, Existing };

coach_status openProfile(const coach_profile_options* options, coach_profile** out, coach_error** error,
                         OpenMode mode) {
  return guarded(error, [&]() -> Status {
    COACH_TRY(required(out, "profile_out"));
    COACH_ASSIGN_OR_RETURN(coach::StoreOptions so, storeOptions(options));
    COACH_ASSIGN_OR_RETURN(coach::PassphraseKeyProvider::Cost cost, costOf(*options));
    coach::PassphraseKeyProvider keys(options->passphrase, cost);
    std::unique_ptr<Store> store;
    if (mode == OpenMode::Create) {
      COACH_ASSIGN_OR_RETURN(store, Store::createProfile(so, keys));
    } else {
      std::error_code ec;
      if (!std::filesystem::exists(so.path, ec)) {
        return makeError(ErrorCode::NotFound,
                         "there is no profile at " + so.path + ": create one first (coach_profile_create)");
      }
      COACH_ASSIGN_OR_RETURN(store, Store::openProfile(so, keys));
    }
    return handOut(std::move(store), out);
  });
}

}  // namespace

extern "C" {

void coach_free(void* object) {
  coach::capi::freeObject(object);
}

int coach_api_version(void) {
  return COACH_API_VERSION;
}

const char* coach_error_id(coach_status code) {
  return coach::capi::wireId(code);
}

coach_status coach_version(char** json_out, coach_error** error) {
  return guarded(error, [&]() -> Status {
    const nlohmann::json v{{"library", COACH_LIBRARY_VERSION},
                           {"api", COACH_API_VERSION},
                           {"protocol", coach::sync::kProtocolVersion},
                           {"schema", coach::store::kSchemaLevel}};
    return coach::capi::emitJson(json_out, v);
  });
}

coach_status coach_profile_create(const coach_profile_options* options, coach_profile** profile_out,
                                  coach_error** error) {
  return openProfile(options, profile_out, error, OpenMode::Create);
}

coach_status coach_profile_open(const coach_profile_options* options, coach_profile** profile_out,
                                coach_error** error) {
  return openProfile(options, profile_out, error, OpenMode::Existing);
}

coach_status coach_profile_lock(coach_profile* profile, coach_error** error) {
  return guarded(error, [&]() -> Status {
    COACH_ASSIGN_OR_RETURN(Store * store, coach::capi::storeOf(profile));
    store->lock();
    return {};
  });
}

coach_status coach_profile_unlock(coach_profile* profile, const char* passphrase, coach_error** error) {
  return guarded(error, [&]() -> Status {
    COACH_ASSIGN_OR_RETURN(Store * store, coach::capi::storeOf(profile));
    COACH_TRY(required(passphrase, "the passphrase"));
    coach::PassphraseKeyProvider keys(passphrase);  // the profile's own cost comes from its stored parameters
    return store->unlock(keys);
  });
}

coach_status coach_profile_is_locked(coach_profile* profile, int* locked_out, coach_error** error) {
  return guarded(error, [&]() -> Status {
    COACH_ASSIGN_OR_RETURN(Store * store, coach::capi::storeOf(profile));
    COACH_TRY(required(locked_out, "locked_out"));
    *locked_out = store->locked() ? 1 : 0;
    return {};
  });
}

coach_status coach_profile_info(coach_profile* profile, char** json_out, coach_error** error) {
  return guarded(error, [&]() -> Status {
    COACH_ASSIGN_OR_RETURN(Store * store, coach::capi::storeOf(profile));
    const bool locked = store->locked();
    nlohmann::json info{{"device", store->deviceId()}, {"actor", store->actor()}, {"locked", locked},
                        {"team", nullptr},             {"today", store->today()}};
    if (!locked) {
      auto team = store->teamId();
      if (team.ok() && !team->empty()) info["team"] = *team;
    }
    return coach::capi::emitJson(json_out, info);
  });
}

coach_status coach_setting_put(coach_profile* profile, const char* name, const char* value, int kind,
                               coach_error** error) {
  return guarded(error, [&]() -> Status {
    COACH_ASSIGN_OR_RETURN(Store * store, coach::capi::storeOf(profile));
    COACH_TRY(required(name, "the setting's name"));
    COACH_TRY(required(value, "the setting's value"));
    if (kind != COACH_SETTING_PLAIN && kind != COACH_SETTING_SECRET) {
      return makeError(ErrorCode::InvalidArgument, "kind must be COACH_SETTING_PLAIN or COACH_SETTING_SECRET");
    }
    return store->putSetting(name, value,
                             kind == COACH_SETTING_SECRET ? coach::SettingKind::Secret : coach::SettingKind::Plain);
  });
}

coach_status coach_setting_get(coach_profile* profile, const char* name, char** value_out, coach_error** error) {
  return guarded(error, [&]() -> Status {
    COACH_ASSIGN_OR_RETURN(Store * store, coach::capi::storeOf(profile));
    COACH_TRY(required(name, "the setting's name"));
    COACH_TRY(required(value_out, "value_out"));
    COACH_ASSIGN_OR_RETURN(std::optional<std::string> value, store->setting(name));
    if (!value) {
      *value_out = nullptr;
      return {};
    }
    return coach::capi::emit(value_out, *value);
  });
}

coach_status coach_setting_remove(coach_profile* profile, const char* name, coach_error** error) {
  return guarded(error, [&]() -> Status {
    COACH_ASSIGN_OR_RETURN(Store * store, coach::capi::storeOf(profile));
    COACH_TRY(required(name, "the setting's name"));
    return store->removeSetting(name);
  });
}

}  // extern "C"
