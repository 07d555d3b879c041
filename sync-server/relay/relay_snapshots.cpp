// relay/relay_snapshots.cpp: the Relay's snapshot routes (list, one shard's description, fetch, upload); the
// rules are relay.hpp's, the layout proto/PROTOCOL.md "Snapshots". Thread-safety: as the Relay.
#include "relay/relay.hpp"

namespace coach::relay {

Result<sync::SnapshotList> Relay::snapshots(const Caller& caller) {
  COACH_ASSIGN_OR_RETURN(DeviceRecord device, authorise(caller));
  (void)device;
  sync::SnapshotList list;
  COACH_ASSIGN_OR_RETURN(std::vector<SnapshotInfo> stored, storage_.snapshots(caller.team));
  for (const SnapshotInfo& s : stored) list.snapshots.push_back(sync::SnapshotMeta{s.shard, s.covers, s.keyId, s.author, s.size});
  COACH_ASSIGN_OR_RETURN(list.head, storage_.head(caller.team));
  return list;
}

Result<sync::SnapshotList> Relay::snapshotsOf(const Caller& caller, const std::string& shard) {
  COACH_ASSIGN_OR_RETURN(DeviceRecord device, authorise(caller));
  (void)device;
  sync::SnapshotList list;
  COACH_ASSIGN_OR_RETURN(std::optional<SnapshotInfo> s, storage_.snapshotOf(caller.team, shard));
  if (s) list.snapshots.push_back(sync::SnapshotMeta{s->shard, s->covers, s->keyId, s->author, s->size});
  COACH_ASSIGN_OR_RETURN(list.head, storage_.head(caller.team));
  return list;
}

Result<sync::Snapshot> Relay::snapshot(const Caller& caller, const std::string& shard) {
  COACH_ASSIGN_OR_RETURN(DeviceRecord device, authorise(caller));
  (void)device;
  COACH_ASSIGN_OR_RETURN(std::optional<SnapshotInfo> s, storage_.snapshotOf(caller.team, shard));
  if (s) {
    COACH_ASSIGN_OR_RETURN(std::optional<crypto::Bytes> bytes, storage_.snapshot(caller.team, shard));
    if (bytes) {  // else replaced or deleted between the two reads: as if absent
      return sync::Snapshot{sync::SnapshotMeta{s->shard, s->covers, s->keyId, s->author, bytes->size()}, std::move(*bytes), 0};
    }
  }
  return makeError(ErrorCode::NotFound, "the server holds no snapshot of shard " + shard);
}

Status Relay::putSnapshot(const Caller& caller, const sync::Snapshot& snapshot) {
  COACH_ASSIGN_OR_RETURN(DeviceRecord device, authorise(caller));
  (void)device;
  if (snapshot.bytes.size() > limits_.maxSnapshotBytes) {
    return makeError(ErrorCode::PayloadTooLarge, "a snapshot of " + std::to_string(snapshot.bytes.size()) +
                                                     " bytes exceeds the limit of " + std::to_string(limits_.maxSnapshotBytes) +
                                                     " bytes (PROTOCOL.md, \"Limits\"); it was not stored: devices catch up "
                                                     "from an older snapshot or pull the log");
  }
  if (snapshot.meta.author != caller.device) {
    return makeError(ErrorCode::Unauthorized, "a snapshot names another author than the uploading device");
  }
  COACH_ASSIGN_OR_RETURN(std::uint64_t head, storage_.head(caller.team));
  if (snapshot.meta.covers > head) {
    return makeError(ErrorCode::InvalidArgument, "a snapshot cannot cover server sequence " + std::to_string(snapshot.meta.covers) +
                                                     ": the team's log ends at " + std::to_string(head));
  }
  const SnapshotInfo info{snapshot.meta.shard, snapshot.meta.covers, snapshot.meta.keyId, caller.device,
                          snapshot.bytes.size(), clock_.nowMillis(), snapshot.erasuresSeen};
  return storage_.putSnapshot(caller.team, info, snapshot.bytes);
}

}  // namespace coach::relay
