// Store: device settings kept in the profile (docs/store.md, "Settings"): the sync server's address, the
// device token, the CA file and whatever else a client must remember between runs. A secret setting is sealed
// by the profile's master key (bound to its name), so the token of a lost, locked phone is as safe as its notes.
#include <algorithm>

#include "store/store_impl.hpp"

namespace coach {
namespace {

constexpr std::size_t kMaxSettingBytes = 64 * 1024;

Status checkName(std::string_view name) {
  const bool valid = !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
  });
  if (!valid) {
    return makeError(ErrorCode::InvalidArgument, "a setting name is 1 to 64 of a-z, 0-9, '_', '.', '-'");
  }
  return {};
}

std::string plainKey(std::string_view name) { return "setting." + std::string(name); }
std::string secretKey(std::string_view name) { return "secret." + std::string(name); }
std::string secretLabel(std::string_view name) { return "coach.setting.v1:" + std::string(name); }

}  // namespace

Status Store::putSetting(std::string_view name, std::string_view value, SettingKind kind) {
  std::lock_guard lock(impl_->mu);
  Impl& impl = *impl_;
  COACH_TRY(checkName(name));
  COACH_TRY(impl.requireUnlocked());
  if (value.size() > kMaxSettingBytes) {
    return makeError(ErrorCode::InvalidArgument, "a setting holds at most 64 KiB");
  }
  COACH_ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::begin(impl.db, impl.stmts.get()));
  COACH_ASSIGN_OR_RETURN(store::Stmt* drop, impl.stmt("DELETE FROM meta WHERE key IN (?, ?)"));
  {
    store::StmtGuard guard(*drop);
    COACH_TRY(drop->bindText(1, plainKey(name)));
    COACH_TRY(drop->bindText(2, secretKey(name)));
    COACH_TRY(drop->run());
  }
  if (kind == SettingKind::Secret) {
    COACH_ASSIGN_OR_RETURN(crypto::Bytes sealed, impl.keys->sealSecret(secretLabel(name), crypto::asBytes(value)));
    COACH_TRY(impl.metaPut(secretKey(name), sealed));
  } else {
    COACH_TRY(impl.metaPut(plainKey(name), crypto::asBytes(value)));
  }
  return txn.commit();
}

Result<std::optional<std::string>> Store::setting(std::string_view name) {
  std::lock_guard lock(impl_->mu);
  Impl& impl = *impl_;
  COACH_TRY(checkName(name));
  COACH_TRY(impl.requireUnlocked());
  COACH_ASSIGN_OR_RETURN(std::optional<std::string> plain, impl.metaGet(plainKey(name)));
  if (plain) return plain;
  COACH_ASSIGN_OR_RETURN(std::optional<std::string> sealed, impl.metaGet(secretKey(name)));
  if (!sealed) return std::optional<std::string>{};
  auto opened = impl.keys->openSecret(secretLabel(name), crypto::asBytes(*sealed));
  if (!opened.ok()) {
    return makeError(ErrorCode::StorageError, "the profile's setting '" + std::string(name) +
                                                  "' does not open: it was altered; set it again");
  }
  const crypto::ByteView bytes = opened.value().view();
  return std::optional<std::string>{std::string(bytes.begin(), bytes.end())};
}

Status Store::removeSetting(std::string_view name) {
  std::lock_guard lock(impl_->mu);
  Impl& impl = *impl_;
  COACH_TRY(checkName(name));
  COACH_TRY(impl.requireUnlocked());
  COACH_ASSIGN_OR_RETURN(store::Stmt* drop, impl.stmt("DELETE FROM meta WHERE key IN (?, ?)"));
  store::StmtGuard guard(*drop);
  COACH_TRY(drop->bindText(1, plainKey(name)));
  COACH_TRY(drop->bindText(2, secretKey(name)));
  return drop->run();
}

}  // namespace coach
