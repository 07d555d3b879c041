#include "relay/memory_storage.hpp"

#include <algorithm>

namespace coach::relay {
namespace {

Error noTeam(const std::string& team) {
  return makeError(ErrorCode::NotFound, "no team " + team + " on this server: create it with 'coach-syncd admin team create'");
}

Error noDevice(const std::string& device) { return makeError(ErrorCode::NotFound, "no device " + device + " in this team"); }

}  // namespace

MemoryStorage::Team* MemoryStorage::find(const std::string& team) {
  auto it = teams_.find(team);
  return it == teams_.end() ? nullptr : &it->second;
}

Status MemoryStorage::createTeam(const TeamRecord& team) {
  std::lock_guard lock(mu_);
  if (teams_.count(team.id)) return makeError(ErrorCode::AlreadyExists, "team " + team.id + " exists already");
  teams_[team.id].record = team;
  return {};
}

Result<std::vector<TeamRecord>> MemoryStorage::teams() {
  std::lock_guard lock(mu_);
  std::vector<TeamRecord> out;
  for (const auto& [id, t] : teams_) out.push_back(t.record);
  return out;
}

Status MemoryStorage::addDevice(const std::string& team, const DeviceRecord& device, const std::string& tokenId,
                                const sync::Hash& verifier) {
  std::lock_guard lock(mu_);
  Team* t = find(team);
  if (!t) return noTeam(team);
  if (t->devices.count(device.id)) return makeError(ErrorCode::AlreadyExists, "device " + device.id + " is already registered");
  if (!tokenId.empty() && tokens_.count(tokenId)) return makeError(ErrorCode::AlreadyExists, "the token id is taken");
  DeviceRecord stored = device;
  stored.team = team;
  t->devices[device.id] = stored;
  if (!tokenId.empty()) tokens_[tokenId] = TokenRecord{team, device.id, verifier};
  return {};
}

Status MemoryStorage::revokeDevice(const std::string& team, const std::string& device, std::int64_t now) {
  std::lock_guard lock(mu_);
  Team* t = find(team);
  if (!t) return noTeam(team);
  auto it = t->devices.find(device);
  if (it == t->devices.end()) return noDevice(device);
  if (!it->second.revoked) it->second.revokedAt = now;
  it->second.revoked = true;
  return {};
}

Status MemoryStorage::touchDevice(const std::string& team, const std::string& device, std::int64_t now) {
  std::lock_guard lock(mu_);
  Team* t = find(team);
  if (!t) return noTeam(team);
  auto it = t->devices.find(device);
  if (it == t->devices.end()) return noDevice(device);
  it->second.lastSeenAt = std::max(it->second.lastSeenAt, now);
  return {};
}

Result<std::optional<DeviceRecord>> MemoryStorage::device(const std::string& team, const std::string& id) {
  std::lock_guard lock(mu_);
  Team* t = find(team);
  if (!t) return std::optional<DeviceRecord>{};
  auto it = t->devices.find(id);
  if (it == t->devices.end()) return std::optional<DeviceRecord>{};
  return std::optional<DeviceRecord>{it->second};
}

Result<std::vector<DeviceRecord>> MemoryStorage::devices(const std::string& team) {
  std::lock_guard lock(mu_);
  std::vector<DeviceRecord> out;
  if (Team* t = find(team)) {
    for (const auto& [id, d] : t->devices) out.push_back(d);
  }
  return out;
}

Result<std::optional<TokenRecord>> MemoryStorage::token(const std::string& tokenId) {
  std::lock_guard lock(mu_);
  auto it = tokens_.find(tokenId);
  if (it == tokens_.end()) return std::optional<TokenRecord>{};
  return std::optional<TokenRecord>{it->second};
}

Status MemoryStorage::insertGrants(Team& t, std::uint32_t newEpoch, const std::vector<GrantRecord>& grants) {
  if (newEpoch > 0) {
    const std::uint32_t newest = t.grants.empty() ? 0 : t.grants.rbegin()->first.first;
    if (newest + 1 != newEpoch) return grantEpochTaken(newEpoch, newest);
  }
  for (const GrantRecord& g : grants) {
    auto it = t.grants.find({g.epoch, g.recipient});
    if (it != t.grants.end() && it->second.wrapped != g.wrapped) return grantTaken(g);
  }
  for (const GrantRecord& g : grants) t.grants.try_emplace({g.epoch, g.recipient}, g);
  return {};
}

Status MemoryStorage::approveDevice(const std::string& team, const std::string& device, const std::string& approvedBy,
                                    const std::vector<GrantRecord>& grants, std::int64_t now) {
  std::lock_guard lock(mu_);
  Team* t = find(team);
  if (!t) return noTeam(team);
  auto it = t->devices.find(device);
  if (it == t->devices.end()) return noDevice(device);
  COACH_TRY(checkApprovable(it->second));
  COACH_TRY(insertGrants(*t, 0, grants));
  it->second.approved = true;
  it->second.approvedBy = approvedBy;
  it->second.approvedAt = now;
  return {};
}

Status MemoryStorage::putGrants(const std::string& team, std::uint32_t newEpoch, const std::vector<GrantRecord>& grants) {
  std::lock_guard lock(mu_);
  Team* t = find(team);
  if (!t) return noTeam(team);
  return insertGrants(*t, newEpoch, grants);
}

Result<std::vector<GrantRecord>> MemoryStorage::grants(const std::string& team, const std::optional<std::string>& recipient) {
  std::lock_guard lock(mu_);
  std::vector<GrantRecord> out;
  if (Team* t = find(team)) {
    for (const auto& [key, g] : t->grants) {
      if (!recipient || g.recipient == *recipient || g.recipient == "recovery") out.push_back(g);
    }
  }
  return out;
}

Status MemoryStorage::addEnrolCode(const sync::Hash& codeHash, const EnrolCodeInfo& info) {
  std::lock_guard lock(mu_);
  if (!find(info.team)) return noTeam(info.team);
  if (codes_.count(codeHash)) return makeError(ErrorCode::AlreadyExists, "this enrolment code exists already");
  codes_[codeHash] = Code{info, false};
  return {};
}

Result<DeviceRecord> MemoryStorage::enrol(const sync::Hash& codeHash, const Enrolment& e) {
  std::lock_guard lock(mu_);
  auto it = codes_.find(codeHash);
  if (it == codes_.end() || it->second.used || it->second.info.expiresAt <= e.now) {
    return makeError(ErrorCode::Unauthorized, "the enrolment code is unknown, used or expired: ask your administrator for a new one");
  }
  Team* t = find(it->second.info.team);
  if (!t) return noTeam(it->second.info.team);
  if (t->devices.count(e.device)) return makeError(ErrorCode::AlreadyExists, "device " + e.device + " is already registered");
  if (tokens_.count(e.tokenId)) return makeError(ErrorCode::AlreadyExists, "the token id is taken");
  DeviceRecord d;
  d.team = it->second.info.team;
  d.id = e.device;
  d.signingKey = e.signingKey;
  d.agreementKey = e.agreementKey;
  d.role = it->second.info.role;
  d.approved = d.role == Role::Lead;
  d.approvedAt = d.approved ? e.now : 0;
  d.enrolledAt = e.now;
  d.lastSeenAt = e.now;
  t->devices[d.id] = d;
  tokens_[e.tokenId] = TokenRecord{d.team, d.id, e.tokenVerifier};
  it->second.used = true;
  return d;
}

Result<std::vector<std::uint64_t>> MemoryStorage::append(const std::string& team, const std::string& device,
                                                         std::uint64_t expectedLast, const std::vector<NewEnvelope>& envelopes,
                                                         const std::vector<sync::KeyRecord>& keys) {
  std::lock_guard lock(mu_);
  Team* t = find(team);
  if (!t) return noTeam(team);
  auto dit = t->devices.find(device);
  if (dit == t->devices.end()) return noDevice(device);
  DeviceRecord& d = dit->second;
  if (d.lastSequence != expectedLast) {
    Error gap = makeError(ErrorCode::SequenceGap, "another push of this device came first; push again from sequence " +
                                                      std::to_string(d.lastSequence + 1));
    gap.expectedSequence = d.lastSequence + 1;
    return gap;
  }
  std::vector<sync::KeyRecord> freshKeys;
  for (const sync::KeyRecord& k : keys) {
    auto same = [&](const sync::KeyRecord& o) { return o.shard == k.shard && o.version == k.version && o.epoch == k.epoch; };
    auto stored = std::find_if(t->log.begin(), t->log.end(), [&](const sync::PullItem& item) { return item.isKey && same(item.key); });
    auto pending = std::find_if(freshKeys.begin(), freshKeys.end(), same);
    const sync::KeyRecord* known = stored != t->log.end() ? &stored->key : pending != freshKeys.end() ? &*pending : nullptr;
    if (known && known->wrapped != k.wrapped) {
      return makeError(ErrorCode::AlreadyExists, "key " + std::to_string(k.version) + " of shard " + k.shard +
                                                     " was stored already with other bytes");
    }
    if (!known) freshKeys.push_back(k);  // a key record pushed again (a lost acknowledgement) is stored once
  }
  for (const sync::KeyRecord& k : freshKeys) t->log.push_back(sync::PullItem{t->log.size() + 1, true, {}, k, false, {}});
  std::vector<std::uint64_t> seqs;
  for (const NewEnvelope& e : envelopes) {
    t->log.push_back(sync::PullItem{t->log.size() + 1, false, e.bytes, {}, false, {}});
    t->byDeviceSequence[{device, e.sequence}] = t->log.size() - 1;
    seqs.push_back(t->log.size());
    d.lastSequence = e.sequence;
    d.lastHash = e.hash;
  }
  return seqs;
}

Result<std::optional<crypto::Bytes>> MemoryStorage::envelope(const std::string& team, const std::string& device,
                                                             std::uint64_t sequence) {
  std::lock_guard lock(mu_);
  Team* t = find(team);
  if (!t) return std::optional<crypto::Bytes>{};
  auto it = t->byDeviceSequence.find({device, sequence});
  if (it == t->byDeviceSequence.end()) return std::optional<crypto::Bytes>{};
  return std::optional<crypto::Bytes>{t->log[it->second].envelope};
}

Result<sync::PullResponse> MemoryStorage::page(const std::string& team, std::uint64_t after, std::uint32_t limit,
                                               std::uint32_t maxBytes) {
  std::lock_guard lock(mu_);
  sync::PullResponse page;
  page.next = after;
  Team* t = find(team);
  if (!t) return page;
  std::size_t bytes = 0;
  for (std::size_t i = after; i < t->log.size(); ++i) {
    const std::size_t size = t->log[i].isKey ? 128 : t->log[i].envelope.size();
    if (!page.items.empty() && (page.items.size() >= limit || bytes + size > maxBytes)) {
      page.more = true;
      break;
    }
    page.items.push_back(t->log[i]);
    bytes += size;
    page.next = t->log[i].serverSeq;
  }
  return page;
}

Result<std::uint64_t> MemoryStorage::head(const std::string& team) {
  std::lock_guard lock(mu_);
  Team* t = find(team);
  return static_cast<std::uint64_t>(t ? t->log.size() : 0);
}

Status MemoryStorage::putSnapshot(const std::string& team, const SnapshotInfo& info, const crypto::Bytes& bytes) {
  std::lock_guard lock(mu_);
  Team* t = find(team);
  if (!t) return noTeam(team);
  auto it = t->snapshots.find(info.shard);
  if (it != t->snapshots.end() && it->second.first.covers >= info.covers) return {};
  t->snapshots[info.shard] = {info, bytes};
  return {};
}

Result<std::vector<SnapshotInfo>> MemoryStorage::snapshots(const std::string& team) {
  std::lock_guard lock(mu_);
  std::vector<SnapshotInfo> out;
  if (Team* t = find(team)) {
    for (const auto& [shard, s] : t->snapshots) out.push_back(s.first);
  }
  return out;
}

Result<std::optional<crypto::Bytes>> MemoryStorage::snapshot(const std::string& team, const std::string& shard) {
  std::lock_guard lock(mu_);
  Team* t = find(team);
  if (!t) return std::optional<crypto::Bytes>{};
  auto it = t->snapshots.find(shard);
  if (it == t->snapshots.end()) return std::optional<crypto::Bytes>{};
  return std::optional<crypto::Bytes>{it->second.second};
}

Result<StorageStats> MemoryStorage::stats(std::int64_t now) {
  std::lock_guard lock(mu_);
  StorageStats s;
  s.teams = teams_.size();
  for (const auto& [id, t] : teams_) {
    s.devices += t.devices.size();
    for (const auto& [did, d] : t.devices) s.revokedDevices += d.revoked ? 1 : 0;
    for (const auto& item : t.log) {
      if (item.isKey) {
        ++s.keyRecords;
      } else {
        ++s.envelopes;
        s.envelopeBytes += item.envelope.size();
      }
    }
    for (const auto& [shard, snap] : t.snapshots) {
      ++s.snapshots;
      s.snapshotBytes += snap.second.size();
    }
  }
  for (const auto& [hash, code] : codes_) s.openEnrolCodes += (!code.used && code.info.expiresAt > now) ? 1 : 0;
  return s;
}

std::size_t MemoryStorage::envelopeCount(const std::string& team) {
  std::lock_guard lock(mu_);
  Team* t = find(team);
  if (!t) return 0;
  return static_cast<std::size_t>(std::count_if(t->log.begin(), t->log.end(), [](const auto& i) { return !i.isKey; }));
}

}  // namespace coach::relay
