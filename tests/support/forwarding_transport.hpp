// forwarding_transport.hpp: a Transport that passes every call to another one; test transports derive from it
// and override only the calls they tamper with.
#pragma once

#include "coach/sync.hpp"

namespace coach::test {

class ForwardingTransport : public sync::Transport {
 public:
  explicit ForwardingTransport(sync::Transport& inner) : inner_(inner) {}
  Result<sync::PushResponse> push(const sync::PushRequest& r) override { return inner_.push(r); }
  Result<sync::PullResponse> pull(const sync::PullRequest& r) override { return inner_.pull(r); }
  Result<std::vector<sync::DeviceInfo>> devices() override { return inner_.devices(); }
  Result<sync::SnapshotList> snapshots() override { return inner_.snapshots(); }
  Result<sync::Snapshot> snapshot(const std::string& shard) override { return inner_.snapshot(shard); }
  Status putSnapshot(const sync::Snapshot& s) override { return inner_.putSnapshot(s); }
  Result<sync::GrantsAnswer> grants() override { return inner_.grants(); }
  Status approve(const std::string& d, const std::vector<sync::Grant>& g) override { return inner_.approve(d, g); }
  Status putGrants(std::uint32_t e, const std::vector<sync::Grant>& g) override { return inner_.putGrants(e, g); }
  Status revoke(const std::string& d) override { return inner_.revoke(d); }
  Status replaceAgreementKey(const sync::AgreementKeyChange& c) override { return inner_.replaceAgreementKey(c); }
  bool lastFailureRetryable() const override { return inner_.lastFailureRetryable(); }

 protected:
  sync::Transport& inner_;
};

}  // namespace coach::test
