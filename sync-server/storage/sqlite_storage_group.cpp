// storage/sqlite_storage_group.cpp: group commit of SqliteStorage's pushes (docs/sync-server-storage.md, "Group
// commit").
//
// Why: with synchronous=FULL every commit waits for an fdatasync (1 to 4 ms on a virtual disk, much more when the
// neighbours write), and the store has one writer. Committing each push alone makes n concurrent pushes wait for n
// fdatasyncs one after the other; a Monday-morning burst of a whole organisation's devices then queues on the
// disk, not on the CPU.
//
// How: a push joins the queue of waiting pushes. When no batch is being committed, the first caller to notice
// takes every waiting push (at most Options::maxGroupPushes), stores them in one IMMEDIATE transaction, each in its
// own savepoint, commits once (one fdatasync), and hands every caller its answer; meanwhile newer pushes queue for
// the next batch. No timer and no extra thread: a push that arrives alone commits at once, as before, and a batch
// forms only from pushes that would otherwise have waited for the writer anyway.
//
// What does not change: a push is answered only after the commit that holds it returned (durable); server
// sequences are allocated in the one writer transaction, in queue order, and become visible together at the
// commit, so no page can serve a sequence while a smaller one may still commit. The checks are each push's own
// (the relay's signature, chain, size and drift checks ran before append; storage checks the device's expected
// sequence and the key records): a push that fails them is rolled back to its savepoint and fails alone, its
// neighbours are stored. A push later in the batch sees the rows of the ones before it (two pushes of the same
// device in one batch: the second gets SequenceGap, exactly as when they committed one after the other).
// Thread-safety: as SqliteStorage; groupMu_ guards the queue and the answers, writeMu_ the writer connection.
#include <exception>

#include "storage/sqlite_storage_internal.hpp"

namespace coach::relay {
namespace {

using sqlite_detail::Conn;
using sqlite_detail::PendingAppend;
using Seqs = std::vector<std::uint64_t>;

constexpr std::string_view kOperation = "storing a push";

Status runCached(Conn& c, const std::string& sql) {
  COACH_ASSIGN_OR_RETURN(store::Stmt * stmt, c.cache.get(sql));
  store::StmtGuard guard(*stmt);
  return stmt->run();
}

// Whether the writer's transaction is still open: SQLite rolls the whole transaction back by itself after some
// errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM may), and then nothing of the batch is left to commit.
bool inTransaction(const Conn& c) { return sqlite3_get_autocommit(c.db.get()) == 0; }

// Stores one push of the batch inside its own savepoint: kept when it succeeds, undone when it fails.
// The returned Status is the savepoint's own failure (the batch cannot go on); the push's answer is in `answer`.
Status storeOne(Conn& c, const PendingAppend& push, std::optional<Result<Seqs>>& answer) {
  COACH_TRY(runCached(c, "SAVEPOINT push"));
  Result<Seqs> stored = sqlite_detail::appendOne(c, push);
  const bool ok = stored.ok();
  answer.emplace(ok ? std::move(stored) : Result<Seqs>(sqlite_detail::named(std::move(stored).error(), kOperation)));
  if (!inTransaction(c)) return makeError(ErrorCode::StorageError, "the store rolled the batch back");
  if (!ok) COACH_TRY(runCached(c, "ROLLBACK TO push"));
  return runCached(c, "RELEASE push");
}

// The answer of every push of a batch that was not stored: `error` for the ones that would have been, their own
// error for the ones that failed their checks (nothing of either kind is in the store).
std::vector<Result<Seqs>> allFailed(std::vector<std::optional<Result<Seqs>>>& answers, const Error& error) {
  std::vector<Result<Seqs>> out;
  out.reserve(answers.size());
  for (auto& a : answers) {
    if (a && !a->ok()) {
      out.push_back(std::move(*a));
    } else {
      out.emplace_back(error);
    }
  }
  return out;
}

}  // namespace

std::vector<Result<Seqs>> SqliteStorage::commitGroup(const std::vector<PendingAppend*>& batch) {
  std::lock_guard lock(writeMu_);
  Conn& w = *writer_;
  std::vector<std::optional<Result<Seqs>>> answers(batch.size());
  Result<store::Transaction> txn = store::Transaction::begin(w.db, &w.cache);
  if (!txn.ok()) return allFailed(answers, sqlite_detail::named(std::move(txn).error(), kOperation));
  for (std::size_t i = 0; i < batch.size(); ++i) {
    Status kept = storeOne(w, *batch[i], answers[i]);
    if (kept.ok()) continue;
    // A storage failure of the push itself explains best why the batch stopped (a full disk); else the savepoint's.
    const bool storageFailure = answers[i] && !answers[i]->ok() &&
                                (answers[i]->error().code == ErrorCode::StorageFull || answers[i]->error().code == ErrorCode::StorageError);
    Error why = storageFailure ? answers[i]->error() : sqlite_detail::named(std::move(kept).error(), kOperation);
    answers[i].reset();
    return allFailed(answers, why);
  }
  Status committed = txn->commit();
  if (!committed.ok()) return allFailed(answers, sqlite_detail::named(std::move(committed).error(), kOperation));
  std::vector<Result<Seqs>> out;
  out.reserve(batch.size());
  for (auto& a : answers) out.push_back(std::move(*a));
  return out;
}

Result<Seqs> SqliteStorage::appendInGroup(PendingAppend& mine) {
  std::unique_lock lock(groupMu_);
  waiting_.push_back(&mine);
  while (!mine.result) {
    if (committing_) {
      groupDone_.wait(lock);
      continue;
    }
    // Nobody is committing: this caller stores the oldest waiting pushes (its own among them unless the queue is
    // longer than one batch; then it loops and commits or waits again).
    committing_ = true;
    const std::size_t n = std::min(waiting_.size(), std::max<std::size_t>(options_.maxGroupPushes, 1));
    std::vector<PendingAppend*> batch(waiting_.begin(), waiting_.begin() + static_cast<std::ptrdiff_t>(n));
    waiting_.erase(waiting_.begin(), waiting_.begin() + static_cast<std::ptrdiff_t>(n));
    lock.unlock();
    std::vector<Result<Seqs>> answers;
    try {
      answers = commitGroup(batch);
    } catch (const std::exception& e) {  // nothing may leave committing_ set: every later push would wait forever
      answers.assign(batch.size(), Result<Seqs>(makeError(ErrorCode::Internal, std::string("storing a push failed: ") + e.what())));
    }
    lock.lock();
    for (std::size_t i = 0; i < batch.size(); ++i) batch[i]->result.emplace(std::move(answers[i]));
    ++groupStats_.batches;
    groupStats_.pushes += batch.size();
    committing_ = false;
    groupDone_.notify_all();
  }
  return std::move(*mine.result);
}

SqliteStorage::GroupCommitStats SqliteStorage::groupCommits() const {
  std::lock_guard lock(groupMu_);
  return groupStats_;
}

}  // namespace coach::relay
