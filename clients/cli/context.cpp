// context.cpp: the profile, clock, prompts and error reporting shared by every command (context.hpp).
#include "context.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <date/date.h>
#include <date/tz.h>

#include "coach/schema_info.hpp"
#include "dates.hpp"
#include "passphrase.hpp"

namespace coach::cli {
namespace {

// COACH_TEST_NOW: "YYYY-MM-DDTHH:MM", local time in Amsterdam.
Result<std::int64_t> parseTestNow(const std::string& text, const Messages& msg) {
  std::istringstream in(text);
  date::local_time<std::chrono::minutes> local;
  in >> date::parse("%Y-%m-%dT%H:%M", local);
  if (in.fail() || in.peek() != std::char_traits<char>::eof()) {
    return makeError(ErrorCode::InvalidArgument, msg("testnow.invalid", text));
  }
  const auto zoned = date::make_zoned("Europe/Amsterdam", local, date::choose::earliest);
  return std::chrono::duration_cast<std::chrono::milliseconds>(zoned.get_sys_time().time_since_epoch()).count();
}

std::string_view leadKey(ErrorCode code) {
  switch (code) {
    case ErrorCode::ValidationFailed: return "core.validation_failed";
    case ErrorCode::NotFound: return "core.not_found";
    case ErrorCode::WrongPassphrase: return "core.wrong_passphrase";
    case ErrorCode::Locked: return "core.locked";
    case ErrorCode::StorageFull: return "core.storage_full";
    case ErrorCode::SchemaTooNew: return "core.schema_too_new";
    case ErrorCode::AlreadyExists: return "core.already_exists";
    case ErrorCode::InvalidArgument: return "core.invalid_argument";
    default: return "core.other";
  }
}

}  // namespace

int exitCodeFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::InvalidArgument: return kExitUsage;
    case ErrorCode::ValidationFailed: return kExitInvalid;
    case ErrorCode::NotFound: return kExitNotFound;
    case ErrorCode::AlreadyExists:
    case ErrorCode::WrongPassphrase:
    case ErrorCode::Locked:
    case ErrorCode::SchemaTooNew:
    case ErrorCode::DecryptFailed: return kExitProfile;
    case ErrorCode::Unavailable:
    case ErrorCode::RateLimited: return kExitUnreachable;
    case ErrorCode::Unauthorized:
    case ErrorCode::DeviceRevoked:
    case ErrorCode::DevicePending:
    case ErrorCode::Forbidden:
    case ErrorCode::WrongTeam:
    case ErrorCode::ClockDrift:
    case ErrorCode::ProtocolUnsupported: return kExitRefused;
    default: return kExitFailure;
  }
}

Context::Context(std::ostream& out, std::ostream& err) : out_(out), err_(err) {}
Context::~Context() = default;

void Context::printJson(const nlohmann::json& value) { out_ << value.dump(2) << '\n'; }

std::string Context::home() const {
  if (!homeOption.empty()) return homeOption;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg == '/') {
    return (std::filesystem::path(xdg) / "coach").string();
  }
  const char* h = std::getenv("HOME");
  return (std::filesystem::path(h != nullptr ? h : ".") / ".local" / "share" / "coach").string();
}

std::string Context::profilePath() const { return (std::filesystem::path(home()) / "profile.db").string(); }

Result<const WallClock*> Context::clock() {
  if (!clock_) {
    if (const char* now = std::getenv("COACH_TEST_NOW"); now != nullptr && *now != '\0') {
      COACH_ASSIGN_OR_RETURN(std::int64_t millis, parseTestNow(now, msg));
      clock_ = std::make_unique<ManualClock>(millis);
    } else {
      clock_ = std::make_unique<SystemClock>();
    }
  }
  return static_cast<const WallClock*>(clock_.get());
}

Result<Today> Context::today() {
  COACH_ASSIGN_OR_RETURN(const WallClock* c, clock());
  const std::string now = amsterdamLocal(c->nowMillis());
  return Today{now.substr(0, 10), now};
}

Result<Store*> Context::createStore(const std::string& actor, bool keyring) {
  COACH_ASSIGN_OR_RETURN(const WallClock* c, clock());
  std::error_code ec;
  std::filesystem::create_directories(home(), ec);
  if (ec) return fail(kExitProfile, ErrorCode::StorageError, msg("profile.mkdir_failed", home(), ec.message()));
  ::chmod(home().c_str(), 0700);  // the folder of health data is the user's alone
  if (std::filesystem::exists(profilePath())) {
    return fail(kExitProfile, ErrorCode::AlreadyExists, msg("profile.exists", home()));
  }
  const std::string label = keyring ? "IPS Coach Companion: profile in " + home() : std::string();
  COACH_ASSIGN_OR_RETURN(auto keys, makeKeyProvider(KeyPurpose::Create, msg, label));
  StoreOptions options{.path = profilePath(), .actor = actor, .clock = c};
  COACH_ASSIGN_OR_RETURN(store_, core(Store::createProfile(options, *keys)));
  return store_.get();
}

Result<Store*> Context::store() {
  if (store_) return store_.get();
  COACH_ASSIGN_OR_RETURN(const WallClock* c, clock());
  if (!std::filesystem::exists(profilePath())) {
    return fail(kExitProfile, ErrorCode::NotFound, msg("profile.missing", home()));
  }
  auto keys = makeKeyProvider(KeyPurpose::Unlock, msg);
  if (!keys.ok()) return fail(kExitProfile, keys.error().code, keys.error().message);
  StoreOptions options{.path = profilePath(), .actor = "", .clock = c};
  COACH_ASSIGN_OR_RETURN(store_, core(Store::openProfile(options, *keys.value())));
  return store_.get();
}

bool Context::interactive() const { return ::isatty(STDIN_FILENO) != 0 && ::isatty(STDERR_FILENO) != 0; }

std::optional<std::string> Context::ask(const std::string& question) {
  err_ << question << std::flush;
  std::string line;
  if (!std::getline(std::cin, line)) return std::nullopt;
  return line;
}

Error Context::localise(const Error& error) {
  if (exitOverride_ < 0) exitOverride_ = exitCodeFor(error.code);
  Error out = error;
  out.message = msg(leadKey(error.code), error.message);
  // The write path's refusal of a team lead's kind on a coach's device ("fidelity_score: only a team lead's
  // device may ..."): the whole message from the catalogue, whichever command wrote.
  if (error.code == ErrorCode::Forbidden) {
    const schema::KindInfo* kind = schema::kind(error.message.substr(0, error.message.find(':')));
    if (kind != nullptr && !kind->leadOnly.empty()) out.message = msg("lead_only." + kind->name);
  }
  return out;
}

Status Context::core(Status result) {
  if (result.ok()) return result;
  return localise(result.error());
}

Error Context::fail(int exitCode, ErrorCode code, std::string message) {
  exitOverride_ = exitCode;
  return Error{code, std::move(message)};
}

int Context::report(const Error& error) {
  const int exitCode = exitOverride_ >= 0 ? exitOverride_ : exitCodeFor(error.code);
  if (json) {
    printJson({{"error", {{"code", std::string(errorInfo(error.code).wireId)}, {"message", error.message},
                          {"exit", exitCode}}}});
  } else {
    err_ << "coach: " << error.message << '\n';
  }
  return exitCode;
}

}  // namespace coach::cli
