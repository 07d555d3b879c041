// relay/relay.hpp: the server's reconciliation rules, written once (ARCHITECTURE.md, "Server"). coach-syncd
// runs them over SQLite or PostgreSQL; the in-process loopback transport runs them over MemoryStorage, so the
// sync tests and the simulation prove the very rules the real server applies.
//
// On push, for each envelope in order: structure, the team and device of the authenticated caller, the
// device's Ed25519 signature, its hash chain (a repeated envelope is acknowledged again, never stored twice; a
// gap names the sequence to resend from), size and the HLC drift bound; then all of the push is stored in one
// durable step and acknowledged. A push is all or nothing. Pull serves the team's log after a cursor, bounded
// in count and bytes. The relay never decrypts anything.
//
// Thread-safety: safe to call from many threads (the storage serialises what must be serialised).
#pragma once

#include <cstdint>
#include <string>

#include "coach/clock.hpp"
#include "coach/sync.hpp"
#include "relay/storage.hpp"

namespace coach::relay {

struct RelayLimits {
  std::size_t maxEnvelopeBytes = sync::kMaxPlaintext + sync::kEnvelopeOverhead;
  std::size_t maxEnvelopesPerPush = 64;
  std::uint32_t maxPageItems = 1000;
  std::uint32_t maxPageBytes = 8u << 20;
  std::int64_t driftBoundMillis = 5 * 60 * 1000;
};

// Who is calling, as established by the transport (a device token on HTTP).
struct Caller {
  std::string team;
  std::string device;
};

class Relay {
 public:
  Relay(Storage& storage, const WallClock& clock, RelayLimits limits = {});
  Result<sync::PushResponse> push(const Caller& caller, const sync::PushRequest& request);
  Result<sync::PullResponse> pull(const Caller& caller, const sync::PullRequest& request);
  Result<std::vector<sync::DeviceInfo>> devices(const Caller& caller);
  const RelayLimits& limits() const { return limits_; }

 private:
  Result<DeviceRecord> authorise(const Caller& caller);
  Storage& storage_;
  const WallClock& clock_;
  RelayLimits limits_;
};

}  // namespace coach::relay
