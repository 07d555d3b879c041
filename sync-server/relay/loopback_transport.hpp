// relay/loopback_transport.hpp: a Transport that calls a Relay in the same process, through the JSON forms
// of the messages (so every test also exercises the wire codec), for tests and the simulation.
#pragma once

#include "coach/sync.hpp"
#include "relay/relay.hpp"

namespace coach::relay {

class LoopbackTransport final : public sync::Transport {
 public:
  LoopbackTransport(Relay& relay, Caller caller) : relay_(relay), caller_(std::move(caller)) {}
  Result<sync::PushResponse> push(const sync::PushRequest& request) override;
  Result<sync::PullResponse> pull(const sync::PullRequest& request) override;
  Result<std::vector<sync::DeviceInfo>> devices() override;
  Result<sync::SnapshotList> snapshots() override;
  Result<sync::Snapshot> snapshot(const std::string& shard) override;
  Status putSnapshot(const sync::Snapshot& snapshot) override;
  Result<sync::GrantsAnswer> grants() override;
  Status approve(const std::string& device, const std::vector<sync::Grant>& grants) override;
  Status putGrants(std::uint32_t newEpoch, const std::vector<sync::Grant>& grants) override;
  Status revoke(const std::string& device) override;
  Status replaceAgreementKey(const sync::AgreementKeyChange& change) override;
  Result<std::uint64_t> erase(const crypto::Bytes& order) override;
  Result<std::vector<sync::ErasureEntry>> erasures(std::uint64_t after) override;

 private:
  Relay& relay_;
  Caller caller_;
};

}  // namespace coach::relay
