// store/store_impl.hpp: the internals of coach::Store, shared by its facet files:
//   store.cpp (profiles, locking), write_path.cpp (the one write path), read.cpp (get, list, timeline),
//   and query/*.cpp (caseload, agenda).
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "clock/hlc.hpp"
#include "coach/store.hpp"
#include "model/registry.hpp"
#include "model/rules.hpp"
#include "store/keyring.hpp"
#include "store/schema.hpp"
#include "store/sqlite.hpp"

namespace coach {

// Where a record lives.
struct RecordRef {
  const model::KindDef* kind = nullptr;
  std::string shard;
};

// A record as stored: structured fields as values, sensitive fields still encrypted (as blobs in `sealed`).
struct StoredRecord {
  std::string id;
  RecordRef ref;
  bool archived = false;
  model::FieldValues values;               // sensitive fields: null here
  std::vector<std::optional<crypto::Bytes>> sealed;  // sensitive fields only
};

struct Store::Impl {
  std::mutex mu;
  store::Db db;
  std::unique_ptr<store::StmtCache> stmts;
  bool writeAllowed = false;  // read by coach_write_allowed(); true only inside the write path
  std::optional<store::Keyring> keys;
  SystemClock systemClock;
  const WallClock* wall = nullptr;
  std::optional<HybridClock> hlc;
  std::string deviceId;
  std::string actor;

  // Shared helpers (callers hold `mu`).
  Result<store::Stmt*> stmt(const std::string& sql) { return stmts->get(sql); }
  Result<std::optional<RecordRef>> findRecord(std::string_view id);
  Result<std::optional<StoredRecord>> loadRecord(std::string_view id);
  Result<StoredRecord> readRow(const model::KindDef& kind, store::Stmt& row);
  // The record as JSON with sensitive fields decrypted.
  Result<nlohmann::json> toJson(const StoredRecord& record);
  Status requireUnlocked() const;
  Status persistHlc();
  Result<std::vector<std::string>> applyLocked(std::span<const Mutation> mutations);
  // SELECT list of a kind's row: id, shard, archived, then the fields in registry order.
  static std::string selectColumns(const model::KindDef& kind);
};

// Writes a new profile's identity and wrapped master key into `db` (schema level 1 or later), in one
// transaction. Used by Store::createProfile, and by the migration tests to build profiles of older levels.
Status initialiseProfile(const store::Db& db, const KeyProvider::Created& created, std::string_view providerName,
                         std::string_view actor);

// Today in Europe/Amsterdam as "YYYY-MM-DD" for a UTC instant in milliseconds.
std::string amsterdamDate(std::int64_t utcMillis);

}  // namespace coach
