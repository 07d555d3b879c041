// full_disk.hpp: what the disk-fault tests do and check on either store (test_faults_disk on the SQLite data
// volume, test_faults_postgres on a PostgreSQL tablespace): push notes of a few KiB until a push fails, count the
// records, and check the error a full disk gives.
//
// Thread-safety: one test thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "http_team.hpp"
#include "sync_world.hpp"

namespace coach::test {

inline const std::string kLongNote(3000, 'x');  // a note of a few KiB, so the volume fills in some dozens of pushes

// Writes a participant's notes and syncs until a sync fails; returns that failure (or nothing after `limit`
// rounds). `written` gets every record written, `acknowledged` those a successful sync carried.
inline std::optional<Error> pushUntilFull(HttpDevice& d, std::vector<std::string>& written,
                                          std::size_t& acknowledged, int limit) {
  const std::string p = mustAdd(*d.store, "participant", {{"name", "Disk full"}, {"coach", d.name}});
  written.push_back(p);
  for (int round = 0; round < limit; ++round) {
    for (int k = 0; k < 4; ++k) {
      written.push_back(mustAdd(*d.store, "support_contact", {{"participant_id", p}, {"contact_on", "2026-03-02"},
                                                              {"mode", "phone"}, {"type", "problem_solving"},
                                                              {"note", std::to_string(round) + kLongNote}}));
    }
    sync::SyncOptions o;
    o.maxAttempts = 1;
    o.changesPerEnvelope = 1;
    auto r = d.sync(o);
    if (!r.ok()) return r.error();
    acknowledged = written.size();
  }
  return std::nullopt;
}

inline std::size_t countRecords(Store& store) {
  return store.list("participant", {}, true)->size() + store.list("support_contact", {}, true)->size();
}

// The error a full disk gives, whatever made it full (ENOSPC on a tmpfs, EFBIG under RLIMIT_FSIZE): StorageFull
// with a message saying what happened, that nothing was lost, and what to do.
inline void checkFullError(const Error& full, const std::string& whatToDo) {
  INFO("the writer was told (" << errorInfo(full.code).wireId << "): " << full.message);
  CHECK(full.code == ErrorCode::StorageFull);
  CHECK(full.message.find("full") != std::string::npos);
  CHECK(full.message.find("nothing earlier was lost") != std::string::npos);
  CHECK(full.message.find(whatToDo) != std::string::npos);
}

}  // namespace coach::test
