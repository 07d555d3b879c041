#include "syncd/admin.hpp"

#include <filesystem>

#include <nlohmann/json.hpp>

#include "relay/relay.hpp"
#include "storage/postgres_storage.hpp"
#include "storage/sqlite_storage.hpp"
#include "storage/store_copy.hpp"
#include "syncd/server.hpp"

namespace coach::syncd::admin {
namespace {

using nlohmann::json;

std::filesystem::path storeFile(const Target& t) { return std::filesystem::path(t.dataDir) / "syncd.db"; }

template <class Backend>
Result<std::unique_ptr<relay::Storage>> asStorage(Result<std::unique_ptr<Backend>> opened) {
  if (!opened.ok()) return std::move(opened).error();
  return std::unique_ptr<relay::Storage>(std::move(opened).value());
}

Result<std::unique_ptr<relay::Storage>> openExisting(const Target& t) {
  if (!t.databaseUrl.empty()) return asStorage(relay::PgStorage::open(t.databaseUrl));
  if (!std::filesystem::exists(storeFile(t))) {
    return makeError(ErrorCode::NotFound, "no coach-syncd store in " + t.dataDir +
                                              ": start 'coach-syncd serve --data " + t.dataDir + "' once, or pass the right --data");
  }
  return asStorage(relay::SqliteStorage::open(storeFile(t), {}));
}

void print(const Target& t, const std::string& text) { std::fputs(text.c_str(), t.out); }
void printJson(const Target& t, const json& j) { print(t, j.dump(2) + "\n"); }

std::string isoTime(std::int64_t millis) {
  if (millis <= 0) return "-";
  const std::time_t s = millis / 1000;
  std::tm utc{};
  gmtime_r(&s, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%SZ", &utc);
  return buf;
}

Status requireTeam(relay::Storage& storage, const std::string& team) {
  COACH_ASSIGN_OR_RETURN(std::vector<relay::TeamRecord> all, storage.teams());
  for (const auto& r : all) {
    if (r.id == team) return {};
  }
  return makeError(ErrorCode::NotFound, "no team " + team + " on this server: 'coach-syncd admin teams' lists them");
}

// The store, created when missing (team create on a new server).
Result<std::unique_ptr<relay::Storage>> openOrCreate(const Target& t) {
  if (!t.databaseUrl.empty()) return asStorage(relay::PgStorage::open(t.databaseUrl));
  std::error_code ec;
  std::filesystem::create_directories(t.dataDir, ec);
  return asStorage(relay::SqliteStorage::open(storeFile(t), {}));
}

Error notWithPostgres(const std::string& what) {
  return makeError(ErrorCode::InvalidArgument, what + " works on the SQLite store; with COACH_SYNCD_DATABASE_URL set the "
                   "store is PostgreSQL: use pg_dump and pg_restore, then 'coach-syncd admin after-restore' "
                   "(docs/sync-server-postgres.md)");
}

}  // namespace

Status teamCreate(const Target& t, const std::string& name) {
  COACH_ASSIGN_OR_RETURN(auto storage, openOrCreate(t));
  relay::Relay relay(*storage, *t.clock);
  COACH_ASSIGN_OR_RETURN(relay::TeamRecord team, relay.createTeam(name));
  if (t.json) {
    printJson(t, {{"team", team.id}, {"name", team.name}});
  } else {
    print(t, "team " + team.id + " (" + team.name + ") created\n");
  }
  return {};
}

Status teams(const Target& t) {
  COACH_ASSIGN_OR_RETURN(auto storage, openExisting(t));
  COACH_ASSIGN_OR_RETURN(std::vector<relay::TeamRecord> all, storage->teams());
  json list = json::array();
  std::string text = "TEAM                              CREATED               NAME\n";
  for (const auto& r : all) {
    list.push_back({{"team", r.id}, {"name", r.name}, {"created_at_ms", r.createdAt}});
    text += r.id + "  " + isoTime(r.createdAt) + "  " + r.name + "\n";
  }
  t.json ? printJson(t, list) : print(t, text);
  return {};
}

Status enrolCode(const Target& t, const std::string& team, relay::Role role, std::int64_t validSeconds, int count) {
  if (validSeconds < 1 || validSeconds > 30 * 24 * 3600) {
    return makeError(ErrorCode::InvalidArgument, "a code is valid for 1 second to 30 days (--valid-hours 1 to 720)");
  }
  if (count < 1 || count > 10000) return makeError(ErrorCode::InvalidArgument, "--count must be 1 to 10000");
  COACH_ASSIGN_OR_RETURN(auto storage, openExisting(t));
  COACH_TRY(requireTeam(*storage, team));
  relay::Relay relay(*storage, *t.clock);
  std::vector<relay::IssuedCode> codes;
  for (int i = 0; i < count; ++i) {
    COACH_ASSIGN_OR_RETURN(relay::IssuedCode code, relay.issueEnrolCode(team, role, validSeconds * 1000));
    codes.push_back(std::move(code));
  }
  const std::string roleName(relay::roleName(role));
  if (count == 1 && t.json) {
    printJson(t, {{"code", codes[0].code}, {"team", team}, {"role", roleName}, {"expires_at_ms", codes[0].expiresAt}});
  } else if (count == 1) {
    print(t, codes[0].code + "\n(one-time " + roleName + " enrolment code for team " + team + ", valid until " +
                 isoTime(codes[0].expiresAt) + ")\n");
  } else if (t.json) {
    json list = json::array();
    for (const auto& c : codes) list.push_back(c.code);
    printJson(t, {{"codes", list}, {"team", team}, {"role", roleName}, {"expires_at_ms", codes.back().expiresAt}});
  } else {
    for (const auto& c : codes) print(t, c.code + "\n");
  }
  return {};
}

Status devices(const Target& t, const std::string& team) {
  COACH_ASSIGN_OR_RETURN(auto storage, openExisting(t));
  COACH_TRY(requireTeam(*storage, team));
  COACH_ASSIGN_OR_RETURN(std::vector<relay::DeviceRecord> all, storage->devices(team));
  json list = json::array();
  std::string text = "DEVICE                            ROLE   STATE    LAST SEQ  ENROLLED              LAST SEEN\n";
  for (const auto& d : all) {
    list.push_back({{"device", d.id}, {"role", relay::roleName(d.role)}, {"revoked", d.revoked},
                    {"last_sequence", d.lastSequence}, {"enrolled_at_ms", d.enrolledAt}, {"last_seen_at_ms", d.lastSeenAt},
                    {"revoked_at_ms", d.revokedAt}});
    char line[256];
    std::snprintf(line, sizeof line, "%-32s  %-5s  %-7s  %8llu  %-20s  %s\n", d.id.c_str(),
                  std::string(relay::roleName(d.role)).c_str(), d.revoked ? "revoked" : "active",
                  static_cast<unsigned long long>(d.lastSequence), isoTime(d.enrolledAt).c_str(), isoTime(d.lastSeenAt).c_str());
    text += line;
  }
  t.json ? printJson(t, list) : print(t, text);
  return {};
}

Status revoke(const Target& t, const std::string& team, const std::string& device) {
  COACH_ASSIGN_OR_RETURN(auto storage, openExisting(t));
  COACH_TRY(requireTeam(*storage, team));
  relay::Relay relay(*storage, *t.clock);
  COACH_TRY(relay.revokeAsAdmin(team, device));
  if (t.json) {
    printJson(t, {{"device", device}, {"revoked", true}});
  } else {
    print(t, "device " + device + " revoked: the server refuses it from its next request on\n");
  }
  return {};
}

Status approve(const Target& t, const std::string& team, const std::string& device) {
  COACH_ASSIGN_OR_RETURN(auto storage, openExisting(t));
  COACH_TRY(requireTeam(*storage, team));
  COACH_TRY(storage->approveDevice(team, device, "", {}, t.clock->nowMillis()));
  if (t.json) {
    printJson(t, {{"device", device}, {"approved", true}});
  } else {
    print(t, "device " + device + " approved by the admin: it may sync, but holds no team key unless a team lead's "
             "device grants one\n");
  }
  return {};
}

Status backup(const Target& t, const std::string& destination) {
  if (!t.databaseUrl.empty()) return notWithPostgres("admin backup");
  if (!std::filesystem::exists(storeFile(t))) return openExisting(t).error();
  COACH_ASSIGN_OR_RETURN(auto storage, relay::SqliteStorage::open(storeFile(t), {}));
  COACH_TRY(storage->backup(destination));
  if (t.json) {
    printJson(t, {{"backup", destination}});
  } else {
    print(t, "consistent copy of the store written to " + destination + "\n");
  }
  return {};
}

Status restore(const Target& t, const std::string& source) {
  if (!t.databaseUrl.empty()) return notWithPostgres("admin restore");
  COACH_ASSIGN_OR_RETURN(std::unique_ptr<DataDirLock> lock, DataDirLock::acquire(t.dataDir));
  COACH_TRY(relay::restoreSqliteStore(source, storeFile(t)));
  if (t.json) {
    printJson(t, {{"restored", source}});
  } else {
    print(t, "store restored from " + source + "; devices that pushed after that backup will resend what is missing\n");
  }
  return {};
}

Status stats(const Target& t) {
  COACH_ASSIGN_OR_RETURN(auto storage, openExisting(t));
  COACH_ASSIGN_OR_RETURN(relay::StorageStats s, storage->stats(t.clock->nowMillis()));
  const json j{{"teams", s.teams},           {"devices", s.devices},       {"revoked_devices", s.revokedDevices},
               {"envelopes", s.envelopes},   {"envelope_bytes", s.envelopeBytes}, {"key_records", s.keyRecords},
               {"snapshots", s.snapshots},   {"snapshot_bytes", s.snapshotBytes}, {"open_enrol_codes", s.openEnrolCodes},
               {"erasures", s.erasures},     {"tombstones", s.tombstones}};
  if (t.json) {
    printJson(t, j);
  } else {
    for (const auto& [k, v] : j.items()) print(t, k + ": " + v.dump() + "\n");
  }
  return {};
}


Status afterRestore(const Target& t) {
  if (t.databaseUrl.empty()) {
    return makeError(ErrorCode::InvalidArgument, "after-restore is for a PostgreSQL store restored with pg_restore "
                                                 "(set COACH_SYNCD_DATABASE_URL); 'coach-syncd admin restore' does it "
                                                 "for the SQLite store");
  }
  COACH_ASSIGN_OR_RETURN(auto storage, relay::PgStorage::open(t.databaseUrl));
  COACH_TRY(storage->moveSequencesPastRestore());
  if (t.json) {
    printJson(t, {{"sequences_moved", true}});
  } else {
    print(t, "every team's next server sequence moved past anything served before the dump; start coach-syncd\n");
  }
  return {};
}

namespace {

json countsJson(const relay::StoreCounts& c) {
  return {{"teams", c.teams},         {"devices", c.devices},     {"envelopes", c.envelopes},
          {"key_records", c.keyRecords}, {"snapshots", c.snapshots}, {"erasures", c.erasures}};
}

}  // namespace

Status migrateStore(const Target& t, const std::string& from, const std::string& to) {
  COACH_ASSIGN_OR_RETURN(relay::StoreLocation source, relay::parseStoreLocation(from));
  COACH_ASSIGN_OR_RETURN(relay::StoreLocation target, relay::parseStoreLocation(to));
  if (!source.sqliteFile.empty() && !std::filesystem::exists(source.sqliteFile)) {
    return makeError(ErrorCode::NotFound, "no coach-syncd store in " + source.sqliteFile.parent_path().string() +
                                              ": check the data directory after sqlite:");
  }
  // A SQLite store must not be served meanwhile: its data directory's lock, as restore takes it.
  std::vector<std::unique_ptr<DataDirLock>> locks;
  for (const relay::StoreLocation* at : {&source, &target}) {
    if (at->sqliteFile.empty()) continue;
    COACH_ASSIGN_OR_RETURN(std::unique_ptr<DataDirLock> lock, DataDirLock::acquire(at->sqliteFile.parent_path().string()));
    locks.push_back(std::move(lock));
  }
  COACH_ASSIGN_OR_RETURN(relay::CopyReport report, relay::copyStore(source, target));
  if (t.json) {
    printJson(t, {{"from", source.describe()}, {"to", target.describe()}, {"source", countsJson(report.source)},
                  {"target", countsJson(report.target)}});
    return {};
  }
  std::string text = "copied " + source.describe() + " to " + target.describe() + "\n";
  text += "              source   target\n";
  const json a = countsJson(report.source);
  const json b = countsJson(report.target);
  for (const auto& [key, value] : a.items()) {
    char line[128];
    std::snprintf(line, sizeof line, "%-12s %8llu %8llu\n", key.c_str(), value.get<unsigned long long>(),
                  b[key].get<unsigned long long>());
    text += line;
  }
  print(t, text + "the counts agree; point coach-syncd at the new store (COACH_SYNCD_DATABASE_URL, or unset it)\n");
  return {};
}

}  // namespace coach::syncd::admin
