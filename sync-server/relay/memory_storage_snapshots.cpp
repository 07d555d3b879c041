// relay/memory_storage_snapshots.cpp: MemoryStorage reading its snapshots (the upload, which shares the
// erasure rules, stays in memory_storage.cpp). Thread-safety: one mutex around each call.
#include "relay/memory_storage.hpp"

namespace coach::relay {

Result<std::vector<SnapshotInfo>> MemoryStorage::snapshots(const std::string& team) {
  std::lock_guard lock(mu_);
  std::vector<SnapshotInfo> out;
  if (Team* t = find(team)) {
    for (const auto& [shard, s] : t->snapshots) out.push_back(s.first);
  }
  return out;
}

Result<std::optional<SnapshotInfo>> MemoryStorage::snapshotOf(const std::string& team, const std::string& shard) {
  std::lock_guard lock(mu_);
  Team* t = find(team);
  if (!t) return std::optional<SnapshotInfo>{};
  auto it = t->snapshots.find(shard);
  if (it == t->snapshots.end()) return std::optional<SnapshotInfo>{};
  return std::optional<SnapshotInfo>{it->second.first};
}

Result<std::optional<crypto::Bytes>> MemoryStorage::snapshot(const std::string& team, const std::string& shard) {
  std::lock_guard lock(mu_);
  Team* t = find(team);
  if (!t) return std::optional<crypto::Bytes>{};
  auto it = t->snapshots.find(shard);
  if (it == t->snapshots.end()) return std::optional<crypto::Bytes>{};
  return std::optional<crypto::Bytes>{it->second.second};
}

}  // namespace coach::relay
