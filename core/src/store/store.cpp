// Store: profile creation, opening, locking (the write path is in write_path.cpp, reads in read.cpp).
#include <charconv>
#include <filesystem>

#include "coach/store.hpp"
#include "crypto/crypto.hpp"
#include "store/store_impl.hpp"

namespace coach {
namespace {

Result<std::unique_ptr<Store::Impl>> openDb(const StoreOptions& options, bool create) {
  if (options.path.empty()) return makeError(ErrorCode::InvalidArgument, "no profile path given");
  auto impl = std::make_unique<Store::Impl>();
  COACH_ASSIGN_OR_RETURN(impl->db, store::Db::open(options.path, create));
  // WAL: readers never block the writer; synchronous=FULL: a commit the store acknowledged survives a
  // power cut, which is the product's first promise (no saved note is ever lost).
  const char* sync = options.durability == StoreOptions::Durability::Full ? "FULL" : "NORMAL";
  COACH_TRY(impl->db.exec(std::string("PRAGMA journal_mode = WAL; PRAGMA synchronous = ") + sync +
                              "; PRAGMA busy_timeout = 5000; PRAGMA secure_delete = ON;"
                              " PRAGMA cache_size = -" + std::to_string(store::kPageCacheKiB) + ";",
                          "configuring the database"));
  COACH_TRY(store::registerFunctions(impl->db, &impl->writeAllowed));
  impl->wall = options.clock != nullptr ? options.clock : &impl->systemClock;
  impl->hlc.emplace(*impl->wall, options.driftBoundMillis);
  impl->actor = options.actor;
  impl->access.enabled = options.accessLog == StoreOptions::AccessLog::On;
  return impl;
}

Result<std::string> metaText(const store::Db& db, std::string_view key) {
  COACH_ASSIGN_OR_RETURN(store::Stmt stmt, store::Stmt::prepare(db.get(), "SELECT value FROM meta WHERE key = ?"));
  COACH_TRY(stmt.bindText(1, key));
  COACH_ASSIGN_OR_RETURN(bool row, stmt.step());
  if (!row) return makeError(ErrorCode::NotFound, "the profile has no " + std::string(key));
  return stmt.textAt(0);
}

Status putMeta(const store::Db& db, std::string_view key, std::string_view value) {
  COACH_ASSIGN_OR_RETURN(store::Stmt stmt, store::Stmt::prepare(db.get(), "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"));
  COACH_TRY(stmt.bindText(1, key));
  COACH_TRY(stmt.bindText(2, value));
  return stmt.run();
}

Status loadIdentity(Store::Impl& impl) {
  COACH_ASSIGN_OR_RETURN(impl.deviceId, metaText(impl.db, "device_id"));
  COACH_ASSIGN_OR_RETURN(store::Stmt no, store::Stmt::prepare(impl.db.get(), "SELECT no FROM device WHERE id = ?"));
  COACH_TRY(no.bindText(1, impl.deviceId));
  COACH_ASSIGN_OR_RETURN(bool found, no.step());
  if (!found) return makeError(ErrorCode::StorageError, "the profile does not know its own device; restore it from the team");
  impl.deviceNo = static_cast<std::uint32_t>(no.intAt(0));
  COACH_ASSIGN_OR_RETURN(std::string hlc, metaText(impl.db, "hlc"));
  std::uint64_t stamp = 0;
  const auto [end, ec] = std::from_chars(hlc.data(), hlc.data() + hlc.size(), stamp);
  if (ec != std::errc{} || end != hlc.data() + hlc.size()) {
    return makeError(ErrorCode::StorageError, "the profile's clock state is damaged; restore it from the team");
  }
  impl.hlc->restore(Hlc{stamp});
  // The newest outbox entry holds the newest stamp this device issued since the clock was last persisted.
  COACH_ASSIGN_OR_RETURN(store::Stmt newest, store::Stmt::prepare(impl.db.get(), "SELECT hlc FROM outbox ORDER BY seq DESC LIMIT 1"));
  COACH_ASSIGN_OR_RETURN(bool any, newest.step());
  if (any) impl.hlc->restore(Hlc{static_cast<std::uint64_t>(newest.intAt(0))});
  if (impl.actor.empty()) {
    auto actor = metaText(impl.db, "actor");
    if (actor.ok()) impl.actor = actor.value();
  }
  impl.stmts = std::make_unique<store::StmtCache>(impl.db.get());
  return {};
}

}  // namespace

Status initialiseProfile(const store::Db& db, const KeyProvider::Created& created, std::string_view providerName,
                         std::string_view actor) {
  COACH_ASSIGN_OR_RETURN(crypto::Bytes idBytes, crypto::randomBytes(16));
  COACH_ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::begin(db));
  COACH_TRY(store::Keyring::initialise(db, created.kek, providerName, created.params));
  const std::string deviceId = crypto::toHex(idBytes);
  COACH_TRY(putMeta(db, "device_id", deviceId));
  COACH_ASSIGN_OR_RETURN(store::Stmt device, store::Stmt::prepare(db.get(), "INSERT INTO device (id) VALUES (?)"));
  COACH_TRY(device.bindText(1, deviceId));
  COACH_TRY(device.run());
  COACH_TRY(putMeta(db, "actor", actor));
  COACH_TRY(putMeta(db, "hlc", "0"));
  return txn.commit();
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::createProfile(const StoreOptions& options, KeyProvider& keys) {
  std::error_code ec;
  if (std::filesystem::exists(options.path, ec)) {
    return makeError(ErrorCode::AlreadyExists, "a profile already exists at " + options.path +
                                                   ": open it, or choose another location");
  }
  COACH_ASSIGN_OR_RETURN(KeyProvider::Created created, keys.create());
  COACH_ASSIGN_OR_RETURN(std::unique_ptr<Impl> impl, openDb(options, /*create=*/true));
  COACH_TRY(store::migrate(impl->db));
  COACH_TRY(initialiseProfile(impl->db, created, keys.name(), options.actor));
  COACH_TRY(loadIdentity(*impl));
  COACH_ASSIGN_OR_RETURN(store::Keyring keyring, store::Keyring::unlock(impl->db, created.kek));
  impl->keys.emplace(std::move(keyring));
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

namespace {

// Wrong passphrases (docs/store.md, "Local lock"): the first kFreeAttempts cost nothing; after that each wrong
// one makes the next attempt wait twice as long as the last, from 30 s up to an hour. The count and the time
// are kept in the profile, so closing the app does not reset them. (Someone who copies the file is slowed by
// scrypt instead: this guards the app's own unlock screen.)
constexpr std::uint64_t kFreeAttempts = 5;

std::int64_t waitAfter(std::uint64_t failures) {
  if (failures < kFreeAttempts) return 0;
  const std::uint64_t doublings = std::min<std::uint64_t>(failures - kFreeAttempts, 7);
  return std::min<std::int64_t>(std::int64_t{30000} << doublings, 3600 * 1000);
}

Status putNumber(Store::Impl& impl, std::string_view key, std::uint64_t value) {
  return impl.metaPut(key, crypto::asBytes(std::to_string(value)));
}

Result<store::Keyring> guardedUnlock(Store::Impl& impl, const crypto::SecretBytes& kek) {
  COACH_ASSIGN_OR_RETURN(std::uint64_t failures, impl.metaNumber("unlock_failures"));
  COACH_ASSIGN_OR_RETURN(std::uint64_t waitUntil, impl.metaNumber("unlock_wait_until"));
  const auto now = static_cast<std::uint64_t>(std::max<std::int64_t>(impl.wall->nowMillis(), 0));
  if (now < waitUntil) {
    Error e = makeError(ErrorCode::RateLimited, "too many wrong passphrases: wait " + std::to_string((waitUntil - now + 999) / 1000) +
                                                    " seconds before trying again");
    e.retryAfterSeconds = static_cast<std::uint32_t>((waitUntil - now + 999) / 1000);
    return e;
  }
  Result<store::Keyring> keyring = store::Keyring::unlock(impl.db, kek);
  if (keyring.ok() && failures == 0) return keyring;
  COACH_ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::begin(impl.db, impl.stmts.get()));
  if (keyring.ok()) {
    COACH_TRY(putNumber(impl, "unlock_failures", 0));
    COACH_TRY(putNumber(impl, "unlock_wait_until", 0));
    COACH_TRY(txn.commit());
    return keyring;
  }
  if (keyring.error().code != ErrorCode::WrongPassphrase) return keyring;
  const std::int64_t wait = waitAfter(failures + 1);
  COACH_TRY(putNumber(impl, "unlock_failures", failures + 1));
  COACH_TRY(putNumber(impl, "unlock_wait_until", now + static_cast<std::uint64_t>(wait)));
  COACH_TRY(txn.commit());
  Error e = std::move(keyring).error();
  if (wait > 0) e.message += " The next attempt is possible in " + std::to_string(wait / 1000) + " seconds.";
  return e;
}

}  // namespace

Result<std::unique_ptr<Store>> Store::openProfile(const StoreOptions& options, KeyProvider& keys) {
  COACH_ASSIGN_OR_RETURN(std::unique_ptr<Impl> impl, openDb(options, /*create=*/false));
  COACH_TRY(store::migrate(impl->db));
  COACH_TRY(loadIdentity(*impl));
  COACH_ASSIGN_OR_RETURN(std::string params, metaText(impl->db, "key_params"));
  COACH_ASSIGN_OR_RETURN(crypto::SecretBytes kek, keys.unlock(params));
  COACH_ASSIGN_OR_RETURN(store::Keyring keyring, guardedUnlock(*impl, kek));
  impl->keys.emplace(std::move(keyring));
  COACH_TRY(impl->loadMembership());
  COACH_TRY(impl->reapplyPending());
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

void Store::lock() {
  std::lock_guard lock(impl_->mu);
  if (impl_->keys) impl_->keys->lock();
  impl_->membership.reset();  // team keys and the signing seed are wiped with it
}

Status Store::unlock(KeyProvider& keys) {
  std::lock_guard lock(impl_->mu);
  COACH_ASSIGN_OR_RETURN(std::string params, metaText(impl_->db, "key_params"));
  COACH_ASSIGN_OR_RETURN(crypto::SecretBytes kek, keys.unlock(params));
  COACH_ASSIGN_OR_RETURN(store::Keyring keyring, guardedUnlock(*impl_, kek));
  impl_->keys.emplace(std::move(keyring));
  return impl_->loadMembership();
}

bool Store::locked() const {
  std::lock_guard lock(impl_->mu);
  return !impl_->keys || impl_->keys->locked();
}

const std::string& Store::deviceId() const { return impl_->deviceId; }
const std::string& Store::actor() const { return impl_->actor; }
std::string Store::today() const { return amsterdamDate(impl_->wall->nowMillis()); }

Status Store::Impl::requireUnlocked() const {
  if (!keys || keys->locked()) {
    return makeError(ErrorCode::Locked, "the profile is locked: unlock it with the passphrase first");
  }
  return {};
}

Result<std::optional<std::string>> Store::Impl::metaGet(std::string_view key) {
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, stmt("SELECT value FROM meta WHERE key = ?"));
  store::StmtGuard guard(*s);
  COACH_TRY(s->bindText(1, key));
  COACH_ASSIGN_OR_RETURN(bool row, s->step());
  if (!row) return std::optional<std::string>{};
  const auto blob = s->blobAt(0);
  return std::optional<std::string>{std::string(blob.begin(), blob.end())};
}

Result<std::uint64_t> Store::Impl::metaNumber(std::string_view key) {
  COACH_ASSIGN_OR_RETURN(std::optional<std::string> text, metaGet(key));
  if (!text) return std::uint64_t{0};
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc{} || end != text->data() + text->size()) {
    return makeError(ErrorCode::StorageError, "the profile's " + std::string(key) + " is damaged; restore it from the team");
  }
  return value;
}

