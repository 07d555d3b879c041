// storage_fixtures.hpp: records to store in the storage tests (teams, devices, envelopes, key records) and the
// REQUIRE helpers that print a failed Result's message. Storage holds bytes it never parses, so envelopes here are
// just recognisable bytes (with their SHA-256 as the chain hash, as the relay hands it).
#pragma once

#include <catch2/catch.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include "relay/storage.hpp"

namespace coach::test {

// A 32-hex-character id made from a number (team, device and token ids have this form).
inline std::string hexId(unsigned n, char prefix = 'a') {
  char buf[33];
  std::snprintf(buf, sizeof buf, "%c%031x", prefix, n);
  return buf;
}

inline const std::string kTeamA = hexId(1, 'a');
inline const std::string kTeamB = hexId(2, 'b');

inline sync::Hash filledHash(std::uint8_t fill) {
  sync::Hash h{};
  h.fill(fill);
  return h;
}

inline crypto::Bytes filledBytes(std::size_t size, std::uint8_t fill) { return crypto::Bytes(size, fill); }

inline relay::TeamRecord teamRecord(const std::string& id, std::string name = "IPS team Utrecht") {
  return relay::TeamRecord{id, std::move(name), 1772442000000};
}

inline relay::DeviceRecord deviceRecord(const std::string& id, relay::Role role = relay::Role::Coach) {
  relay::DeviceRecord d;
  d.id = id;
  d.signingKey = filledBytes(32, 0x51);
  d.agreementKey = filledBytes(32, 0x52);
  d.role = role;
  d.enrolledAt = 1772442000000;
  d.lastSeenAt = 1772442000000;
  return d;
}

// The envelope of `device` with sequence `seq`: `size` bytes that tell device and sequence apart.
inline relay::NewEnvelope newEnvelope(std::uint64_t seq, std::size_t size = 64, std::uint8_t fill = 0) {
  relay::NewEnvelope e;
  e.sequence = seq;
  e.shard = hexId(static_cast<unsigned>(seq % 3), 's');
  e.bytes = filledBytes(size, static_cast<std::uint8_t>(fill + seq));
  e.hash = sync::envelopeHash(e.bytes);
  return e;
}

inline sync::KeyRecord keyRecord(const std::string& shard, std::uint32_t version, std::uint32_t epoch,
                                 const std::string& author, std::uint8_t fill = 0x77) {
  return sync::KeyRecord{shard, version, epoch, author, filledBytes(60, fill)};
}

#define COACH_REQUIRE_OK(expr)                                                  \
  do {                                                                          \
    auto&& coach_result_ = (expr);                                              \
    if (!coach_result_.ok()) FAIL(#expr << ": " << coach_result_.error().message); \
  } while (false)

template <class T>
T valueOf(Result<T> result) {
  if (!result.ok()) FAIL("unexpected error: " << result.error().message);
  return std::move(result).value();
}

// Creates team `team` with devices `devices` (no tokens) in `storage`.
inline void seedTeam(relay::Storage& storage, const std::string& team, const std::vector<std::string>& devices) {
  COACH_REQUIRE_OK(storage.createTeam(teamRecord(team)));
  for (const std::string& d : devices) COACH_REQUIRE_OK(storage.addDevice(team, deviceRecord(d), "", sync::Hash{}));
}

}  // namespace coach::test
