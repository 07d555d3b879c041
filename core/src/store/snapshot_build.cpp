// Store: building the snapshot of one shard (docs/sync.md, "Snapshots"; the format is proto/PROTOCOL.md,
// "Snapshots"). A snapshot is only built while the device is exactly at the covered server sequence with
// nothing of its own waiting, so its state is precisely "the team's log up to covers": every stamped field of
// every record of the shard, the kept changes of unknown kinds and fields, the free-text lineage, the
// conflicts and the kept history; for the team shard also every device's chain state and every participant
// shard key (wrapped by the team key, as in a key record). Nothing is written. Callers hold `mu`.
#include <map>
#include <set>

#include <openssl/crypto.h>

#include "crypto/crypto.hpp"
#include "store/store_impl.hpp"
#include "sync/snapshot.hpp"
#include "util/byte_io.hpp"

namespace coach {
namespace {

using sync::FieldChange;
using sync::RecordChange;

Result<bool> isEmpty(Store::Impl& impl, const std::string& table) {
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt("SELECT 1 FROM " + table + " LIMIT 1"));
  store::StmtGuard guard(*s);
  COACH_ASSIGN_OR_RETURN(bool row, s->step());
  return !row;
}

// True when the device has applied the log exactly up to `covers` and nothing of its own waits to be sent
// or applied: then its state is the log's state at `covers`, which is what a snapshot promises.
Result<bool> exactlyAt(Store::Impl& impl, std::uint64_t covers) {
  COACH_ASSIGN_OR_RETURN(std::uint64_t cursor, impl.pullCursor());
  if (cursor != covers) return false;
  for (const char* table : {"outbox", "sent_envelope", "key_outbox", "parked_envelope"}) {
    COACH_ASSIGN_OR_RETURN(bool empty, isEmpty(impl, table));
    if (!empty) return false;
  }
  return true;
}

Result<model::FieldValue> columnValue(Store::Impl& impl, store::Stmt& s, int col, const std::string& shard,
                                      const std::string& record, const std::string& label) {
  if (s.isNull(col)) return model::FieldValue{};
  if (sqlite3_column_type(s.get(), col) == SQLITE_INTEGER) return model::FieldValue{s.intAt(col)};
  if (sqlite3_column_type(s.get(), col) == SQLITE_TEXT) return model::FieldValue{s.textAt(col)};
  COACH_ASSIGN_OR_RETURN(std::string plain, impl.keys->decryptField(impl.db, shard, record, label, s.blobAt(col)));
  return model::FieldValue{std::move(plain)};
}

class Builder {
 public:
  Builder(Store::Impl& impl, std::string shard) : impl_(impl), shard_(std::move(shard)) {
    content_.schema = static_cast<std::uint16_t>(store::kSchemaLevel);
  }

  Status records() {
    for (const model::KindDef& kind : model::Registry::instance().kinds()) {
      std::vector<StoredRecord> rows;
      {
        COACH_ASSIGN_OR_RETURN(store::Stmt* s,
                               impl_.stmt(Store::Impl::selectFrom(kind) + " WHERE k.shard = ? ORDER BY k.rid"));
        store::StmtGuard guard(*s);
        COACH_TRY(s->bindText(1, shard_));
        while (true) {
          COACH_ASSIGN_OR_RETURN(bool row, s->step());
          if (!row) break;
          COACH_ASSIGN_OR_RETURN(StoredRecord rec, impl_.readRow(kind, *s));
          rows.push_back(std::move(rec));
        }
      }
      for (const StoredRecord& rec : rows) {
        COACH_TRY(record(rec));
        COACH_TRY(lineageOf(rec));
        COACH_TRY(conflictsOf(rec));
        COACH_TRY(historyOf(rec));
      }
    }
    return {};
  }

