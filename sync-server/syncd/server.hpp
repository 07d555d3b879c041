// syncd/server.hpp: one coach-syncd instance: its store (opened and migrated), the relay over it, the HTTP or
// HTTPS listener with the API installed, first-start set-up, and an orderly stop.
//
// Lifecycle: open() -> bind() -> run() (blocks) ... stop() from another thread -> run() returns after the
// requests in flight are answered -> close() checkpoints the store. With the SQLite store the data directory is
// locked (flock on DATA/syncd.lock) from open() until destruction, so two servers, or a restore, never share a live
// store; with PostgreSQL (COACH_SYNCD_DATABASE_URL) several servers share one database by design.
//
// Thread-safety: stop() may be called from any thread (a signal thread); everything else from one thread.
#pragma once

#include <memory>
#include <string>

#include "coach/clock.hpp"
#include "coach/result.hpp"
#include "syncd/config.hpp"
#include "syncd/log.hpp"

namespace coach::syncd {

class Server {
 public:
  static Result<std::unique_ptr<Server>> open(const Config& config, Logger& log, const WallClock& clock);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the listening socket (port 0 picks a free one). Unavailable when the address is taken.
  Status bind();
  int port() const;
  // Serves until stop(). Returns the listener's outcome.
  Status run();
  void stop();
  // Flushes the store to its main file (after run() returned).
  Status close();

  struct Impl;  // defined in server.cpp

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// An exclusive lock on the data directory, held while the object lives. StorageError naming the directory
// when another coach-syncd (or an admin command that needs the server stopped) holds it.
class DataDirLock {
 public:
  static Result<std::unique_ptr<DataDirLock>> acquire(const std::string& dataDir);
  ~DataDirLock();
  DataDirLock(const DataDirLock&) = delete;
  DataDirLock& operator=(const DataDirLock&) = delete;

 private:
  explicit DataDirLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace coach::syncd
