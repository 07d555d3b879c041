// relay/memory_storage.hpp: Storage in memory, for the in-process loopback transport and tests.
// Thread-safe (one mutex).
#pragma once

#include <map>
#include <mutex>

#include "relay/storage.hpp"

namespace coach::relay {

class MemoryStorage final : public Storage {
 public:
  Status addDevice(const std::string& team, const sync::DeviceInfo& device) override;
  Status revokeDevice(const std::string& team, const std::string& device) override;
  Result<std::optional<DeviceRecord>> device(const std::string& team, const std::string& id) override;
  Result<std::vector<sync::DeviceInfo>> devices(const std::string& team) override;
  Result<std::vector<std::uint64_t>> append(const std::string& team, const std::string& device, std::uint64_t expectedLast,
                                            const std::vector<NewEnvelope>& envelopes,
                                            const std::vector<sync::KeyRecord>& keys) override;
  Result<std::optional<crypto::Bytes>> envelope(const std::string& team, const std::string& device,
                                                std::uint64_t sequence) override;
  Result<sync::PullResponse> page(const std::string& team, std::uint64_t after, std::uint32_t limit,
                                  std::uint32_t maxBytes) override;
  // Tests: how many envelopes the team's log holds.
  std::size_t envelopeCount(const std::string& team);

 private:
  struct Team {
    std::map<std::string, DeviceRecord> devices;
    std::vector<sync::PullItem> log;  // index i holds server sequence i + 1
    std::map<std::pair<std::string, std::uint64_t>, std::size_t> byDeviceSequence;
  };
  std::mutex mu_;
  std::map<std::string, Team> teams_;
};

}  // namespace coach::relay