  Status pending() {
    COACH_ASSIGN_OR_RETURN(store::Stmt* s,
                           impl_.stmt("SELECT id, kind, field, hlc, device, value, bases FROM pending_change WHERE "
                                      "shard = ? ORDER BY id, field, hlc, device"));
    store::StmtGuard guard(*s);
    COACH_TRY(s->bindText(1, shard_));
    while (true) {
      COACH_ASSIGN_OR_RETURN(bool row, s->step());
      if (!row) break;
      const std::string id = s->textAt(0);
      FieldChange f{s->textAt(2), static_cast<std::uint64_t>(s->intAt(3)), {}, {}};
      COACH_ASSIGN_OR_RETURN(f.value, columnValue(impl_, *s, 5, shard_, id, "pending:" + f.name));
      const auto bases = s->blobAt(6);
      for (std::size_t at = 0; at + 24 <= bases.size(); at += 24) {
        sync::Stamp b;
        for (std::size_t i = 0; i < 8; ++i) b.hlc = (b.hlc << 8) | bases[at + i];
        std::copy(bases.begin() + static_cast<std::ptrdiff_t>(at + 8),
                  bases.begin() + static_cast<std::ptrdiff_t>(at + 24), b.device.begin());
        f.bases.push_back(b);
      }
      COACH_ASSIGN_OR_RETURN(sync::Id record, sync::idFromText(id));
      COACH_ASSIGN_OR_RETURN(sync::Id device, sync::idFromText(s->textAt(4)));
      group(device).changes.push_back(RecordChange{record, s->textAt(1), {std::move(f)}});
    }
    return {};
  }

  // Team shard: the chain state of every device that has written (this one included).
  Status chains() {
    {
      COACH_ASSIGN_OR_RETURN(
          store::Stmt* s,
          impl_.stmt("SELECT device, last_seq, last_hash FROM peer WHERE last_seq > 0 ORDER BY device"));
      store::StmtGuard guard(*s);
      while (true) {
        COACH_ASSIGN_OR_RETURN(bool row, s->step());
        if (!row) break;
        sync::SnapshotChain c;
        COACH_ASSIGN_OR_RETURN(c.device, sync::idFromText(s->textAt(0)));
        c.lastSequence = static_cast<std::uint64_t>(s->intAt(1));
        const auto hash = s->blobAt(2);
        if (hash.size() == sync::kHashSize) std::copy(hash.begin(), hash.end(), c.lastHash.begin());
        content_.chains.push_back(c);
      }
    }
    COACH_ASSIGN_OR_RETURN(std::uint64_t ownSequence, impl_.metaNumber("device_seq"));
    if (ownSequence == 0) return {};
    sync::SnapshotChain own;
    COACH_ASSIGN_OR_RETURN(own.device, sync::idFromText(impl_.deviceId));
    own.lastSequence = ownSequence;
    COACH_ASSIGN_OR_RETURN(std::optional<std::string> hash, impl_.metaGet("device_hash"));
    if (hash && hash->size() == sync::kHashSize) std::copy(hash->begin(), hash->end(), own.lastHash.begin());
    content_.chains.push_back(own);
    return {};
  }

  // Team shard: every participant shard key this device holds, wrapped as a key record of the current epoch.
  Status keys() {
    std::vector<std::pair<std::string, std::uint32_t>> held;
    {
      COACH_ASSIGN_OR_RETURN(
          store::Stmt* s,
          impl_.stmt("SELECT shard, version FROM shard_key WHERE shard <> 'team' ORDER BY shard, version"));
      store::StmtGuard guard(*s);
      while (true) {
        COACH_ASSIGN_OR_RETURN(bool row, s->step());
        if (!row) break;
        held.emplace_back(s->textAt(0), static_cast<std::uint32_t>(s->intAt(1)));
      }
    }
    const Membership& m = *impl_.membership;
    for (const auto& [shard, version] : held) {
      COACH_ASSIGN_OR_RETURN(crypto::SecretBytes key, impl_.keys->exportShardKey(impl_.db, shard, version));
      sync::SnapshotKey k;
      COACH_ASSIGN_OR_RETURN(k.shard, sync::idFromText(shard));
      k.version = version;
      k.epoch = m.epoch;
      COACH_ASSIGN_OR_RETURN(k.wrapped, wrapKeyRecord(m, shard, version, m.epoch, key));
      content_.keys.push_back(std::move(k));
    }
    return {};
  }

  sync::SnapshotContent take() { return std::move(content_); }

 private:
  sync::SnapshotGroup& group(const sync::Id& device) {
    auto [it, inserted] = groupOf_.try_emplace(device, content_.state.size());
    if (inserted) content_.state.push_back(sync::SnapshotGroup{device, {}});
    return content_.state[it->second];
  }

