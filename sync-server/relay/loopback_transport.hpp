// relay/loopback_transport.hpp: a Transport that calls a Relay in the same process, through the wire forms
// of the messages (so every test also exercises the wire codecs), for tests, the simulation and the benchmark.
// Push and pull travel in the binary body (sync/messages_binary.hpp) as HttpTransport sends them to
// coach-syncd, or in JSON with BodyFormat::Json; every other message in JSON.
#pragma once

#include "coach/sync.hpp"
#include "relay/relay.hpp"

namespace coach::relay {

class LoopbackTransport final : public sync::Transport {
 public:
  LoopbackTransport(Relay& relay, Caller caller, sync::BodyFormat format = sync::BodyFormat::Binary)
      : relay_(relay), caller_(std::move(caller)), format_(format) {}
  Result<sync::PushResponse> push(const sync::PushRequest& request) override;
  Result<sync::PullResponse> pull(const sync::PullRequest& request) override;
  Result<std::vector<sync::DeviceInfo>> devices() override;
  Result<sync::SnapshotList> snapshots() override;
  Result<sync::SnapshotList> snapshotsOf(const std::string& shard) override;
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
  sync::BodyFormat format_;
};

}  // namespace coach::relay
