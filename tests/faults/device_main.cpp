// coach-faults-device: one coach's device as a process of its own, for the crash test (test_faults_crash.cpp)
// to kill with SIGKILL at random moments. It opens an existing, enrolled profile (the test made it; the server
// address and the device token are in the profile's settings, the token sealed), then writes support contacts
// and syncs in a loop until it is killed or has done --rounds rounds.
//
// Each note is "<actor> note <n>" with n counting on from the highest n already in the profile, so a note
// written twice would show as two records with one n. After every committed write it prints
// "wrote <n> <record id>" and after every sync "synced ok" or "sync failed <error id>" (never a message
// text, token or field value), flushing each line so the test sees exactly what was committed before a kill.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "coach/http_transport.hpp"
#include "coach/key_provider.hpp"
#include "coach/store.hpp"
#include "coach/sync.hpp"

using namespace coach;

namespace {

int fail(const std::string& what) {
  std::fprintf(stderr, "coach-faults-device: %s\n", what.c_str());
  return 2;
}

// The highest n of this device's notes on the participant, or -1.
Result<long> highestNote(Store& store, const std::string& participant) {
  COACH_ASSIGN_OR_RETURN(std::vector<nlohmann::json> notes, store.list("support_contact", {{"participant_id", participant}}, true));
  const std::string prefix = store.actor() + " note ";
  long highest = -1;
  for (const auto& r : notes) {
    const std::string note = r["fields"].value("note", "");
    if (note.rfind(prefix, 0) == 0) highest = std::max(highest, std::strtol(note.c_str() + prefix.size(), nullptr, 10));
  }
  return highest;
}

Result<std::unique_ptr<HttpTransport>> transportOf(Store& store) {
  COACH_ASSIGN_OR_RETURN(std::optional<std::string> server, store.setting("faults.server"));
  COACH_ASSIGN_OR_RETURN(std::optional<std::string> token, store.setting("faults.token"));
  if (!server || !token) return makeError(ErrorCode::NotFound, "the profile has no faults.server or faults.token setting");
  HttpOptions o;
  o.baseUrl = *server;
  o.token = *token;
  o.connectTimeout = std::chrono::milliseconds(2000);
  o.readTimeout = std::chrono::milliseconds(3000);
  return HttpTransport::create(o);
}

// Writes three notes and syncs, `rounds` times (forever when negative). 0, or 2 when a write fails.
int runRounds(Store& store, HttpTransport& transport, const std::string& participant, long n, long rounds) {
  for (long round = 0; rounds < 0 || round < rounds; ++round) {
    for (int k = 0; k < 3; ++k, ++n) {
      auto id = store.add("support_contact", {{"participant_id", participant}, {"contact_on", "2026-03-02"},
                                              {"mode", "phone"}, {"type", "problem_solving"},
                                              {"note", store.actor() + " note " + std::to_string(n)}});
      if (!id.ok()) return fail("writing a note: " + id.error().message);
      std::printf("wrote %ld %s\n", n, id->c_str());
      std::fflush(stdout);
    }
    sync::SyncOptions so;
    so.maxAttempts = 2;
    so.backoffBaseMillis = 10;
    so.changesPerEnvelope = 2;  // many small envelopes: more moments to be killed in
    so.envelopesPerPush = 2;
    auto r = sync::SyncClient(store, transport, so).sync();
    if (r.ok()) {
      std::printf("synced ok\n");
    } else {
      std::printf("sync failed %s\n", std::string(errorInfo(r.error().code).wireId).c_str());
    }
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) return fail("usage: coach-faults-device PROFILE ACTOR PARTICIPANT_ID [ROUNDS]");
  const long rounds = argc > 4 ? std::strtol(argv[4], nullptr, 10) : -1;
  PassphraseKeyProvider keys("correct horse battery", PassphraseKeyProvider::Cost{1u << 10, 8, 1});
  SystemClock clock;
  StoreOptions options;
  options.path = argv[1];
  options.actor = argv[2];
  options.clock = &clock;
  options.durability = StoreOptions::Durability::Normal;  // survives a killed process, which is what is tested
  auto store = Store::openProfile(options, keys);
  if (!store.ok()) return fail("opening the profile: " + store.error().message);
  const std::string participant = argv[3];
  auto transport = transportOf(**store);
  if (!transport.ok()) return fail(transport.error().message);
  auto highest = highestNote(**store, participant);
  if (!highest.ok()) return fail(highest.error().message);
  return runRounds(**store, **transport, participant, *highest + 1, rounds);
}