  Result<sync::Id> device(std::uint32_t no) {
    COACH_ASSIGN_OR_RETURN(std::string id, impl_.deviceIdOf(no));
    return sync::idFromText(id);
  }

  Result<model::FieldValue> fieldValue(const StoredRecord& rec, std::string_view name) {
    if (name == "archived") return model::FieldValue{std::int64_t{rec.archived ? 1 : 0}};
    const std::size_t index = *rec.ref.kind->fieldIndex(name);
    if (!rec.sealed[index]) return rec.values[index];
    COACH_ASSIGN_OR_RETURN(std::string plain,
                           impl_.keys->decryptField(impl_.db, rec.ref.shard, rec.id, name, *rec.sealed[index]));
    return model::FieldValue{std::move(plain)};
  }

  // Every stamped field, in the group of the device that stamped it.
  Status record(const StoredRecord& rec) {
    auto clocks = store::FieldClocks::decode(rec.clocks);
    if (!clocks) return makeError(ErrorCode::StorageError, "record " + rec.id + " has damaged field clocks");
    COACH_ASSIGN_OR_RETURN(sync::Id id, sync::idFromText(rec.id));
    std::map<std::uint32_t, RecordChange> byDevice;
    Status status;
    clocks->forEach([&](std::string_view name, const store::FieldStamp& stamp) {
      if (!status.ok() || (name != "archived" && !rec.ref.kind->fieldIndex(name))) return;
      auto value = fieldValue(rec, name);
      if (!value.ok()) {
        status = std::move(value).error();
        return;
      }
      RecordChange& change =
          byDevice.try_emplace(stamp.device, RecordChange{id, std::string(rec.ref.kind->name), {}}).first->second;
      change.fields.push_back(FieldChange{std::string(name), stamp.hlc.value, {}, std::move(value).value()});
    });
    COACH_TRY(status);
    for (auto& [no, change] : byDevice) {
      COACH_ASSIGN_OR_RETURN(sync::Id d, device(no));
      group(d).changes.push_back(std::move(change));
    }
    return {};
  }

  Status lineageOf(const StoredRecord& rec) {
    COACH_ASSIGN_OR_RETURN(
        store::Stmt* s,
        impl_.stmt("SELECT field, hlc, device, base_hlc, base_device FROM lineage WHERE rid = ? AND base_hlc <> 0"));
    store::StmtGuard guard(*s);
    COACH_TRY(s->bindInt(1, rec.ref.rid));
    COACH_ASSIGN_OR_RETURN(sync::Id id, sync::idFromText(rec.id));
    while (true) {
      COACH_ASSIGN_OR_RETURN(bool row, s->step());
      if (!row) break;
      sync::SnapshotLineage l{id,
                              s->textAt(0),
                              {static_cast<std::uint64_t>(s->intAt(1)), {}},
                              {static_cast<std::uint64_t>(s->intAt(3)), {}}};
      COACH_ASSIGN_OR_RETURN(l.edit.device, sync::idFromText(s->textAt(2)));
      COACH_ASSIGN_OR_RETURN(l.base.device, sync::idFromText(s->textAt(4)));
      content_.lineage.push_back(std::move(l));
    }
    return {};
  }

  Status conflictsOf(const StoredRecord& rec) {
    COACH_ASSIGN_OR_RETURN(store::Stmt* s,
                           impl_.stmt("SELECT field, loser_hlc, loser_device, value FROM conflict WHERE rid = ?"));
    store::StmtGuard guard(*s);
    COACH_TRY(s->bindInt(1, rec.ref.rid));
    COACH_ASSIGN_OR_RETURN(sync::Id id, sync::idFromText(rec.id));
    while (true) {
      COACH_ASSIGN_OR_RETURN(bool row, s->step());
      if (!row) break;
      sync::SnapshotValue v{id, s->textAt(0), {static_cast<std::uint64_t>(s->intAt(1)), {}}, {}};
      const std::string loser = s->textAt(2);
      COACH_ASSIGN_OR_RETURN(v.stamp.device, sync::idFromText(loser));
      const std::string label = "conflict:" + v.field + ":" + std::to_string(v.stamp.hlc) + ":" + loser;
      COACH_ASSIGN_OR_RETURN(v.value, columnValue(impl_, *s, 3, rec.ref.shard, rec.id, label));
      content_.conflicts.push_back(std::move(v));
    }
    return {};
  }

