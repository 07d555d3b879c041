// coach/store.hpp: Store, a device profile: the encrypted on-device record store (docs/store.md).
//
// A Store is one SQLite file holding one device's copy of its team's records. It provides:
//   - profile creation and unlocking through a KeyProvider (a wrong passphrase opens nothing);
//   - the one write path: apply() validates each mutation against the model registry, writes the record,
//     stamps every changed field with the device's hybrid logical clock and appends the change to the outbox,
//     all in one transaction (all mutations of one call commit together or not at all);
//   - reads (get, list) that decrypt sensitive fields on the device;
//   - the queries the clients need: caseload, a participant's timeline and the agenda of what is due.
// Records are JSON objects: {"id", "kind", "shard", "archived", "fields": {name: value}}.
//
// Errors are Results: ValidationFailed names kind, field and problem; Locked after lock(); StorageFull when
// the disk is full (nothing was written); WrongPassphrase on unlock.
//
// Thread-safety: every public member function may be called from any thread; calls are serialised by an
// internal mutex (the app's background sync and its screens share one Store).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "coach/agenda.hpp"
#include "coach/clock.hpp"
#include "coach/key_provider.hpp"
#include "coach/result.hpp"

namespace coach {

struct StoreOptions {
  std::string path;                          // the profile's database file
  std::string actor;                         // the coach (staff handle) using this device
  const WallClock* clock = nullptr;          // nullptr: the system clock
  std::int64_t driftBoundMillis = 5 * 60 * 1000;  // remote stamps further ahead are refused
  // Full: every commit is on stable storage before apply() returns (survives a power cut); the default.
  // Normal: a commit survives an app crash; the last commits may roll back on a power cut or OS crash.
  enum class Durability { Full, Normal };
  Durability durability = Durability::Full;
  // The NEN 7513 access log (docs/access-log.md): On for every profile that holds real people's data.
  // OffForSimulation is for tools and tests that simulate devices (convergence simulations, benchmarks), whose
  // oracle counts every record; nothing that a coach or the C API opens may use it.
  enum class AccessLog { On, OffForSimulation };
  AccessLog accessLog = AccessLog::On;
};

struct Mutation {
  enum class Op { Create, Update };
  Op op = Op::Create;
  std::string kind;        // Create: the record kind
  std::string id;          // Update: the record id
  nlohmann::json fields;   // {field: value}; null clears an optional field; "archived": true|false
};

// A team's shared secret as handed to a device. Until enrolment exists (issue 5) tests and tools hand it over
// directly; afterwards it only ever travels wrapped to an approved device.
struct TeamCredentials {
  std::string teamId;          // 32 hex characters
  std::uint32_t epoch = 1;
  crypto::SecretBytes teamKey;  // 32 bytes
};

// A free-text value that lost to a concurrent edit (docs/sync.md, "Conflicts").
// The audit entry an erasure leaves on a device (coach/lifecycle.hpp, docs/erasure.md): no name, no content.
struct ErasureAudit {
  std::string shard;            // the erased participant's random record id
  std::int64_t erasedAt = 0;    // when the team lead ordered it (Unix milliseconds)
  std::string author;           // the team lead's device
  std::uint64_t orderIndex = 0; // its place in the team's list of erasures on the server
  std::int64_t appliedAt = 0;   // when this device carried it out
  // Only in eraseParticipant's answer on the erasing device, never stored: the team's new recovery key after the
  // epoch compaction that follows every erasure (docs/keys.md), to be printed once and the old one destroyed.
  // Empty when the compaction could not finish (it finishes at that device's next sync: SyncReport).
  std::string newRecoveryKey;
};

struct Conflict {
  std::string recordId;
  std::string kind;
  std::string field;
  std::string losingValue;
  std::string losingDevice;
  std::uint64_t losingHlc = 0;
  std::string currentValue;
};

enum class Resolution { KeepCurrent, KeepLosing, KeepBoth };

// How a device setting is kept: Plain in the profile file, or Secret, sealed by the profile's master key.
enum class SettingKind { Plain, Secret };

class Store {
 public:
  // Creates a new profile at options.path (AlreadyExists when one is there) and returns it unlocked.
  static Result<std::unique_ptr<Store>> createProfile(const StoreOptions& options, KeyProvider& keys);
  // Opens an existing profile, upgrading its schema, and unlocks it with `keys`.
  static Result<std::unique_ptr<Store>> openProfile(const StoreOptions& options, KeyProvider& keys);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // The write path. Returns the ids of the records, in the order of `mutations`.
  Result<std::vector<std::string>> apply(std::span<const Mutation> mutations);
  Result<std::string> add(std::string_view kind, const nlohmann::json& fields);
  Status update(std::string_view id, const nlohmann::json& fields);
  Status setArchived(std::string_view id, bool archived);

