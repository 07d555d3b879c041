// storage/postgres_storage_devices.cpp: PgStorage's teams, devices, tokens, key grants and enrolment codes.
// Races between replicas: a row another transaction inserts at the same moment fails the unique index (23505,
// AlreadyExists, as the contract answers); an enrolment code is locked (FOR UPDATE) before it is used; grants and
// approvals lock the team's head row like every team-wide write.
// Thread-safety: as PgStorage.
#include "storage/postgres_storage_internal.hpp"

namespace coach::relay {
namespace {

using pg_detail::Conn;
using pg_detail::Rows;

constexpr const char* kDeviceColumns =
    "SELECT team, id, signing_key, agreement_key, role, revoked, revoked_at, enrolled_at, last_seen_at, last_seq, "
    "last_hash, approved, approved_by, approved_at FROM device ";

Result<DeviceRecord> deviceAt(const Rows& r, int i) {
  DeviceRecord d;
  d.team = r.text(i, 0);
  d.id = r.text(i, 1);
  d.signingKey = r.bytes(i, 2);
  d.agreementKey = r.bytes(i, 3);
  d.role = r.i64(i, 4) == 1 ? Role::Lead : Role::Coach;
  d.revoked = r.i64(i, 5) != 0;
  d.revokedAt = r.i64(i, 6);
  d.enrolledAt = r.i64(i, 7);
  d.lastSeenAt = r.i64(i, 8);
  d.lastSequence = r.u64(i, 9);
  COACH_ASSIGN_OR_RETURN(d.lastHash, r.hash(i, 10));
  d.approved = r.i64(i, 11) != 0;
  d.approvedBy = r.text(i, 12);
  d.approvedAt = r.i64(i, 13);
  return d;
}

template <class... Values>
Result<bool> exists(Conn& c, const std::string& sql, const Values&... values) {
  COACH_ASSIGN_OR_RETURN(Rows r, c.query(sql, values...));
  return !r.empty();
}

Status requireTeam(Conn& c, const std::string& team) {
  COACH_ASSIGN_OR_RETURN(bool known, exists(c, "SELECT 1 FROM team WHERE id = $1", team));
  if (!known) return pg_detail::noTeam(team);
  return {};
}

Status requireDevice(Conn& c, const std::string& team, const std::string& device) {
  COACH_TRY(requireTeam(c, team));
  COACH_ASSIGN_OR_RETURN(bool known, exists(c, "SELECT 1 FROM device WHERE team = $1 AND id = $2", team, device));
  if (!known) return pg_detail::noDevice(device);
  return {};
}

// The checks and inserts of a new device and its token, shared by addDevice and enrol.
Status insertDevice(Conn& c, const DeviceRecord& d, const std::string& tokenId, const sync::Hash& verifier) {
  COACH_ASSIGN_OR_RETURN(bool taken, exists(c, "SELECT 1 FROM device WHERE team = $1 AND id = $2", d.team, d.id));
  if (taken) return makeError(ErrorCode::AlreadyExists, "device " + d.id + " is already registered");
  if (!tokenId.empty()) {
    COACH_ASSIGN_OR_RETURN(bool tokenTaken, exists(c, "SELECT 1 FROM token WHERE id = $1", tokenId));
    if (tokenTaken) return makeError(ErrorCode::AlreadyExists, "the token id is taken");
  }
  COACH_TRY(c.command("INSERT INTO device (team, id, signing_key, agreement_key, role, revoked, revoked_at, enrolled_at, "
                      "last_seen_at, last_seq, last_hash, approved, approved_by, approved_at) VALUES ($1, $2, $3, $4, $5, "
                      "$6, $7, $8, $9, $10, $11, $12, $13, $14)",
                      d.team, d.id, d.signingKey, d.agreementKey, static_cast<int>(d.role), d.revoked, d.revokedAt,
                      d.enrolledAt, d.lastSeenAt, d.lastSequence, d.lastHash, d.approved, d.approvedBy, d.approvedAt));
  if (tokenId.empty()) return {};
  return c.command("INSERT INTO token (id, team, device, verifier) VALUES ($1, $2, $3, $4)", tokenId, d.team, d.id, verifier);
}

GrantRecord grantAt(const Rows& r, int i) {
  return GrantRecord{r.text(i, 0), static_cast<std::uint32_t>(r.i64(i, 1)), r.text(i, 2), r.bytes(i, 3), r.i64(i, 4)};
}

Status insertGrants(Conn& c, const std::string& team, std::uint32_t newEpoch, const std::vector<GrantRecord>& grants) {
  if (newEpoch > 0) {
    COACH_ASSIGN_OR_RETURN(Rows r, c.query("SELECT coalesce(max(epoch), 0) FROM team_grant WHERE team = $1", team));
    const auto newest = static_cast<std::uint32_t>(r.empty() ? 0 : r.i64(0, 0));
    if (newest + 1 != newEpoch) return grantEpochTaken(newEpoch, newest);
  }
  for (const GrantRecord& g : grants) {
    COACH_ASSIGN_OR_RETURN(Rows stored, c.query("SELECT wrapped FROM team_grant WHERE team = $1 AND epoch = $2 AND "
                                                "recipient = $3", team, g.epoch, g.recipient));
    if (!stored.empty()) {
      if (stored.bytes(0, 0) != g.wrapped) return grantTaken(g);
      continue;
    }
    COACH_TRY(c.command("INSERT INTO team_grant (team, epoch, recipient, author, wrapped, stored_at) VALUES "
                        "($1, $2, $3, $4, $5, $6)", team, g.epoch, g.recipient, g.author, g.wrapped, g.storedAt));
  }
  return {};
}

}  // namespace

Status PgStorage::approveDevice(const std::string& team, const std::string& device, const std::string& approvedBy,
                                const std::vector<GrantRecord>& grants, std::int64_t now) {
  return write<void>("approving a device", [&](Conn& c) -> Status {
    COACH_ASSIGN_OR_RETURN(std::optional<std::uint64_t> head, pg_detail::lockTeam(c, team));
    if (!head) return pg_detail::noTeam(team);
    COACH_ASSIGN_OR_RETURN(Rows r, c.query(std::string(kDeviceColumns) + "WHERE team = $1 AND id = $2", team, device));
    if (r.empty()) return pg_detail::noDevice(device);
    COACH_ASSIGN_OR_RETURN(DeviceRecord d, deviceAt(r, 0));
    COACH_TRY(checkApprovable(d));
    COACH_TRY(insertGrants(c, team, 0, grants));
    return c.command("UPDATE device SET approved = true, approved_by = $3, approved_at = $4 WHERE team = $1 AND id = $2",
                     team, device, approvedBy, now);
  });
}

Status PgStorage::putGrants(const std::string& team, std::uint32_t newEpoch, const std::vector<GrantRecord>& grants) {
  return write<void>("storing key grants", [&](Conn& c) -> Status {
    // The team's lock makes "the newest epoch is newEpoch - 1" hold until commit: of two leads rotating at once
    // on two replicas, one wins.
    COACH_ASSIGN_OR_RETURN(std::optional<std::uint64_t> head, pg_detail::lockTeam(c, team));
    if (!head) return pg_detail::noTeam(team);
    return insertGrants(c, team, newEpoch, grants);
  });
}

Result<std::vector<GrantRecord>> PgStorage::grants(const std::string& team, const std::optional<std::string>& recipient) {
  using Grants = std::vector<GrantRecord>;
  return read<Grants>("listing key grants", [&](Conn& c) -> Result<Grants> {
    COACH_ASSIGN_OR_RETURN(Rows r, c.query("SELECT recipient, epoch, author, wrapped, stored_at FROM team_grant "
                                           "WHERE team = $1 AND ($2::text IS NULL OR recipient = $2 OR recipient = 'recovery') "
                                           "ORDER BY epoch, recipient",
                                           team, recipient ? pg_detail::textParam(*recipient) : pg_detail::nullText()));
    Grants out;
    for (int i = 0; i < r.size(); ++i) out.push_back(grantAt(r, i));
    return out;
  });
}

Status PgStorage::createTeam(const TeamRecord& team) {
  return write<void>("creating a team", [&](Conn& c) -> Status {
    COACH_ASSIGN_OR_RETURN(bool known, exists(c, "SELECT 1 FROM team WHERE id = $1", team.id));
    if (known) return makeError(ErrorCode::AlreadyExists, "team " + team.id + " exists already");
    COACH_TRY(c.command("INSERT INTO team (id, name, created_at) VALUES ($1, $2, $3)", team.id, team.name, team.createdAt));
    return c.command("INSERT INTO team_head (team) VALUES ($1)", team.id);
  });
}

Result<std::vector<TeamRecord>> PgStorage::teams() {
  using Teams = std::vector<TeamRecord>;
  return read<Teams>("listing teams", [&](Conn& c) -> Result<Teams> {
    COACH_ASSIGN_OR_RETURN(Rows r, c.query("SELECT id, name, created_at FROM team ORDER BY id COLLATE \"C\""));
    Teams out;
    for (int i = 0; i < r.size(); ++i) out.push_back(TeamRecord{r.text(i, 0), r.text(i, 1), r.i64(i, 2)});
    return out;
  });
}

Status PgStorage::addDevice(const std::string& team, const DeviceRecord& device, const std::string& tokenId,
                            const sync::Hash& verifier) {
  return write<void>("registering a device", [&](Conn& c) -> Status {
    COACH_TRY(requireTeam(c, team));
    DeviceRecord stored = device;
    stored.team = team;
    return insertDevice(c, stored, tokenId, verifier);
  });
}

Status PgStorage::revokeDevice(const std::string& team, const std::string& device, std::int64_t now) {
  return write<void>("revoking a device", [&](Conn& c) -> Status {
    COACH_TRY(requireDevice(c, team, device));
    // Revoking twice keeps the first time.
    return c.command("UPDATE device SET revoked_at = CASE WHEN revoked THEN revoked_at ELSE $3 END, revoked = true "
                     "WHERE team = $1 AND id = $2", team, device, now);
  });
}

Status PgStorage::setAgreementKey(const std::string& team, const std::string& device, const crypto::Bytes& key) {
  return write<void>("replacing a device's agreement key", [&](Conn& c) -> Status {
    COACH_TRY(requireDevice(c, team, device));
    return c.command("UPDATE device SET agreement_key = $3 WHERE team = $1 AND id = $2", team, device, key);
  });
}

Status PgStorage::touchDevice(const std::string& team, const std::string& device, std::int64_t now) {
  return write<void>("recording a device's last request", [&](Conn& c) -> Status {
    COACH_ASSIGN_OR_RETURN(Rows r, c.query("UPDATE device SET last_seen_at = greatest(last_seen_at, $3) "
                                           "WHERE team = $1 AND id = $2", team, device, now));
    if (r.affected() == 0) return requireDevice(c, team, device);  // says which is missing
    return {};
  });
}

Result<std::optional<DeviceRecord>> PgStorage::device(const std::string& team, const std::string& id) {
  using Found = std::optional<DeviceRecord>;
  return read<Found>("reading a device", [&](Conn& c) -> Result<Found> {
    COACH_ASSIGN_OR_RETURN(Rows r, c.query(std::string(kDeviceColumns) + "WHERE team = $1 AND id = $2", team, id));
    if (r.empty()) return Found{};
    COACH_ASSIGN_OR_RETURN(DeviceRecord d, deviceAt(r, 0));
    return Found{std::move(d)};
  });
}

Result<std::vector<DeviceRecord>> PgStorage::devices(const std::string& team) {
  using Devices = std::vector<DeviceRecord>;
  return read<Devices>("listing devices", [&](Conn& c) -> Result<Devices> {
    COACH_ASSIGN_OR_RETURN(Rows r, c.query(std::string(kDeviceColumns) + "WHERE team = $1 ORDER BY id COLLATE \"C\"", team));
    Devices out;
    for (int i = 0; i < r.size(); ++i) {
      COACH_ASSIGN_OR_RETURN(DeviceRecord d, deviceAt(r, i));
      out.push_back(std::move(d));
    }
    return out;
  });
}

Result<std::optional<TokenRecord>> PgStorage::token(const std::string& tokenId) {
  using Found = std::optional<TokenRecord>;
  return read<Found>("looking up a device token", [&](Conn& c) -> Result<Found> {
    COACH_ASSIGN_OR_RETURN(Rows r, c.query("SELECT team, device, verifier FROM token WHERE id = $1", tokenId));
    if (r.empty()) return Found{};
    COACH_ASSIGN_OR_RETURN(sync::Hash verifier, r.hash(0, 2));
    return Found{TokenRecord{r.text(0, 0), r.text(0, 1), verifier}};
  });
}

Status PgStorage::addEnrolCode(const sync::Hash& codeHash, const EnrolCodeInfo& info) {
  return write<void>("adding an enrolment code", [&](Conn& c) -> Status {
    COACH_TRY(requireTeam(c, info.team));
    COACH_ASSIGN_OR_RETURN(bool known, exists(c, "SELECT 1 FROM enrol_code WHERE hash = $1", codeHash));
    if (known) return makeError(ErrorCode::AlreadyExists, "this enrolment code exists already");
    return c.command("INSERT INTO enrol_code (hash, team, role, expires_at) VALUES ($1, $2, $3, $4)", codeHash, info.team,
                     static_cast<int>(info.role), info.expiresAt);
  });
}

Result<DeviceRecord> PgStorage::enrol(const sync::Hash& codeHash, const Enrolment& e) {
  return write<DeviceRecord>("enrolling a device", [&](Conn& c) -> Result<DeviceRecord> {
    // Locked until commit: the same code presented to two replicas at once registers one device.
    COACH_ASSIGN_OR_RETURN(Rows r, c.query("SELECT team, role, expires_at, used_at FROM enrol_code WHERE hash = $1 "
                                           "FOR UPDATE", codeHash));
    if (r.empty() || !r.isNull(0, 3) || r.i64(0, 2) <= e.now) {
      return makeError(ErrorCode::Unauthorized, "the enrolment code is unknown, used or expired: ask your administrator for a new one");
    }
    DeviceRecord d;
    d.team = r.text(0, 0);
    d.role = r.i64(0, 1) == 1 ? Role::Lead : Role::Coach;
    COACH_TRY(requireTeam(c, d.team));
    d.id = e.device;
    d.signingKey = e.signingKey;
    d.agreementKey = e.agreementKey;
    d.enrolledAt = e.now;
    d.lastSeenAt = e.now;
    d.approved = d.role == Role::Lead;
    d.approvedAt = d.approved ? e.now : 0;
    // A taken device id or token id fails here, and the whole step (the code's use included) rolls back.
    COACH_TRY(insertDevice(c, d, e.tokenId, e.tokenVerifier));
    COACH_TRY(c.command("UPDATE enrol_code SET used_at = $2 WHERE hash = $1", codeHash, e.now));
    return d;
  });
}

}  // namespace coach::relay
