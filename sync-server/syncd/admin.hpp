// syncd/admin.hpp: `coach-syncd admin ...`: work on a data directory directly, without the HTTP API (teams,
// enrolment codes, devices, revocation, backup, restore, stats). Each prints a readable table, or JSON with
// `json = true`, to `out`, and returns an error in plain words.
//
// Commands that read or change a live store (everything but restore) may run while the server runs: the store
// is SQLite in WAL mode with busy timeouts. restore needs the server stopped and takes the data directory's lock.
// With `databaseUrl` set (COACH_SYNCD_DATABASE_URL) the commands work on that PostgreSQL database instead; backup
// and restore are then pg_dump's and pg_restore's job (docs/sync-server-postgres.md), and after-restore moves the
// restored database's server sequences past anything served before.
#pragma once

#include <cstdio>
#include <string>

#include "coach/clock.hpp"
#include "coach/result.hpp"
#include "relay/storage.hpp"

namespace coach::syncd::admin {

struct Target {
  std::string dataDir;
  bool json = false;
  std::FILE* out = stdout;
  const WallClock* clock = nullptr;
  std::string databaseUrl;  // postgresql://...: the PostgreSQL store instead of DATA/syncd.db
};

Status teamCreate(const Target& t, const std::string& name);
Status teams(const Target& t);
// `count` codes (1 to 10,000) at once, for scripted enrolment of many devices (coach-devicesim); with more than
// one, JSON is {"codes": [...], "team", "role", "expires_at_ms"} and text is one code a line.
Status enrolCode(const Target& t, const std::string& team, relay::Role role, std::int64_t validSeconds, int count = 1);
Status devices(const Target& t, const std::string& team);
Status revoke(const Target& t, const std::string& team, const std::string& device);
Status approve(const Target& t, const std::string& team, const std::string& device);
Status backup(const Target& t, const std::string& destination);
Status restore(const Target& t, const std::string& source);
Status stats(const Target& t);
Status afterRestore(const Target& t);
// Copies a whole store into an empty one, SQLite to PostgreSQL or back (`from`, `to`: "sqlite:DIR" or
// "postgresql://..."), and prints both sides' counts (teams, devices, envelopes, ...). Stop coach-syncd first: a
// SQLite side's data directory is locked meanwhile (docs/sync-server-postgres.md, "Moving a store").
Status migrateStore(const Target& t, const std::string& from, const std::string& to);

}  // namespace coach::syncd::admin
