// storage/sqlite_storage_devices.cpp: SqliteStorage's teams, devices, tokens and enrolment codes.
// Thread-safety: as SqliteStorage (writes through write(), reads on a leased read connection).
#include "storage/sqlite_storage_internal.hpp"

namespace coach::relay {
namespace {

using sqlite_detail::bindAll;
using sqlite_detail::runBound;
using sqlite_detail::Conn;
using store::Stmt;
using store::StmtGuard;

constexpr const char* kDeviceColumns =
    "SELECT team, id, signing_key, agreement_key, role, revoked, revoked_at, enrolled_at, last_seen_at, last_seq, "
    "last_hash, approved, approved_by, approved_at FROM device ";

Result<DeviceRecord> deviceAt(const Stmt& s) {
  DeviceRecord d;
  d.team = s.textAt(0);
  d.id = s.textAt(1);
  d.signingKey = sqlite_detail::bytesAt(s, 2);
  d.agreementKey = sqlite_detail::bytesAt(s, 3);
  d.role = s.intAt(4) == 1 ? Role::Lead : Role::Coach;
  d.revoked = s.intAt(5) != 0;
  d.revokedAt = s.intAt(6);
  d.enrolledAt = s.intAt(7);
  d.lastSeenAt = s.intAt(8);
  d.lastSequence = sqlite_detail::u64At(s, 9);
  COACH_ASSIGN_OR_RETURN(d.lastHash, sqlite_detail::hashAt(s, 10));
  d.approved = s.intAt(11) != 0;
  d.approvedBy = s.textAt(12);
  d.approvedAt = s.intAt(13);
  return d;
}

// Whether the query (already bound by the caller) returns a row.
Result<bool> exists(Conn& c, const std::string& sql, const auto&... values) {
  COACH_ASSIGN_OR_RETURN(Stmt * s, c.cache.get(sql));
  StmtGuard guard(*s);
  COACH_TRY(bindAll(*s, values...));
  return s->step();
}

Status requireTeam(Conn& c, const std::string& team) {
  COACH_ASSIGN_OR_RETURN(bool known, exists(c, "SELECT 1 FROM team WHERE id = ?1", team));
  if (!known) return sqlite_detail::noTeam(team);
  return {};
}

Status requireDevice(Conn& c, const std::string& team, const std::string& device) {
  COACH_TRY(requireTeam(c, team));
  COACH_ASSIGN_OR_RETURN(bool known, exists(c, "SELECT 1 FROM device WHERE team = ?1 AND id = ?2", team, device));
  if (!known) return sqlite_detail::noDevice(device);
  return {};
}

// The checks and inserts of a new device and its token, shared by addDevice and enrol.
Status insertDevice(Conn& c, const DeviceRecord& d, const std::string& tokenId, const sync::Hash& verifier) {
  COACH_ASSIGN_OR_RETURN(bool taken, exists(c, "SELECT 1 FROM device WHERE team = ?1 AND id = ?2", d.team, d.id));
  if (taken) return makeError(ErrorCode::AlreadyExists, "device " + d.id + " is already registered");
  if (!tokenId.empty()) {
    COACH_ASSIGN_OR_RETURN(bool tokenTaken, exists(c, "SELECT 1 FROM token WHERE id = ?1", tokenId));
    if (tokenTaken) return makeError(ErrorCode::AlreadyExists, "the token id is taken");
  }
  COACH_TRY(runBound(c,
                "INSERT INTO device (team, id, signing_key, agreement_key, role, revoked, revoked_at, enrolled_at, "
                "last_seen_at, last_seq, last_hash, approved, approved_by, approved_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                "?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                d.team, d.id, crypto::ByteView(d.signingKey), crypto::ByteView(d.agreementKey),
                static_cast<int>(d.role), d.revoked ? 1 : 0, d.revokedAt, d.enrolledAt, d.lastSeenAt, d.lastSequence,
                crypto::ByteView(d.lastHash), d.approved ? 1 : 0, d.approvedBy, d.approvedAt));
  if (tokenId.empty()) return {};
  return runBound(c, "INSERT INTO token (id, team, device, verifier) VALUES (?1, ?2, ?3, ?4)", tokenId, d.team, d.id,
             crypto::ByteView(verifier));
}

GrantRecord grantAt(const Stmt& s) {
  return GrantRecord{s.textAt(0), static_cast<std::uint32_t>(s.intAt(1)), s.textAt(2), sqlite_detail::bytesAt(s, 3),
                     s.intAt(4)};
}

Result<std::optional<GrantRecord>> storedGrant(Conn& c, const std::string& team, const GrantRecord& g) {
  COACH_ASSIGN_OR_RETURN(Stmt * s, c.cache.get("SELECT recipient, epoch, author, wrapped, stored_at FROM team_grant "
                                               "WHERE team = ?1 AND epoch = ?2 AND recipient = ?3"));
  StmtGuard guard(*s);
  COACH_TRY(bindAll(*s, team, g.epoch, g.recipient));
  COACH_ASSIGN_OR_RETURN(bool row, s->step());
  if (!row) return std::optional<GrantRecord>{};
  return std::optional<GrantRecord>{grantAt(*s)};
}

Status insertGrants(Conn& c, const std::string& team, std::uint32_t newEpoch, const std::vector<GrantRecord>& grants) {
  if (newEpoch > 0) {
    COACH_ASSIGN_OR_RETURN(Stmt * s, c.cache.get("SELECT coalesce(max(epoch), 0) FROM team_grant WHERE team = ?1"));
    StmtGuard guard(*s);
    COACH_TRY(bindAll(*s, team));
    COACH_ASSIGN_OR_RETURN(bool row, s->step());
    const auto newest = static_cast<std::uint32_t>(row ? s->intAt(0) : 0);
    if (newest + 1 != newEpoch) return grantEpochTaken(newEpoch, newest);
  }
  for (const GrantRecord& g : grants) {
    COACH_ASSIGN_OR_RETURN(std::optional<GrantRecord> stored, storedGrant(c, team, g));
    if (stored) {
      if (stored->wrapped != g.wrapped) return grantTaken(g);
      continue;
    }
    COACH_TRY(runBound(c, "INSERT INTO team_grant (team, epoch, recipient, author, wrapped, stored_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                  team, g.epoch, g.recipient, g.author, crypto::ByteView(g.wrapped), g.storedAt));
  }
  return {};
}

}  // namespace

Status SqliteStorage::approveDevice(const std::string& team, const std::string& device, const std::string& approvedBy,
                                    const std::vector<GrantRecord>& grants, std::int64_t now) {
  return write<void>("approving a device", [&](Conn& c) -> Status {
    COACH_TRY(requireDevice(c, team, device));
    COACH_ASSIGN_OR_RETURN(Stmt * s, c.cache.get(std::string(kDeviceColumns) + "WHERE team = ?1 AND id = ?2"));
    DeviceRecord d;
    {
      StmtGuard guard(*s);
      COACH_TRY(bindAll(*s, team, device));
      COACH_ASSIGN_OR_RETURN(bool row, s->step());
      if (!row) return sqlite_detail::noDevice(device);
      COACH_ASSIGN_OR_RETURN(d, deviceAt(*s));
    }
    COACH_TRY(checkApprovable(d));
    COACH_TRY(insertGrants(c, team, 0, grants));
    return runBound(c, "UPDATE device SET approved = 1, approved_by = ?3, approved_at = ?4 WHERE team = ?1 AND id = ?2", team,
               device, approvedBy, now);
  });
}

Status SqliteStorage::putGrants(const std::string& team, std::uint32_t newEpoch, const std::vector<GrantRecord>& grants) {
  return write<void>("storing key grants", [&](Conn& c) -> Status {
    COACH_TRY(requireTeam(c, team));
    return insertGrants(c, team, newEpoch, grants);
  });
}

Result<std::vector<GrantRecord>> SqliteStorage::grants(const std::string& team, const std::optional<std::string>& recipient) {
  COACH_ASSIGN_OR_RETURN(sqlite_detail::ReadLease c, reader());
  COACH_ASSIGN_OR_RETURN(Stmt * s, c->cache.get("SELECT recipient, epoch, author, wrapped, stored_at FROM team_grant "
                                                "WHERE team = ?1 AND (?2 IS NULL OR recipient = ?2 OR recipient = 'recovery') "
                                                "ORDER BY epoch, recipient"));
  StmtGuard guard(*s);
  COACH_TRY(bindAll(*s, team));
  if (recipient) {
    COACH_TRY(s->bindText(2, *recipient));
  } else {
    COACH_TRY(s->bindNull(2));
  }
  std::vector<GrantRecord> out;
  for (;;) {
    Result<bool> row = s->step();
    if (!row.ok()) return sqlite_detail::named(std::move(row).error(), "listing key grants");
    if (!*row) return out;
    out.push_back(grantAt(*s));
  }
}

Status SqliteStorage::createTeam(const TeamRecord& team) {
  return write<void>("creating a team", [&](Conn& c) -> Status {
    COACH_ASSIGN_OR_RETURN(bool known, exists(c, "SELECT 1 FROM team WHERE id = ?1", team.id));
    if (known) return makeError(ErrorCode::AlreadyExists, "team " + team.id + " exists already");
    COACH_TRY(runBound(c, "INSERT INTO team (id, name, created_at) VALUES (?1, ?2, ?3)", team.id, team.name, team.createdAt));
    return runBound(c, "INSERT INTO team_head (team) VALUES (?1)", team.id);
  });
}

Result<std::vector<TeamRecord>> SqliteStorage::teams() {
  COACH_ASSIGN_OR_RETURN(sqlite_detail::ReadLease c, reader());
  COACH_ASSIGN_OR_RETURN(Stmt * s, c->cache.get("SELECT id, name, created_at FROM team ORDER BY id"));
  StmtGuard guard(*s);
  std::vector<TeamRecord> out;
  for (;;) {
    Result<bool> row = s->step();
    if (!row.ok()) return sqlite_detail::named(std::move(row).error(), "listing teams");
    if (!*row) return out;
    out.push_back(TeamRecord{s->textAt(0), s->textAt(1), s->intAt(2)});
  }
}

Status SqliteStorage::addDevice(const std::string& team, const DeviceRecord& device, const std::string& tokenId,
                                const sync::Hash& verifier) {
  return write<void>("registering a device", [&](Conn& c) -> Status {
    COACH_TRY(requireTeam(c, team));
    DeviceRecord stored = device;
    stored.team = team;
    return insertDevice(c, stored, tokenId, verifier);
  });
}

Status SqliteStorage::revokeDevice(const std::string& team, const std::string& device, std::int64_t now) {
  return write<void>("revoking a device", [&](Conn& c) -> Status {
    COACH_TRY(requireDevice(c, team, device));
    // Revoking twice keeps the first time.
    return runBound(c,
               "UPDATE device SET revoked_at = CASE WHEN revoked = 1 THEN revoked_at ELSE ?3 END, revoked = 1 "
               "WHERE team = ?1 AND id = ?2",
               team, device, now);
  });
}

Status SqliteStorage::setAgreementKey(const std::string& team, const std::string& device, const crypto::Bytes& key) {
  return write<void>("replacing a device's agreement key", [&](Conn& c) -> Status {
    COACH_TRY(requireDevice(c, team, device));
    return runBound(c, "UPDATE device SET agreement_key = ?3 WHERE team = ?1 AND id = ?2", team, device, crypto::ByteView(key));
  });
}

Status SqliteStorage::touchDevice(const std::string& team, const std::string& device, std::int64_t now) {
  return write<void>("recording a device's last request", [&](Conn& c) -> Status {
    COACH_TRY(requireDevice(c, team, device));
    return runBound(c, "UPDATE device SET last_seen_at = max(last_seen_at, ?3) WHERE team = ?1 AND id = ?2", team, device, now);
  });
}

Result<std::optional<DeviceRecord>> SqliteStorage::device(const std::string& team, const std::string& id) {
  COACH_ASSIGN_OR_RETURN(sqlite_detail::ReadLease c, reader());
  COACH_ASSIGN_OR_RETURN(Stmt * s, c->cache.get(std::string(kDeviceColumns) + "WHERE team = ?1 AND id = ?2"));
  StmtGuard guard(*s);
  COACH_TRY(bindAll(*s, team, id));
  Result<bool> row = s->step();
  if (!row.ok()) return sqlite_detail::named(std::move(row).error(), "reading a device");
  if (!*row) return std::optional<DeviceRecord>{};
  COACH_ASSIGN_OR_RETURN(DeviceRecord d, deviceAt(*s));
  return std::optional<DeviceRecord>{std::move(d)};
}

Result<std::vector<DeviceRecord>> SqliteStorage::devices(const std::string& team) {
  COACH_ASSIGN_OR_RETURN(sqlite_detail::ReadLease c, reader());
  COACH_ASSIGN_OR_RETURN(Stmt * s, c->cache.get(std::string(kDeviceColumns) + "WHERE team = ?1 ORDER BY id"));
  StmtGuard guard(*s);
  COACH_TRY(bindAll(*s, team));
  std::vector<DeviceRecord> out;
  for (;;) {
    Result<bool> row = s->step();
    if (!row.ok()) return sqlite_detail::named(std::move(row).error(), "listing devices");
    if (!*row) return out;
    COACH_ASSIGN_OR_RETURN(DeviceRecord d, deviceAt(*s));
    out.push_back(std::move(d));
  }
}

Result<std::optional<TokenRecord>> SqliteStorage::token(const std::string& tokenId) {
  COACH_ASSIGN_OR_RETURN(sqlite_detail::ReadLease c, reader());
  COACH_ASSIGN_OR_RETURN(Stmt * s, c->cache.get("SELECT team, device, verifier FROM token WHERE id = ?1"));
  StmtGuard guard(*s);
  COACH_TRY(bindAll(*s, tokenId));
  Result<bool> row = s->step();
  if (!row.ok()) return sqlite_detail::named(std::move(row).error(), "looking up a device token");
  if (!*row) return std::optional<TokenRecord>{};
  COACH_ASSIGN_OR_RETURN(sync::Hash verifier, sqlite_detail::hashAt(*s, 2));
  return std::optional<TokenRecord>{TokenRecord{s->textAt(0), s->textAt(1), verifier}};
}

Status SqliteStorage::addEnrolCode(const sync::Hash& codeHash, const EnrolCodeInfo& info) {
  return write<void>("adding an enrolment code", [&](Conn& c) -> Status {
    COACH_TRY(requireTeam(c, info.team));
    COACH_ASSIGN_OR_RETURN(bool known, exists(c, "SELECT 1 FROM enrol_code WHERE hash = ?1", crypto::ByteView(codeHash)));
    if (known) return makeError(ErrorCode::AlreadyExists, "this enrolment code exists already");
    return runBound(c, "INSERT INTO enrol_code (hash, team, role, expires_at) VALUES (?1, ?2, ?3, ?4)", crypto::ByteView(codeHash),
               info.team, static_cast<int>(info.role), info.expiresAt);
  });
}

Result<DeviceRecord> SqliteStorage::enrol(const sync::Hash& codeHash, const Enrolment& e) {
  return write<DeviceRecord>("enrolling a device", [&](Conn& c) -> Result<DeviceRecord> {
    COACH_ASSIGN_OR_RETURN(Stmt * s, c.cache.get("SELECT team, role, expires_at, used_at FROM enrol_code WHERE hash = ?1"));
    DeviceRecord d;
    {
      StmtGuard guard(*s);
      COACH_TRY(bindAll(*s, crypto::ByteView(codeHash)));
      COACH_ASSIGN_OR_RETURN(bool row, s->step());
      if (!row || !s->isNull(3) || s->intAt(2) <= e.now) {
        return makeError(ErrorCode::Unauthorized,
                         "the enrolment code is unknown, used or expired: ask your administrator for a new one");
      }
      d.team = s->textAt(0);
      d.role = s->intAt(1) == 1 ? Role::Lead : Role::Coach;
    }
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
    COACH_TRY(runBound(c, "UPDATE enrol_code SET used_at = ?2 WHERE hash = ?1", crypto::ByteView(codeHash), e.now));
    return d;
  });
}

}  // namespace coach::relay