  // Reads that hand out a participant's records (get, list, timeline, caseload, agenda, conflicts) log an
  // access_event per participant (docs/access-log.md; coalesced within 15 minutes); when that log cannot be
  // written the read fails and hands out nothing. Writes log in their own transaction.
  Result<nlohmann::json> get(std::string_view id);
  // Records of `kind`, newest first; `where` is {field: value} equality on non-sensitive fields.
  Result<std::vector<nlohmann::json>> list(std::string_view kind, const nlohmann::json& where = {},
                                           bool includeArchived = false);

  // Every record of the participant's shard, newest business date first.
  Result<std::vector<nlohmann::json>> timeline(std::string_view participantId);
  Result<std::vector<CaseloadEntry>> caseload(const std::string& today);
  Result<std::vector<AgendaItem>> agenda(const AgendaOptions& options);

  // Team membership and this device's identity on the wire.
  Result<TeamCredentials> createTeam();
  // The same for a team the sync server already made (its id comes with the enrolment answer).
  Result<TeamCredentials> createTeam(const std::string& teamId);
  Status joinTeam(const TeamCredentials& team);
  Result<std::string> teamId();
  Result<crypto::Bytes> signingPublicKey();

  // The role the team's sync server gave this device (docs/store.md, "Roles"): "lead" or "coach", or nullopt
  // for a profile that never enrolled (a standalone profile: nothing of it syncs) or one enrolled before roles
  // were kept that has not synced since (every sync learns it from the server's list of devices). On a coach's
  // device the write path refuses a team lead's kinds (fidelity_score, week_review) with Forbidden; changes
  // that arrive by sync are applied whatever the role. Locked when the profile is locked.
  Result<std::optional<std::string>> deviceRole();
  // Keeps the role an enrolment answer names ("lead" or "coach"; InvalidArgument otherwise). Clients call it as
  // soon as the server answered; the lifecycle and sync code keep it up to date from the device list.
  Status rememberDeviceRole(std::string_view role);

  // Device settings a client keeps in the profile (the sync server's URL, the device token, a CA file path).
  // Names are 1-64 of [a-z0-9_.-]; values at most 64 KiB. Secret ones are sealed by the master key. All need
  // the profile unlocked (Locked otherwise); setting() returns nullopt for a name never set.
  Status putSetting(std::string_view name, std::string_view value, SettingKind kind = SettingKind::Plain);
  Result<std::optional<std::string>> setting(std::string_view name);
  Status removeSetting(std::string_view name);

  // How many record changes this device has made that the server has not acknowledged yet: the records with
  // unsent edits in the outbox (several edits of one record before a sync go out as one change) plus the changes
  // in envelopes built but not yet acknowledged. Access events are records too, so a read can add one. Grows on
  // every write; back to 0 after a sync that pushed everything. Locked when the profile is locked.
  Result<std::uint64_t> pendingChanges();

  // Conflicts found by sync, and their resolution (a new edit that supersedes both versions).
  Result<std::vector<Conflict>> conflicts();
  Status resolveConflict(const Conflict& conflict, Resolution resolution);

  // On whose behalf the following accesses are made (a role or organisation: "treatment team", "the
  // participant's request"), recorded in their access events; empty (the default): the coach's own work.
  void setOnBehalfOf(std::string_view onBehalfOf);

  void lock();
  Status unlock(KeyProvider& keys);
  bool locked() const;

  const std::string& deviceId() const;
  const std::string& actor() const;
  // "YYYY-MM-DD": today in Europe/Amsterdam by the store's clock.
  std::string today() const;

  struct Impl;
  Impl& implForInternalUse() { return *impl_; }

 private:
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace coach