Status Store::Impl::metaPut(std::string_view key, crypto::ByteView value) {
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, stmt("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"));
  store::StmtGuard guard(*s);
  COACH_TRY(s->bindText(1, key));
  COACH_TRY(s->bindBlob(2, value));
  return s->run();
}

Result<std::string> Store::Impl::deviceIdOf(std::uint32_t no) {
  if (auto it = deviceIdCache.find(no); it != deviceIdCache.end()) return it->second;
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, stmt("SELECT id FROM device WHERE no = ?"));
  store::StmtGuard guard(*s);
  COACH_TRY(s->bindInt(1, no));
  COACH_ASSIGN_OR_RETURN(bool row, s->step());
  if (!row) return makeError(ErrorCode::StorageError, "a field clock names device number " + std::to_string(no) + ", which the profile does not know");
  return deviceIdCache[no] = s->textAt(0);
}

Result<std::uint32_t> Store::Impl::deviceNoOf(const std::string& id) {
  for (const auto& [no, known] : deviceIdCache) {
    if (known == id) return no;
  }
  {
    COACH_ASSIGN_OR_RETURN(store::Stmt* s, stmt("SELECT no FROM device WHERE id = ?"));
    store::StmtGuard guard(*s);
    COACH_TRY(s->bindText(1, id));
    COACH_ASSIGN_OR_RETURN(bool row, s->step());
    if (row) {
      const auto no = static_cast<std::uint32_t>(s->intAt(0));
      deviceIdCache[no] = id;
      return no;
    }
  }
  COACH_ASSIGN_OR_RETURN(store::Stmt* insert, stmt("INSERT INTO device (id) VALUES (?)"));
  store::StmtGuard guard(*insert);
  COACH_TRY(insert->bindText(1, id));
  COACH_TRY(insert->run());
  const auto no = static_cast<std::uint32_t>(sqlite3_last_insert_rowid(db.get()));
  deviceIdCache[no] = id;
  return no;
}

Status Store::Impl::persistHlc() {
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, stmt("UPDATE meta SET value = ? WHERE key = 'hlc'"));
  store::StmtGuard guard(*s);
  COACH_TRY(s->bindText(1, std::to_string(hlc->last().value)));
  return s->run();
}

}  // namespace coach
