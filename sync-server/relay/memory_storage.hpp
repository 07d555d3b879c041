// relay/memory_storage.hpp: Storage in memory, for the in-process loopback transport and tests.
// Thread-safe (one mutex). Nothing survives the process: coach-syncd uses SqliteStorage.
#pragma once

#include <map>
#include <memory>
#include <mutex>

#include "relay/storage.hpp"

namespace coach::relay {

class MemoryStorage final : public Storage {
 public:
  Status createTeam(const TeamRecord& team) override;
  Result<std::vector<TeamRecord>> teams() override;
  Status addDevice(const std::string& team, const DeviceRecord& device, const std::string& tokenId,
                   const sync::Hash& verifier) override;
  Status revokeDevice(const std::string& team, const std::string& device, std::int64_t now) override;
  Status setAgreementKey(const std::string& team, const std::string& device, const crypto::Bytes& key) override;
  Status touchDevice(const std::string& team, const std::string& device, std::int64_t now) override;
  Result<std::optional<DeviceRecord>> device(const std::string& team, const std::string& id) override;
  Result<std::vector<DeviceRecord>> devices(const std::string& team) override;
  Result<std::optional<TokenRecord>> token(const std::string& tokenId) override;
  Status approveDevice(const std::string& team, const std::string& device, const std::string& approvedBy,
                       const std::vector<GrantRecord>& grants, std::int64_t now) override;
  Status putGrants(const std::string& team, std::uint32_t newEpoch, const std::vector<GrantRecord>& grants) override;
  Result<std::vector<GrantRecord>> grants(const std::string& team, const std::optional<std::string>& recipient) override;
  Status addEnrolCode(const sync::Hash& codeHash, const EnrolCodeInfo& info) override;
  Result<DeviceRecord> enrol(const sync::Hash& codeHash, const Enrolment& enrolment) override;
  Result<std::vector<std::uint64_t>> append(const std::string& team, const std::string& device, std::uint64_t expectedLast,
                                            const std::vector<NewEnvelope>& envelopes,
                                            const std::vector<sync::KeyRecord>& keys) override;
  Result<std::optional<sync::Hash>> envelopeHash(const std::string& team, const std::string& device,
                                                 std::uint64_t sequence) override;
  Result<sync::PullResponse> page(const std::string& team, std::uint64_t after, std::uint32_t limit,
                                  std::uint32_t maxBytes) override;
  Result<std::uint64_t> head(const std::string& team) override;
  Status putSnapshot(const std::string& team, const SnapshotInfo& info, const crypto::Bytes& bytes) override;
  Result<std::vector<SnapshotInfo>> snapshots(const std::string& team) override;
  Result<std::optional<SnapshotInfo>> snapshotOf(const std::string& team, const std::string& shard) override;
  Result<std::optional<crypto::Bytes>> snapshot(const std::string& team, const std::string& shard) override;
  Result<std::uint64_t> erase(const std::string& team, const ErasureRecord& erasure) override;
  Result<std::vector<sync::ErasureEntry>> erasures(const std::string& team, std::uint64_t after) override;
  Result<std::uint64_t> erasureCount(const std::string& team) override;
  Result<StorageStats> stats(std::int64_t now) override;
  Status ready() override { return {}; }

  // Tests: how many envelopes (tombstones included) the team's log holds.
  std::size_t envelopeCount(const std::string& team);

  // Tests: a copy of everything stored, as `coach-syncd admin backup` makes of a SQLite store, and putting one
  // back as `admin restore` does: every team's next server sequence jumps by 2^32, past anything served since
  // (docs/sync-server-storage.md, "Backup and restore").
  class Backup;
  std::shared_ptr<const Backup> backup();
  void restore(const Backup& backup);

 private:
  struct Team {
    TeamRecord record;
    std::map<std::string, DeviceRecord> devices;
    struct Entry {
      sync::PullItem item;
      std::string shard;  // an envelope's shard ("team" or 32 hex characters)
      sync::Hash hash{};  // an envelope's chain hash
    };
    std::map<std::uint64_t, Entry> log;  // by server sequence; erased key records leave gaps
    std::uint64_t lastSeq = 0;
    std::map<std::pair<std::string, std::uint64_t>, std::uint64_t> byDeviceSequence;  // -> server sequence
    std::vector<sync::ErasureEntry> erasures;               // index i holds erasure i + 1
    std::map<std::string, std::uint64_t> erasedShards;       // shard -> its erasure's index
    std::map<std::string, std::pair<SnapshotInfo, crypto::Bytes>> snapshots;
    std::map<std::pair<std::uint32_t, std::string>, GrantRecord> grants;  // by (epoch, recipient)
  };
  static Status insertGrants(Team& t, std::uint32_t newEpoch, const std::vector<GrantRecord>& grants);
  static Result<std::vector<sync::KeyRecord>> freshKeys(const Team& t, const std::vector<sync::KeyRecord>& keys);
  struct Code {
    EnrolCodeInfo info;
    bool used = false;
  };
  Team* find(const std::string& team);
  std::mutex mu_;
  std::map<std::string, Team> teams_;
  std::map<std::string, TokenRecord> tokens_;
  std::map<sync::Hash, Code> codes_;
};

class MemoryStorage::Backup {
 private:
  friend class MemoryStorage;
  std::map<std::string, Team> teams;
  std::map<std::string, TokenRecord> tokens;
  std::map<sync::Hash, Code> codes;
};

}  // namespace coach::relay
