// faulty_transport.hpp: a Transport wrapper that loses requests, loses answers after the server acted
// (a lost acknowledgement), delivers requests twice, and can be cut off entirely (a partition), all decided by
// a seeded generator so a failing run can be replayed.
#pragma once

#include <random>

#include "coach/sync.hpp"

namespace coach::test {

class FaultyTransport final : public sync::Transport {
 public:
  FaultyTransport(sync::Transport& inner, std::uint64_t seed, double faultRate)
      : inner_(inner), rng_(seed), rate_(faultRate) {}
  bool offline = false;
  void setFaultRate(double rate) { rate_ = rate; }

  Result<sync::PushResponse> push(const sync::PushRequest& r) override {
    return deliver([&] { return inner_.push(r); });
  }
  Result<sync::PullResponse> pull(const sync::PullRequest& r) override {
    return deliver([&] { return inner_.pull(r); });
  }
  Result<std::vector<sync::DeviceInfo>> devices() override {
    return deliver([&] { return inner_.devices(); });
  }
  Result<sync::SnapshotList> snapshots() override {
    return deliver([&] { return inner_.snapshots(); });
  }
  Result<sync::Snapshot> snapshot(const std::string& shard) override {
    return deliver([&] { return inner_.snapshot(shard); });
  }
  Status putSnapshot(const sync::Snapshot& s) override {
    return deliver([&] { return inner_.putSnapshot(s); });
  }

 private:
  template <class Fn>
  auto deliver(Fn&& call) -> decltype(call()) {
    if (offline) return unreachable();
    std::uniform_real_distribution<double> u(0, 1);
    const double roll = u(rng_);
    if (roll < rate_) return unreachable();                  // the request never arrived
    if (roll < 2 * rate_) {                                 // the server acted; the answer was lost
      (void)call();
      return unreachable();
    }
    if (roll < 3 * rate_) (void)call();                     // delivered twice
    return call();
  }
  static Error unreachable() { return makeError(ErrorCode::Unavailable, "simulated network failure"); }

  sync::Transport& inner_;
  std::mt19937_64 rng_;
  double rate_;
};

}  // namespace coach::test
