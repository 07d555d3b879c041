#include "relay/memory_storage.hpp"

#include <algorithm>

namespace coach::relay {

Status MemoryStorage::addDevice(const std::string& team, const sync::DeviceInfo& device) {
  std::lock_guard lock(mu_);
  auto& t = teams_[team];
  if (t.devices.count(device.id)) return makeError(ErrorCode::AlreadyExists, "device " + device.id + " is already registered");
  t.devices[device.id] = DeviceRecord{team, device.id, device.signingKey, device.revoked, 0, {}};
  return {};
}

Status MemoryStorage::revokeDevice(const std::string& team, const std::string& device) {
  std::lock_guard lock(mu_);
  auto& devices = teams_[team].devices;
  auto it = devices.find(device);
  if (it == devices.end()) return makeError(ErrorCode::NotFound, "no device " + device + " in team " + team);
  it->second.revoked = true;
  return {};
}

Result<std::optional<DeviceRecord>> MemoryStorage::device(const std::string& team, const std::string& id) {
  std::lock_guard lock(mu_);
  auto& devices = teams_[team].devices;
  auto it = devices.find(id);
  if (it == devices.end()) return std::optional<DeviceRecord>{};
  return std::optional<DeviceRecord>{it->second};
}

Result<std::vector<sync::DeviceInfo>> MemoryStorage::devices(const std::string& team) {
  std::lock_guard lock(mu_);
  std::vector<sync::DeviceInfo> out;
  for (const auto& [id, d] : teams_[team].devices) out.push_back(sync::DeviceInfo{id, d.signingKey, d.revoked});
  return out;
}

Result<std::vector<std::uint64_t>> MemoryStorage::append(const std::string& team, const std::string& device,
                                                         std::uint64_t expectedLast, const std::vector<NewEnvelope>& envelopes,
                                                         const std::vector<sync::KeyRecord>& keys) {
  std::lock_guard lock(mu_);
  Team& t = teams_[team];
  DeviceRecord& d = t.devices.at(device);
  if (d.lastSequence != expectedLast) {
    return makeError(ErrorCode::SequenceGap, "another push of this device came first; push again from sequence " +
                                                 std::to_string(d.lastSequence + 1));
  }
  for (const sync::KeyRecord& k : keys) {
    // A key record pushed again (a lost acknowledgement) is stored once.
    const bool known = std::any_of(t.log.begin(), t.log.end(), [&](const sync::PullItem& item) {
      return item.isKey && item.key.shard == k.shard && item.key.version == k.version && item.key.epoch == k.epoch;
    });
    if (!known) t.log.push_back(sync::PullItem{t.log.size() + 1, true, {}, k});
  }
  std::vector<std::uint64_t> seqs;
  for (const NewEnvelope& e : envelopes) {
    t.log.push_back(sync::PullItem{t.log.size() + 1, false, e.bytes, {}});
    t.byDeviceSequence[{device, e.sequence}] = t.log.size() - 1;
    seqs.push_back(t.log.size());
    d.lastSequence = e.sequence;
    d.lastHash = e.hash;
  }
  return seqs;
}

Result<std::optional<crypto::Bytes>> MemoryStorage::envelope(const std::string& team, const std::string& device,
                                                             std::uint64_t sequence) {
  std::lock_guard lock(mu_);
  Team& t = teams_[team];
  auto it = t.byDeviceSequence.find({device, sequence});
  if (it == t.byDeviceSequence.end()) return std::optional<crypto::Bytes>{};
  return std::optional<crypto::Bytes>{t.log[it->second].envelope};
}

Result<sync::PullResponse> MemoryStorage::page(const std::string& team, std::uint64_t after, std::uint32_t limit,
                                               std::uint32_t maxBytes) {
  std::lock_guard lock(mu_);
  const Team& t = teams_[team];
  sync::PullResponse page;
  page.next = after;
  std::size_t bytes = 0;
  for (std::size_t i = after; i < t.log.size(); ++i) {
    const std::size_t size = t.log[i].isKey ? 128 : t.log[i].envelope.size();
    if (!page.items.empty() && (page.items.size() >= limit || bytes + size > maxBytes)) {
      page.more = true;
      break;
    }
    page.items.push_back(t.log[i]);
    bytes += size;
    page.next = t.log[i].serverSeq;
  }
  return page;
}

std::size_t MemoryStorage::envelopeCount(const std::string& team) {
  std::lock_guard lock(mu_);
  std::size_t n = 0;
  for (const auto& item : teams_[team].log) n += item.isKey ? 0 : 1;
  return n;
}

}  // namespace coach::relay
