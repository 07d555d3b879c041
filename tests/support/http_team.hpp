// http_team.hpp: devices that sync with a real coach-syncd process over HTTP(S), enrolled the way a real device
// is: with a one-time code from the server's first start or from `coach-syncd admin enrol-code`.
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "coach/http_transport.hpp"
#include "coach/lifecycle.hpp"
#include "coach/store.hpp"
#include "coach/sync.hpp"
#include "syncd_process.hpp"
#include "temp_profile.hpp"

namespace coach::test {

// Runs a command and returns its stdout (and whether it exited 0).
inline std::pair<int, std::string> runCommand(const std::string& command) {
  std::string out;
  std::FILE* p = ::popen((command + " 2>&1").c_str(), "r");
  if (p == nullptr) return {-1, out};
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  const int status = ::pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

// `coach-syncd admin --data DIR --json ARGS...` parsed; fails the test when it does not succeed.
inline nlohmann::json admin(const SyncdProcess& server, const std::string& args) {
  auto [rc, out] = runCommand(server.adminEnv() + COACH_SYNCD_BINARY + " admin --data " + server.dataDir().string() + " --json " + args);
  INFO(out);
  REQUIRE(rc == 0);
  return nlohmann::json::parse(out);
}

struct HttpDevice {
  std::string name;
  TempDir dir;
  ManualClock clock{kDefaultNow};
  PassphraseKeyProvider keys{"correct horse battery", kTestCost};
  std::unique_ptr<Store> store;
  std::unique_ptr<HttpTransport> transport;
  sync::EnrolResponse enrolment;

  StoreOptions options() const {
    StoreOptions o;
    o.path = (dir.path() / "profile.db").string();
    o.actor = name;
    o.clock = &clock;
    o.durability = StoreOptions::Durability::Normal;
    return o;
  }
  sync::EnrolRequest enrolRequest(const std::string& code) const {
    auto ownKeys = lifecycle::deviceKeys(*store);
    REQUIRE(ownKeys.ok());
    return sync::EnrolRequest{code, store->deviceId(), ownKeys->signingKey, ownKeys->agreementKey};
  }
  Result<sync::SyncReport> sync(sync::SyncOptions options = {}) {
    options.backoffBaseMillis = 10;
    return sync::SyncClient(*store, *transport, std::move(options)).sync();
  }
  std::string id() const { return store->deviceId(); }
};

// Syncs the device and fails the test, naming the device and the error, when that does not work.
inline void requireSynced(HttpDevice& d) {
  auto r = d.sync();
  INFO(d.name << ": " << (r.ok() ? "" : r.error().message));
  REQUIRE(r.ok());
}

// A team on one server: the first device (the lead) enrols with the first-start code and creates the team
// keys; the others get codes from the admin command and the team key from the lead (out of band until key
// grants exist).
class HttpTeam {
 public:
  explicit HttpTeam(SyncdProcess& server, std::string caFile = {}) : server_(server), caFile_(std::move(caFile)) {}

  HttpDevice& add(const std::string& name) {
    auto d = std::make_unique<HttpDevice>();
    d->name = name;
    auto created = Store::createProfile(d->options(), d->keys);
    REQUIRE(created.ok());
    d->store = std::move(created).value();
    std::string code;
    if (devices_.empty()) {
      auto first = server_.event("first_start");
      REQUIRE(first.is_object());
      code = first["enrol_code"].get<std::string>();
      teamId_ = first["team"].get<std::string>();
    } else {
      code = admin(server_, "enrol-code --team " + teamId_)["code"].get<std::string>();
    }
    auto enrolled = enrolDevice(options(""), d->enrolRequest(code));
    INFO((enrolled.ok() ? "" : enrolled.error().message));
    REQUIRE(enrolled.ok());
    d->enrolment = enrolled.value();
    REQUIRE(d->enrolment.team == teamId_);
    connect(*d);
    if (devices_.empty()) {
      auto recovery = lifecycle::foundTeam(*d->store, *d->transport, teamId_);
      INFO((recovery.ok() ? "" : recovery.error().message));
      REQUIRE(recovery.ok());
      recoveryKey = recovery.value();
    } else {
      // The lead approves it after comparing fingerprints, as a team lead would (docs/keys.md).
      HttpDevice& lead = *devices_.front();
      // Over a faulty link (tests/faults) the answer may be lost after the server approved, or the request
      // duplicated: the lead tries again and is told the device is approved already, which is what it wanted
      // (joinWhenApproved below fails if it was not).
      const std::string fingerprint = lifecycle::ownFingerprint(*d->store).value();
      Status approved = lifecycle::approveDevice(*lead.store, *lead.transport, d->id(), fingerprint);
      for (int attempt = 0; attempt < 20 && !approved.ok() && approved.error().code == ErrorCode::Unavailable; ++attempt) {
        approved = lifecycle::approveDevice(*lead.store, *lead.transport, d->id(), fingerprint);
      }
      if (!approved.ok() && approved.error().code == ErrorCode::AlreadyExists) approved = Status{};
      INFO((approved.ok() ? "" : approved.error().message));
      REQUIRE(approved.ok());
      auto joined = lifecycle::joinWhenApproved(*d->store, *d->transport, teamId_);
      REQUIRE(joined.ok());
      REQUIRE(joined.value());
    }
    devices_.push_back(std::move(d));
    return *devices_.back();
  }
  // (Re)creates the device's transport, e.g. after the server restarted on the same port.
  void connect(HttpDevice& d) {
    auto t = HttpTransport::create(options(d.enrolment.token));
    REQUIRE(t.ok());
    d.transport = std::move(t).value();
  }
  HttpOptions options(const std::string& token) const {
    HttpOptions o;
    o.baseUrl = server_.url();
    o.token = token;
    o.caFile = caFile_;
    o.connectTimeout = std::chrono::milliseconds(2000);
    o.readTimeout = readTimeout;
    return o;
  }
  const std::string& teamId() const { return teamId_; }
  std::chrono::milliseconds readTimeout{10000};
  std::string recoveryKey;  // printed once when the lead founded the team
  std::vector<std::unique_ptr<HttpDevice>>& devices() { return devices_; }

 private:
  SyncdProcess& server_;
  std::string caFile_;
  std::string teamId_;
  std::vector<std::unique_ptr<HttpDevice>> devices_;
};

}  // namespace coach::test
