// relay/memory_storage_backup.cpp: MemoryStorage's backup and restore (tests of resending after a server restore;
// docs/sync.md). A restore moves every team's server sequence 2^32 on, as restoreSqliteStore does.
#include "relay/memory_storage.hpp"

namespace coach::relay {

std::shared_ptr<const MemoryStorage::Backup> MemoryStorage::backup() {
  std::lock_guard lock(mu_);
  auto copy = std::make_shared<Backup>();
  copy->teams = teams_;
  copy->tokens = tokens_;
  copy->codes = codes_;
  return copy;
}

void MemoryStorage::restore(const Backup& backup) {
  std::lock_guard lock(mu_);
  teams_ = backup.teams;
  tokens_ = backup.tokens;
  codes_ = backup.codes;
  for (auto& [id, team] : teams_) team.lastSeq += std::uint64_t{1} << 32;  // as restoreSqliteStore
}

}  // namespace coach::relay
