#include "syncd/server.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>

#include <httplib.h>

#include "relay/relay.hpp"
#include "storage/postgres_storage.hpp"
#include "storage/sqlite_storage.hpp"
#include "syncd/api.hpp"
#include "syncd/event_server.hpp"

namespace coach::syncd {

Result<std::unique_ptr<DataDirLock>> DataDirLock::acquire(const std::string& dataDir) {
  std::error_code ec;
  // A new data directory is private to the server's user (an existing one keeps what the admin chose).
  if (std::filesystem::create_directories(dataDir, ec) && !ec) {
    std::filesystem::permissions(dataDir, std::filesystem::perms::owner_all, ec);
  }
  if (ec) {
    return makeError(ErrorCode::StorageError, "the data directory " + dataDir + " cannot be created: " + ec.message());
  }
  const std::string path = (std::filesystem::path(dataDir) / "syncd.lock").string();
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return makeError(ErrorCode::StorageError, "cannot open " + path + ": check the directory's permissions");
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return makeError(ErrorCode::StorageError, "the data directory " + dataDir +
                                                  " is in use by a running coach-syncd: stop it first, or use another directory");
  }
  return std::unique_ptr<DataDirLock>(new DataDirLock(fd));
}

DataDirLock::~DataDirLock() { ::close(fd_); }

struct Server::Impl {
  const Config& config;
  Logger& log;
  const WallClock& clock;
  std::unique_ptr<DataDirLock> lock;  // SQLite only: PostgreSQL is shared by replicas on purpose
  std::unique_ptr<relay::Storage> storage;
  relay::SqliteStorage* sqlite = nullptr;  // `storage` when it is the SQLite store
  relay::PgStorage* pg = nullptr;          // `storage` when it is PostgreSQL
  std::unique_ptr<relay::Relay> relay;
  std::unique_ptr<Api> api;
  std::unique_ptr<httplib::Server> http;
  EventServer* events = nullptr;  // `http` itself when plain HTTP
  int port = -1;
};

namespace {

relay::RelayLimits relayLimits(const Limits& l) {
  relay::RelayLimits r;
  r.maxEnvelopesPerPush = l.envelopesPerPush;
  r.maxPageItems = l.pageItems;
  r.maxPageBytes = l.pageBytes;
  r.driftBoundMillis = l.driftBoundSeconds * 1000;
  return r;
}

EventServerOptions eventOptions(const Config& c) {
  EventServerOptions o;
  o.workers = c.workerThreads();
  o.keepAliveSeconds = c.limits.keepAliveSeconds;
  o.keepAliveMaxCount = 1000;
  o.readTimeoutSeconds = c.limits.readTimeoutSeconds;
  o.writeTimeoutSeconds = c.limits.writeTimeoutSeconds;
  o.maxConnections = static_cast<std::size_t>(c.connectionLimit());
  return o;
}

// On the very first start (no team yet), makes one team and a team lead's enrolment code, and says so. Replicas
// on one PostgreSQL database starting at once take turns (an advisory lock): one creates the team, the others
// find it.
Status firstStart(Server::Impl& s) {
  std::unique_ptr<relay::PgStorage::SessionLock> turn;
  if (s.pg != nullptr) {
    COACH_ASSIGN_OR_RETURN(turn, s.pg->lockFirstStart());
  }
  COACH_ASSIGN_OR_RETURN(std::vector<relay::TeamRecord> teams, s.storage->teams());
  if (!teams.empty()) return {};
  COACH_ASSIGN_OR_RETURN(relay::TeamRecord team, s.relay->createTeam(s.config.firstTeamName));
  const std::int64_t valid = std::int64_t{s.config.limits.enrolCodeHours} * 3600 * 1000;
  COACH_ASSIGN_OR_RETURN(relay::IssuedCode code, s.relay->issueEnrolCode(team.id, relay::Role::Lead, valid));
  s.log.info("first_start", {{"team", team.id},
                             {"team_name", team.name},
                             {"enrol_code", code.code},
                             {"role", "lead"},
                             {"expires_at_ms", code.expiresAt},
                             {"note", "enrol the team lead's device with this one-time code; make more with "
                                      "'coach-syncd admin enrol-code --team " + team.id + "'"}});
  return {};
}

// PostgreSQL when COACH_SYNCD_DATABASE_URL is set (several replicas may share it), else the SQLite store in the
// data directory (locked: one server per directory).
Status openStorage(Server::Impl& s) {
  if (!s.config.databaseUrl.empty()) {
    COACH_ASSIGN_OR_RETURN(std::unique_ptr<relay::PgStorage> pg, relay::PgStorage::open(s.config.databaseUrl));
    COACH_TRY(pg->checkNotRestored());
    s.pg = pg.get();
    s.storage = std::move(pg);
    return {};
  }
  COACH_ASSIGN_OR_RETURN(s.lock, DataDirLock::acquire(s.config.dataDir));
  const std::filesystem::path file = std::filesystem::path(s.config.dataDir) / "syncd.db";
  relay::SqliteStorage::Options options;
  options.maxGroupPushes = s.config.limits.groupCommitPushes;
  COACH_ASSIGN_OR_RETURN(std::unique_ptr<relay::SqliteStorage> sqlite, relay::SqliteStorage::open(file, options));
  s.sqlite = sqlite.get();
  s.storage = std::move(sqlite);
  return {};
}

}  // namespace

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() = default;

