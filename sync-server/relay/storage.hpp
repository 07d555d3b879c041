// relay/storage.hpp: what the relay keeps, behind one interface (docs/sync-server.md). MemoryStorage
// (tests, the in-process loopback) implements it here; the SQLite and PostgreSQL backends of coach-syncd
// implement the same interface. Everything stored is ciphertext or public: the relay holds no key.
//
// Thread-safety: implementations must be safe to call from many threads at once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "coach/result.hpp"
#include "coach/sync.hpp"
#include "sync/envelope.hpp"

namespace coach::relay {

struct DeviceRecord {
  std::string team;
  std::string id;
  crypto::Bytes signingKey;
  bool revoked = false;
  std::uint64_t lastSequence = 0;
  sync::Hash lastHash{};
};

struct NewEnvelope {
  std::uint64_t sequence = 0;
  sync::Hash hash{};
  std::string shard;
  crypto::Bytes bytes;
};

class Storage {
 public:
  virtual ~Storage() = default;
  virtual Status addDevice(const std::string& team, const sync::DeviceInfo& device) = 0;
  virtual Status revokeDevice(const std::string& team, const std::string& device) = 0;
  virtual Result<std::optional<DeviceRecord>> device(const std::string& team, const std::string& id) = 0;
  virtual Result<std::vector<sync::DeviceInfo>> devices(const std::string& team) = 0;
  // Appends, in one durable step, the device's next envelopes and its key records to the team's log and moves
  // the device's chain to the last envelope. Refuses (SequenceGap) when the device's last sequence is no
  // longer `expectedLast` (a concurrent push of the same device won). Returns the server sequence of each
  // envelope.
  virtual Result<std::vector<std::uint64_t>> append(const std::string& team, const std::string& device,
                                                    std::uint64_t expectedLast, const std::vector<NewEnvelope>& envelopes,
                                                    const std::vector<sync::KeyRecord>& keys) = 0;
  // The stored bytes of a device's envelope, to tell a repeated push from a different one.
  virtual Result<std::optional<crypto::Bytes>> envelope(const std::string& team, const std::string& device,
                                                        std::uint64_t sequence) = 0;
  // Items after `after` in server order, at most `limit` and about `maxBytes` (always at least one item).
  virtual Result<sync::PullResponse> page(const std::string& team, std::uint64_t after, std::uint32_t limit,
                                          std::uint32_t maxBytes) = 0;
};

}  // namespace coach::relay