  Status historyOf(const StoredRecord& rec) {
    COACH_ASSIGN_OR_RETURN(store::Stmt* s,
                           impl_.stmt("SELECT field, hlc, device, value FROM field_history WHERE rid = ?"));
    store::StmtGuard guard(*s);
    COACH_TRY(s->bindInt(1, rec.ref.rid));
    COACH_ASSIGN_OR_RETURN(sync::Id id, sync::idFromText(rec.id));
    while (true) {
      COACH_ASSIGN_OR_RETURN(bool row, s->step());
      if (!row) break;
      sync::SnapshotValue v{id, s->textAt(0), {static_cast<std::uint64_t>(s->intAt(1)), {}}, {}};
      COACH_ASSIGN_OR_RETURN(v.stamp.device, device(static_cast<std::uint32_t>(s->intAt(2))));
      if (!s->isNull(3)) {
        v.value = sqlite3_column_type(s->get(), 3) == SQLITE_INTEGER ? model::FieldValue{s->intAt(3)}
                                                                     : model::FieldValue{s->textAt(3)};
      }
      content_.history.push_back(std::move(v));
    }
    return {};
  }

  Store::Impl& impl_;
  std::string shard_;
  sync::SnapshotContent content_;
  std::map<sync::Id, std::size_t> groupOf_;
};

}  // namespace

Result<std::vector<std::string>> Store::Impl::snapshotShards() {
  COACH_TRY(requireUnlocked());
  std::vector<std::string> shards;
  COACH_ASSIGN_OR_RETURN(store::Stmt* s,
                         stmt("SELECT DISTINCT shard FROM shard_key WHERE shard <> 'team' ORDER BY shard"));
  store::StmtGuard guard(*s);
  while (true) {
    COACH_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) break;
    shards.push_back(s->textAt(0));
  }
  shards.emplace_back(model::kTeamShard);  // last: a reader that finds a new team snapshot finds the others too
  return shards;
}

Result<std::optional<sync::Snapshot>> Store::Impl::buildSnapshot(const std::string& shard, std::uint64_t covers) {
  COACH_TRY(requireUnlocked());
  COACH_TRY(requireMember());
  COACH_ASSIGN_OR_RETURN(bool at, exactlyAt(*this, covers));
  if (!at) return std::optional<sync::Snapshot>{};
  Builder builder(*this, shard);
  COACH_TRY(builder.records());
  COACH_TRY(builder.pending());
  if (shard == model::kTeamShard) {
    COACH_TRY(builder.chains());
    COACH_TRY(builder.keys());
  }
  const sync::SnapshotContent content = builder.take();
  sync::SnapshotHeader h;
  h.team = membership->team;
  COACH_ASSIGN_OR_RETURN(h.shard, sync::shardFromText(shard));
  COACH_ASSIGN_OR_RETURN(h.author, sync::idFromText(deviceId));
  h.covers = covers;
  COACH_ASSIGN_OR_RETURN(h.keyId, keys->currentVersion(db, shard));
  h.newestHlc = sync::newestStamp(content);
  crypto::Bytes plain = sync::encodeSnapshotContent(content);
  COACH_ASSIGN_OR_RETURN(const crypto::Aead* key, keys->shardCipher(db, shard, h.keyId));
  auto sealed = sync::sealSnapshot(h, plain, *key, *membership->signer);
  OPENSSL_cleanse(plain.data(), plain.size());
  COACH_ASSIGN_OR_RETURN(crypto::Bytes bytes, std::move(sealed));
  sync::SnapshotMeta meta{shard, covers, h.keyId, deviceId, bytes.size()};
  // The server keeps a team snapshot only from a device that carried out every erasure (its key list could
  // otherwise hold an erased participant's keys).
  COACH_ASSIGN_OR_RETURN(std::uint64_t erasuresSeen, metaNumber("erasures_seen"));
  return std::optional<sync::Snapshot>{sync::Snapshot{std::move(meta), std::move(bytes), erasuresSeen}};
}

}  // namespace coach
