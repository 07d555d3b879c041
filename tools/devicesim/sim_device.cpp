// sim_device.cpp: see sim_device.hpp.
#include "sim_device.hpp"

#include <filesystem>

#include <nlohmann/json.hpp>

#include "coach/lifecycle.hpp"
#include "crypto/crypto.hpp"

namespace coach::devicesim {
namespace {

using nlohmann::json;

constexpr const char* kKinds[] = {"participant", "employer", "employer_contact", "support_contact", "job", "trajectory"};

// Weekdays of March 2026 from the 2nd on: the business date a coach enters (never derived from a clock).
std::string businessDate(int day) {
  const int weekday = day % 20;  // four weeks of five days
  const int date = 2 + (weekday / 5) * 7 + weekday % 5;
  return "2026-03-" + std::string(date < 10 ? "0" : "") + std::to_string(date);
}

template <class T>
const T& pick(const std::vector<T>& v, std::mt19937& rng) {
  return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng)];
}

Status addParticipant(SimDevice& d) {
  const std::string n = std::to_string(d.participants.size() + 1);
  COACH_ASSIGN_OR_RETURN(std::string p, d.store->add("participant", {{"name", d.name + " participant " + n}, {"coach", d.name}}));
  d.participants.push_back(std::move(p));
  return {};
}

Status addEmployer(SimDevice& d) {
  const std::string n = std::to_string(d.employers.size() + 1);
  COACH_ASSIGN_OR_RETURN(std::string e, d.store->add("employer", {{"name", "Employer " + n + " of " + d.name}}));
  d.employers.push_back(std::move(e));
  return {};
}

// Job development: a face-to-face contact with an employer about a participant.
Status employerContact(SimDevice& d) {
  if (d.employers.empty()) return addEmployer(d);
  const json fields{{"participant_id", pick(d.participants, d.rng)},
                    {"employer_id", pick(d.employers, d.rng)},
                    {"contact_at", businessDate(d.day) + "T10:00"},
                    {"coach", d.name},
                    {"mode", "face_to_face"},
                    {"purpose", "present_candidate"},
                    {"note", "Met the manager; a trial day is possible next week."}};
  COACH_TRY(d.store->add("employer_contact", fields));
  return {};
}

// Follow-along support with a free-text note.
Status supportContact(SimDevice& d) {
  const json fields{{"participant_id", pick(d.participants, d.rng)},
                    {"contact_on", businessDate(d.day)},
                    {"mode", "face_to_face"},
                    {"type", "on_site_coaching"},
                    {"note", "Day " + std::to_string(d.day) + ": went through the week's schedule with the supervisor."}};
  COACH_TRY(d.store->add("support_contact", fields));
  return {};
}

// A new job, or a change of hours and wage of an existing one.
Status jobChange(SimDevice& d) {
  if (d.employers.empty()) return addEmployer(d);
  if (d.jobs.empty() || d.rng() % 3 == 0) {
    const json fields{{"participant_id", d.participants.back()},
                      {"employer_id", pick(d.employers, d.rng)},
                      {"title", "Warehouse assistant"},
                      {"start_date", businessDate(d.day)},
                      {"hours_per_week", 12}};
    COACH_ASSIGN_OR_RETURN(std::string job, d.store->add("job", fields));
    d.jobs.push_back(std::move(job));
    return {};
  }
  const int hours = 12 + static_cast<int>(d.rng() % 20);
  return d.store->update(pick(d.jobs, d.rng), {{"hours_per_week", hours}, {"terms_changed_on", businessDate(d.day)}});
}

}  // namespace

Result<SimDevice> makeDevice(const std::string& name, int teamIndex, const std::string& dir, const HttpOptions& server,
                             const std::string& code, SimDevice* lead, std::uint32_t seed) {
  SimDevice d;
  d.name = name;
  d.team = teamIndex;
  d.rng.seed(seed);
  d.keys = std::make_unique<PassphraseKeyProvider>("devicesim passphrase", PassphraseKeyProvider::Cost{1u << 10, 8, 1});
  StoreOptions o;
  o.path = (std::filesystem::path(dir) / (name + ".db")).string();
  o.actor = name;
  o.durability = StoreOptions::Durability::Normal;
  COACH_ASSIGN_OR_RETURN(d.store, Store::createProfile(o, *d.keys));
  COACH_ASSIGN_OR_RETURN(lifecycle::DeviceKeys keys, lifecycle::deviceKeys(*d.store));
  COACH_ASSIGN_OR_RETURN(sync::EnrolResponse enrolled,
                         enrolDevice(server, sync::EnrolRequest{code, d.store->deviceId(), keys.signingKey, keys.agreementKey}));
  HttpOptions mine = server;
  mine.token = enrolled.token;
  COACH_ASSIGN_OR_RETURN(d.transport, HttpTransport::create(mine));
  if (lead == nullptr) {
    COACH_TRY(lifecycle::foundTeam(*d.store, *d.transport, enrolled.team));  // the recovery key is not kept
    return d;
  }
  if (enrolled.role == "lead") {
    return makeError(ErrorCode::InvalidArgument, "only a team's first enrolment code may be a team lead's; give coach codes for the others");
  }
  COACH_ASSIGN_OR_RETURN(std::string fingerprint, lifecycle::ownFingerprint(*d.store));
  COACH_TRY(lifecycle::approveDevice(*lead->store, *lead->transport, d.store->deviceId(), fingerprint));
  COACH_ASSIGN_OR_RETURN(bool joined, lifecycle::joinWhenApproved(*d.store, *d.transport, enrolled.team));
  if (!joined) return makeError(ErrorCode::Internal, "the device was approved but found no key grant for it");
  return d;
}

Status recordStep(SimDevice& d) {
  if (d.participants.empty()) return addParticipant(d);
  const auto roll = static_cast<unsigned>(d.rng() % 100);
  if (roll % 7 == 0) ++d.day;
  if (roll < 35) return supportContact(d);
  if (roll < 65) return employerContact(d);
  if (roll < 75) return addEmployer(d);
  if (roll < 90) return jobChange(d);
  return addParticipant(d);
}

std::string digest(Store& store) {
  json state = json::object();
  for (const char* kind : kKinds) {
    auto records = store.list(kind, {}, true);
    if (!records.ok()) return "error: " + records.error().message;
    for (auto& r : records.value()) state[r["id"].get<std::string>()] = r;
  }
  const std::string text = state.dump();
  return crypto::toHex(crypto::sha256(crypto::ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size())));
}

}  // namespace coach::devicesim
