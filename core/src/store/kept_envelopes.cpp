// Store: envelopes and key records the server acknowledged, kept byte for byte for a while (docs/sync.md,
// "Resending after a server restore"). A server restored from an older backup has lost what it acknowledged
// after that backup; it answers the device's next push with sequence_gap and the sequence it expects. Only the
// very same bytes can fill that gap: a re-sealed envelope would carry another nonce, so another hash, and every
// device that already applied the original would see a forked chain. So an acknowledged envelope stays in
// `own_envelope` with a row in `own_envelope_ack` (the view `kept_envelope`; written once, schema level 11) instead
// of being deleted, and key records from the push go to `kept_key_record`; both are dropped after the retention
// window, the envelopes also oldest first beyond a byte budget, and with their shard when it is erased
// (store/erase.cpp). Deleting an own_envelope row deletes its acknowledgement (a trigger).
#include "crypto/crypto.hpp"
#include "store/store_impl.hpp"

namespace coach {
namespace {

constexpr std::int64_t kDayMillis = 24 * 60 * 60 * 1000;

Status runWith(Store::Impl& impl, const std::string& sql, std::int64_t a, std::optional<std::int64_t> b = std::nullopt) {
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt(sql));
  store::StmtGuard guard(*s);
  COACH_TRY(s->bindInt(1, a));
  if (b) COACH_TRY(s->bindInt(2, *b));
  return s->run();
}

Result<std::int64_t> scalar(Store::Impl& impl, const std::string& sql) {
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, impl.stmt(sql));
  store::StmtGuard guard(*s);
  COACH_ASSIGN_OR_RETURN(bool row, s->step());
  return row ? s->intAt(0) : 0;
}

}  // namespace

Status Store::Impl::keepHeld(std::uint64_t lastSequence) {
  return runWith(*this,
                 "INSERT OR IGNORE INTO own_envelope_ack (seq, acked_at) SELECT seq, ?2 FROM sent_envelope "
                 "WHERE seq <= ?1 AND seq > (SELECT coalesce(max(seq), 0) FROM own_envelope_ack)",  // past the prefix
                 static_cast<std::int64_t>(lastSequence), wall->nowMillis());
}

Status Store::Impl::keepKeyRecords(const std::vector<sync::KeyRecord>& records) {
  for (const sync::KeyRecord& k : records) {
    COACH_ASSIGN_OR_RETURN(store::Stmt* s, stmt("INSERT OR IGNORE INTO kept_key_record (shard, version, epoch, wrapped, "
                                                "acked_at) VALUES (?, ?, ?, ?, ?)"));
    store::StmtGuard guard(*s);
    COACH_TRY(s->bindText(1, k.shard));
    COACH_TRY(s->bindInt(2, k.version));
    COACH_TRY(s->bindInt(3, k.epoch));
    COACH_TRY(s->bindBlob(4, k.wrapped));
    COACH_TRY(s->bindInt(5, wall->nowMillis()));
    COACH_TRY(s->run());
  }
  return {};
}

// Older than the window, then the oldest envelopes beyond the byte budget. Key records (60 bytes each) only
// age out: a restore that needs an envelope may need the key record of its shard, whatever the budget dropped.
Status Store::Impl::pruneKept(const KeepLimits& keep) {
  if (keep.days == 0 || keep.bytes == 0) {  // keeping turned off: nothing stays
    COACH_TRY(db.exec("DELETE FROM own_envelope WHERE seq IN (SELECT seq FROM own_envelope_ack); DELETE FROM kept_key_record", "dropping kept envelopes"));
    return {};
  }
  const std::int64_t cutoff = wall->nowMillis() - static_cast<std::int64_t>(keep.days) * kDayMillis;
  COACH_TRY(runWith(*this, "DELETE FROM own_envelope WHERE seq IN (SELECT seq FROM own_envelope_ack WHERE acked_at < ?)", cutoff));
  COACH_TRY(runWith(*this, "DELETE FROM kept_key_record WHERE acked_at < ?", cutoff));
  COACH_ASSIGN_OR_RETURN(std::int64_t total, scalar(*this, "SELECT coalesce(sum(length(bytes)), 0) FROM kept_envelope"));
  if (static_cast<std::uint64_t>(total) <= keep.bytes) return {};
  // The newest envelopes that fit the budget stay; from the newest one that does not fit, all older ones go.
  return runWith(*this,
                 "DELETE FROM own_envelope WHERE seq IN (SELECT seq FROM own_envelope_ack WHERE seq <= (SELECT seq FROM "
                 "(SELECT seq, sum(length(bytes)) OVER (ORDER BY seq DESC) AS total FROM kept_envelope) WHERE total > ? "
                 "ORDER BY seq DESC LIMIT 1))",
                 static_cast<std::int64_t>(keep.bytes));
}

Result<std::vector<Store::Impl::SentEnvelope>> Store::Impl::keptEnvelopes(std::uint64_t from, std::uint64_t below,
                                                                          std::size_t limit) {
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, stmt("SELECT seq, bytes FROM kept_envelope WHERE seq >= ? AND seq < ? "
                                              "ORDER BY seq LIMIT ?"));
  store::StmtGuard guard(*s);
  COACH_TRY(s->bindInt(1, static_cast<std::int64_t>(from)));
  COACH_TRY(s->bindInt(2, static_cast<std::int64_t>(below)));
  COACH_TRY(s->bindInt(3, static_cast<std::int64_t>(limit)));
  std::vector<SentEnvelope> out;
  while (true) {
    COACH_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) break;
    const auto bytes = s->blobAt(1);
    out.push_back(SentEnvelope{static_cast<std::uint64_t>(s->intAt(0)), 0, crypto::Bytes(bytes.begin(), bytes.end())});
  }
  return out;
}

Result<std::vector<sync::KeyRecord>> Store::Impl::keptKeyRecords() {
  COACH_ASSIGN_OR_RETURN(store::Stmt* s, stmt("SELECT shard, version, epoch, wrapped FROM kept_key_record "
                                              "ORDER BY acked_at, shard, version, epoch"));
  store::StmtGuard guard(*s);
  std::vector<sync::KeyRecord> out;
  while (true) {
    COACH_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) break;
    const auto wrapped = s->blobAt(3);
    out.push_back(sync::KeyRecord{s->textAt(0), static_cast<std::uint32_t>(s->intAt(1)),
                                  static_cast<std::uint32_t>(s->intAt(2)), deviceId,
                                  crypto::Bytes(wrapped.begin(), wrapped.end())});
  }
  return out;
}

Result<Store::Impl::KeptTotals> Store::Impl::keptTotals() {
  KeptTotals t;
  COACH_ASSIGN_OR_RETURN(std::int64_t envelopes, scalar(*this, "SELECT count(*) FROM kept_envelope"));
  COACH_ASSIGN_OR_RETURN(std::int64_t bytes, scalar(*this, "SELECT coalesce(sum(length(bytes)), 0) FROM kept_envelope"));
  COACH_ASSIGN_OR_RETURN(std::int64_t records, scalar(*this, "SELECT count(*) FROM kept_key_record"));
  t.envelopes = static_cast<std::uint64_t>(envelopes);
  t.bytes = static_cast<std::uint64_t>(bytes);
  t.keyRecords = static_cast<std::uint64_t>(records);
  return t;
}

}  // namespace coach
