// cli_team.hpp: a team made of real `coach` devices (cli_run.hpp) on the real coach-syncd (syncd_process.hpp), the
// way people make one: the lead's `coach team create` with the first-start code, the coaches' `coach enrol`
// with codes from `coach-syncd admin enrol-code`, the lead's `coach device approve` with the fingerprint the
// coach's device printed, and the coach's `coach enrol --finish`. For the device lifecycle tests.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "cli_run.hpp"
#include "http_team.hpp"
#include "syncd_process.hpp"

namespace coach::test {

struct CliMember {
  std::unique_ptr<CliDevice> device;
  std::string id;
  std::string fingerprint;  // what its screen showed when it enrolled
};

class CliTeam {
 public:
  explicit CliTeam(SyncdProcess& server, std::map<std::string, std::string> env = {})
      : server_(server), env_(std::move(env)) {}

  // The lead's device: init and team create with the first-start code; keeps the recovery key it printed.
  CliDevice& found(const std::string& actor) {
    auto first = server_.event("first_start");
    REQUIRE(first.is_object());
    team_ = first["team"].get<std::string>();
    lead_.device = std::make_unique<CliDevice>(env_);
    lead_.device->must({"init", "--actor", actor});
    auto created = lead_.device->must({"team", "create", "--server", server_.url(), "--code", first["enrol_code"]});
    recoveryKey_ = created["recovery_key"].get<std::string>();
    lead_.id = created["device"].get<std::string>();
    return *lead_.device;
  }

  // A coach's device enrolled without waiting: pending until the lead approves it.
  CliMember enrolPending(const std::string& actor) {
    CliMember m;
    m.device = std::make_unique<CliDevice>(env_);
    m.device->must({"init", "--actor", actor});
    auto answer = m.device->must({"enrol", "--server", server_.url(), "--code", code("coach"), "--no-wait"});
    CHECK(answer["state"] == "pending");
    CHECK(answer["role"] == "coach");
    CHECK(answer["team"] == team_);
    m.id = answer["device"].get<std::string>();
    m.fingerprint = answer["fingerprint"].get<std::string>();
    return m;
  }

  // A coach's device enrolled, approved by the lead with its fingerprint, and joined.
  CliMember enrol(const std::string& actor) {
    CliMember m = enrolPending(actor);
    lead().must({"device", "approve", m.id, "--fingerprint", m.fingerprint});
    auto joined = m.device->must({"enrol", "--finish"});
    CHECK(joined["state"] == "approved");
    return m;
  }

  // A one-time enrolment code from the admin command ("coach" or "lead").
  std::string code(const std::string& role) {
    return admin(server_, "enrol-code --team " + team_ + (role == "lead" ? " --lead" : ""))["code"].get<std::string>();
  }

  CliDevice& lead() { return *lead_.device; }
  const std::string& leadId() const { return lead_.id; }
  const std::string& team() const { return team_; }
  const std::string& recoveryKey() const { return recoveryKey_; }

 private:
  SyncdProcess& server_;
  std::map<std::string, std::string> env_;
  CliMember lead_;
  std::string team_;
  std::string recoveryKey_;
};

// The entry of `id` in `coach devices --json`, or null.
inline nlohmann::json deviceIn(const nlohmann::json& devices, const std::string& id) {
  for (const auto& d : devices) {
    if (d["id"] == id) return d;
  }
  return nullptr;
}

}  // namespace coach::test
