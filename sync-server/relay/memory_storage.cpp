// relay/memory_storage.cpp: MemoryStorage, the in-memory reference of the Storage contract (erasure included:
// tombstones keep the header and hash, erased key records leave gaps). Thread-safety: one mutex around each call.
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

Status MemoryStorage::setAgreementKey(const std::string& team, const std::string& device, const crypto::Bytes& key) {
  std::lock_guard lock(mu_);
  Team* t = find(team);
  if (!t) return noTeam(team);
  auto it = t->devices.find(device);
  if (it == t->devices.end()) return noDevice(device);
  it->second.agreementKey = key;
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

Result<std::vector<sync::KeyRecord>> MemoryStorage::freshKeys(const Team& t, const std::vector<sync::KeyRecord>& keys) {
  std::vector<sync::KeyRecord> fresh;
  for (const sync::KeyRecord& k : keys) {
    if (t.erasedShards.count(k.shard)) continue;  // acknowledged, not stored
    auto same = [&](const sync::KeyRecord& o) { return o.shard == k.shard && o.version == k.version && o.epoch == k.epoch; };
    auto stored = std::find_if(t.log.begin(), t.log.end(), [&](const auto& e) { return e.second.item.isKey && same(e.second.item.key); });
    auto pending = std::find_if(fresh.begin(), fresh.end(), same);
    const sync::KeyRecord* known = stored != t.log.end() ? &stored->second.item.key : pending != fresh.end() ? &*pending : nullptr;
    if (known && known->wrapped != k.wrapped) {
      return makeError(ErrorCode::AlreadyExists, "key " + std::to_string(k.version) + " of shard " + k.shard +
                                                     " was stored already with other bytes");
    }
    if (!known) fresh.push_back(k);  // a key record pushed again (a lost acknowledgement) is stored once
  }
  return fresh;
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
  COACH_ASSIGN_OR_RETURN(std::vector<sync::KeyRecord> fresh, freshKeys(*t, keys));
  for (const sync::KeyRecord& k : fresh) {
    ++t->lastSeq;
    t->log[t->lastSeq] = Team::Entry{sync::PullItem{t->lastSeq, true, {}, k, false, {}}, k.shard, {}};
  }
  std::vector<std::uint64_t> seqs;
  for (const NewEnvelope& e : envelopes) {
    const std::uint64_t seq = ++t->lastSeq;
    Team::Entry entry{sync::PullItem{seq, false, e.bytes, {}, false, {}}, e.shard, e.hash};
    if (t->erasedShards.count(e.shard)) {  // written before its device learnt of the erasure: a tombstone only
      entry.item.envelope = tombstoneOf(e.bytes);
      entry.item.erased = true;
      entry.item.erasedHash.assign(e.hash.begin(), e.hash.end());
    }
    t->log[seq] = std::move(entry);
    t->byDeviceSequence[{device, e.sequence}] = seq;
    seqs.push_back(seq);
    d.lastSequence = e.sequence;
    d.lastHash = e.hash;
  }
  return seqs;
}

Result<std::optional<sync::Hash>> MemoryStorage::envelopeHash(const std::string& team, const std::string& device,
                                                              std::uint64_t sequence) {
  std::lock_guard lock(mu_);
  Team* t = find(team);
  if (!t) return std::optional<sync::Hash>{};
  auto it = t->byDeviceSequence.find({device, sequence});
  if (it == t->byDeviceSequence.end()) return std::optional<sync::Hash>{};
  return std::optional<sync::Hash>{t->log.at(it->second).hash};
}

Result<sync::PullResponse> MemoryStorage::page(const std::string& team, std::uint64_t after, std::uint32_t limit,
                                               std::uint32_t maxBytes) {
  std::lock_guard lock(mu_);
  sync::PullResponse page;
  page.next = after;
  Team* t = find(team);
  if (!t) return page;
  std::size_t bytes = 0;
  for (auto it = t->log.upper_bound(after); it != t->log.end(); ++it) {
    const std::size_t size = pageBytesOf(it->second.item);
    if (!page.items.empty() && (page.items.size() >= limit || bytes + size > maxBytes)) {
      page.more = true;
      break;
    }
    page.items.push_back(it->second.item);
    bytes += size;
    page.next = it->first;
  }
  return page;
}

Result<std::uint64_t> MemoryStorage::head(const std::string& team) {
  std::lock_guard lock(mu_);
  Team* t = find(team);
  return t ? t->lastSeq : std::uint64_t{0};
}

Status MemoryStorage::putSnapshot(const std::string& team, const SnapshotInfo& info, const crypto::Bytes& bytes) {
  std::lock_guard lock(mu_);
  Team* t = find(team);
  if (!t) return noTeam(team);
  if (t->erasedShards.count(info.shard)) return {};  // acknowledged, not stored
  if (info.shard == "team" && info.erasuresSeen < t->erasures.size()) {
    return staleTeamSnapshot(info.erasuresSeen, t->erasures.size());
  }
  auto it = t->snapshots.find(info.shard);
  if (it != t->snapshots.end() && it->second.first.covers >= info.covers) return {};
  SnapshotInfo stored = info;
  stored.erasuresSeen = 0;
  t->snapshots[info.shard] = {stored, bytes};
  return {};
}

Result<std::uint64_t> MemoryStorage::erase(const std::string& team, const ErasureRecord& erasure) {
  std::lock_guard lock(mu_);
  Team* t = find(team);
  if (!t) return noTeam(team);
  if (auto known = t->erasedShards.find(erasure.shard); known != t->erasedShards.end()) return known->second;
  const std::uint64_t index = t->erasures.size() + 1;
  t->erasures.push_back(sync::ErasureEntry{index, erasure.order, erasure.receivedAt});
  t->erasedShards[erasure.shard] = index;
  for (auto it = t->log.begin(); it != t->log.end();) {
    Team::Entry& e = it->second;
    if (e.shard != erasure.shard) {
      ++it;
    } else if (e.item.isKey) {
      it = t->log.erase(it);
    } else {
      if (!e.item.erased) {
        e.hash = sync::envelopeHash(e.item.envelope);
        e.item.envelope = tombstoneOf(e.item.envelope);
        e.item.erased = true;
        e.item.erasedHash.assign(e.hash.begin(), e.hash.end());
      }
      ++it;
    }
  }
  t->snapshots.erase(erasure.shard);
  t->snapshots.erase("team");
  return index;
}

Result<std::vector<sync::ErasureEntry>> MemoryStorage::erasures(const std::string& team, std::uint64_t after) {
  std::lock_guard lock(mu_);
  std::vector<sync::ErasureEntry> out;
  if (Team* t = find(team)) {
    for (const sync::ErasureEntry& e : t->erasures) {
      if (e.index > after) out.push_back(e);
    }
  }
  return out;
}

Result<std::uint64_t> MemoryStorage::erasureCount(const std::string& team) {
  std::lock_guard lock(mu_);
  Team* t = find(team);
  return t ? std::uint64_t{t->erasures.size()} : std::uint64_t{0};
}

Result<StorageStats> MemoryStorage::stats(std::int64_t now) {
  std::lock_guard lock(mu_);
  StorageStats s;
  s.teams = teams_.size();
  for (const auto& [id, t] : teams_) {
    s.devices += t.devices.size();
    for (const auto& [did, d] : t.devices) s.revokedDevices += d.revoked ? 1 : 0;
    for (const auto& [seq, e] : t.log) {
      if (e.item.isKey) {
        ++s.keyRecords;
      } else {
        ++s.envelopes;
        s.envelopeBytes += e.item.envelope.size();
        s.tombstones += e.item.erased ? 1 : 0;
      }
    }
    s.erasures += t.erasures.size();
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
  return static_cast<std::size_t>(std::count_if(t->log.begin(), t->log.end(), [](const auto& e) { return !e.second.item.isKey; }));
}

}  // namespace coach::relay
