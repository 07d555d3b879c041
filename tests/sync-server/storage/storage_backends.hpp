// storage_backends.hpp: the Storage backends the conformance tests run over (COACH_STORAGE_BACKENDS). A new
// backend is one struct with a `storage` member and one name in the list.
#pragma once

#include <memory>

#include "pg_cluster.hpp"
#include "relay/memory_storage.hpp"
#include "storage/postgres_storage.hpp"
#include "storage/sqlite_storage.hpp"
#include "storage_fixtures.hpp"
#include "temp_profile.hpp"

namespace coach::test {

struct MemoryBackend {
  std::unique_ptr<relay::Storage> storage = std::make_unique<relay::MemoryStorage>();
};

struct SqliteBackend {
  SqliteBackend() { storage = valueOf(relay::SqliteStorage::open(dir.path() / "data" / "relay.db")); }
  TempDir dir;  // declared first: removed after the store is closed
  std::unique_ptr<relay::Storage> storage;
};

// A fresh database of the test process's PostgreSQL cluster (pg_cluster.hpp) per test case.
struct PgBackend {
  PgBackend() : url(PgCluster::shared().createDatabase()) { storage = valueOf(relay::PgStorage::open(url)); }
  std::string url;
  std::unique_ptr<relay::Storage> storage;
};

#define COACH_STORAGE_BACKENDS MemoryBackend, SqliteBackend, PgBackend

}  // namespace coach::test