Result<std::unique_ptr<Server>> Server::open(const Config& config, Logger& log, const WallClock& clock) {
  COACH_TRY(validate(config));
  auto impl = std::make_unique<Impl>(Impl{config, log, clock, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, -1});
  COACH_TRY(openStorage(*impl));
  impl->relay = std::make_unique<relay::Relay>(*impl->storage, clock, relayLimits(config.limits));
  impl->api = std::make_unique<Api>(*impl->relay, config, log, clock);
  if (impl->sqlite != nullptr) {
    impl->api->metrics().setCommitSource([store = impl->sqlite] {
      const relay::SqliteStorage::GroupCommitStats g = store->groupCommits();
      return CommitCounters{g.batches, g.pushes};
    });
  }
  COACH_TRY(firstStart(*impl));
  if (config.tls()) {
    auto https = std::make_unique<httplib::SSLServer>(config.tlsCertFile.c_str(), config.tlsKeyFile.c_str());
    if (!https->is_valid()) {
      return makeError(ErrorCode::InvalidArgument, "the TLS certificate or key cannot be used (" + config.tlsCertFile + ", " +
                                                       config.tlsKeyFile + "): check that both are PEM files that belong together");
    }
    // Built-in TLS keeps cpp-httplib's own model: a pool thread per connection for its whole life (the TLS
    // handshake and record layer live inside cpp-httplib's SSLServer). docs/coach-syncd.md says what that means.
    const auto threads = static_cast<std::size_t>(config.workerThreads());
    https->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    impl->http = std::move(https);
  } else if (config.limits.threadPerConnection) {
    const auto threads = static_cast<std::size_t>(config.workerThreads());
    impl->http = std::make_unique<httplib::Server>();
    impl->http->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  } else {
    auto events = std::make_unique<EventServer>(eventOptions(config));
    impl->events = events.get();
    impl->api->metrics().setConnectionSource([e = impl->events, workers = config.workerThreads()] {
      const ConnectionCounters& c = e->counters();
      return ConnectionGauges{c.open.load(), c.busy.load(), c.accepted.load(), c.refused.load(), workers};
    });
    impl->http = std::move(events);
  }
  impl->api->install(*impl->http);
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Status Server::bind() {
  Impl& s = *impl_;
  const int wanted = s.config.port();
  if (wanted == 0) {
    s.port = s.http->bind_to_any_port(s.config.host());
  } else {
    s.port = s.http->bind_to_port(s.config.host(), wanted) ? wanted : -1;
  }
  if (s.port < 0) {
    return makeError(ErrorCode::Unavailable, "cannot listen on " + s.config.listen +
                                                 ": the address is in use or not on this machine (COACH_SYNCD_LISTEN)");
  }
  if (s.events != nullptr && !s.events->raiseBacklog()) {
    s.log.warn("backlog_not_raised", {{"note", "the listen backlog stays at cpp-httplib's 5: a burst of devices "
                                               "connecting at once will see connection retries"}});
  }
  return {};
}

int Server::port() const { return impl_->port; }

Status Server::run() {
  Impl& s = *impl_;
  s.log.info("listening", {{"address", s.config.host()}, {"port", s.port}, {"tls", s.config.tls()},
                           {"threads", s.config.workerThreads()}, {"store", s.pg != nullptr ? "postgresql " + s.pg->where() : std::string("sqlite")},
                           {"max_connections", s.events != nullptr ? s.config.connectionLimit() : s.config.workerThreads()},
                           {"connection_model", s.events != nullptr ? "event" : "thread per connection"}});
  if (!s.http->listen_after_bind()) {
    return makeError(ErrorCode::Unavailable, "the listener on " + s.config.listen + " stopped unexpectedly");
  }
  return {};
}

void Server::stop() {
  impl_->api->stopping();
  impl_->http->stop();
}

Status Server::close() { return impl_->sqlite != nullptr ? impl_->sqlite->checkpoint() : Status{}; }

}  // namespace coach::syncd
