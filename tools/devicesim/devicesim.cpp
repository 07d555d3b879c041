// coach-devicesim: simulated coaches' devices syncing with a real coach-syncd over HTTP(S) (docs/tools.md).
//
// Each device is a real encrypted profile in a temporary directory. The first device enrols with the first code
// and creates the team's keys; the others enrol with their own codes and receive the team key in-process (key
// grants between devices come with issue 5). Every round, each device records a coach's day (a participant, an
// employer contact, support contacts with notes) and syncs; all devices run concurrently. At the end every device
// syncs until quiet and, with --check, all state digests must be equal. Prints a JSON summary (throughput,
// sync latency percentiles, errors, convergence); exit status 0 only with no errors (and convergence when checked).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <thread>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "coach/http_transport.hpp"
#include "coach/key_provider.hpp"
#include "coach/store.hpp"
#include "coach/sync.hpp"
#include "crypto/crypto.hpp"

namespace {

using namespace coach;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr const char* kKinds[] = {"participant", "employer", "employer_contact", "support_contact", "job", "trajectory"};

struct SimDevice {
  std::string name;
  std::unique_ptr<PassphraseKeyProvider> keys;
  std::unique_ptr<Store> store;
  std::unique_ptr<HttpTransport> transport;
  std::vector<std::string> participants;
};

struct Stats {
  std::mutex mu;
  std::vector<double> latenciesMs;
  std::uint64_t errors = 0;
  std::uint64_t changesPushed = 0;
  std::uint64_t changesPulled = 0;
  std::vector<std::string> errorSamples;
  void sync(double ms, const Result<sync::SyncReport>& r, const std::string& device) {
    std::lock_guard lock(mu);
    if (r.ok()) {
      latenciesMs.push_back(ms);
      changesPushed += r->totals.changesPushed;
      changesPulled += r->totals.changesPulled;
    } else {
      ++errors;
      if (errorSamples.size() < 5) errorSamples.push_back(device + ": " + r.error().message);
    }
  }
};

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

// A coach's day on one device: new participant on the first round, then contacts and notes.
Status workday(SimDevice& d, int round) {
  const std::string today = "2026-03-0" + std::to_string(2 + round % 7);
  if (d.participants.empty() || round % 3 == 0) {
    COACH_ASSIGN_OR_RETURN(std::string p, d.store->add("participant", {{"name", d.name + " participant " + std::to_string(round)},
                                                                       {"coach", d.name}}));
    d.participants.push_back(p);
  }
  const std::string& p = d.participants.back();
  COACH_ASSIGN_OR_RETURN(std::string e, d.store->add("employer", {{"name", "Employer " + d.name + std::to_string(round)}}));
  COACH_ASSIGN_OR_RETURN(std::string contact, d.store->add("employer_contact", {{"participant_id", p}, {"employer_id", e},
                                                                             {"contact_at", today + "T10:00"}, {"coach", d.name},
                                                                             {"mode", "face_to_face"}, {"purpose", "present_candidate"}}));
  (void)contact;
  for (int i = 0; i < 3; ++i) {
    COACH_ASSIGN_OR_RETURN(std::string note, d.store->add("support_contact", {{"participant_id", p}, {"contact_on", today},
                                                                         {"mode", "face_to_face"}, {"type", "on_site_coaching"},
                                                                         {"note", "Round " + std::to_string(round) +
                                                                                      ": talked with the manager"}}));
    (void)note;
  }
  return {};
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

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"coach-devicesim: simulated coaches' devices syncing with a coach-syncd"};
  std::string server, caFile, dataDir;
  std::vector<std::string> codes;
  int devices = 2, rounds = 3;
  bool check = false;
  app.add_option("--server", server, "the server's URL, e.g. http://127.0.0.1:8750")->required();
  app.add_option("--code", codes, "enrolment codes, one per device (the first: a team lead's)")->required();
  app.add_option("--devices", devices, "number of devices (default 2)")->check(CLI::Range(1, 5000));
  app.add_option("--rounds", rounds, "workdays recorded and synced per device (default 3)")->check(CLI::Range(0, 100000));
  app.add_option("--ca-file", caFile, "PEM CA file to verify the server's certificate");
  app.add_option("--profiles", dataDir, "directory for the devices' profiles (default: a new temporary directory)");
  app.add_flag("--check", check, "fail unless every device ends with the same state");
  app.footer("Example: coach-devicesim --server http://127.0.0.1:8750 --code K7QM-... --code 3XRD-... --devices 2 --check");
  CLI11_PARSE(app, argc, argv);
  if (static_cast<int>(codes.size()) < devices) {
    std::fprintf(stderr, "coach-devicesim: %d devices need %d enrolment codes, got %zu\n", devices, devices, codes.size());
    return 2;
  }
  std::error_code ec;
  if (dataDir.empty()) dataDir = (std::filesystem::temp_directory_path() / ("coach-devicesim-" + std::to_string(::getpid()))).string();
  std::filesystem::create_directories(dataDir, ec);

  HttpOptions base;
  base.baseUrl = server;
  base.caFile = caFile;
  std::vector<SimDevice> fleet(static_cast<std::size_t>(devices));
  std::optional<TeamCredentials> team;
  for (int i = 0; i < devices; ++i) {
    SimDevice& d = fleet[static_cast<std::size_t>(i)];
    d.name = "device" + std::to_string(i);
    d.keys = std::make_unique<PassphraseKeyProvider>("devicesim passphrase", PassphraseKeyProvider::Cost{1u << 10, 8, 1});
    StoreOptions o;
    o.path = (std::filesystem::path(dataDir) / (d.name + ".db")).string();
    o.actor = d.name;
    o.durability = StoreOptions::Durability::Normal;
    auto created = Store::createProfile(o, *d.keys);
    if (!created.ok()) return std::fprintf(stderr, "coach-devicesim: %s: %s\n", o.path.c_str(), created.error().message.c_str()), 1;
    d.store = std::move(created).value();
    auto enrolled = enrolDevice(base, sync::EnrolRequest{codes[static_cast<std::size_t>(i)], d.store->deviceId(),
                                                         d.store->signingPublicKey().value(), {}});
    if (!enrolled.ok()) return std::fprintf(stderr, "coach-devicesim: enrolling %s: %s\n", d.name.c_str(), enrolled.error().message.c_str()), 1;
    Status joined = team ? d.store->joinTeam(TeamCredentials{team->teamId, team->epoch, team->teamKey.clone()})
                         : Status{};
    if (!team) {
      auto made = d.store->createTeam(enrolled->team);
      if (!made.ok()) return std::fprintf(stderr, "coach-devicesim: %s\n", made.error().message.c_str()), 1;
      team.emplace(std::move(made).value());
    }
    if (!joined.ok()) return std::fprintf(stderr, "coach-devicesim: %s\n", joined.error().message.c_str()), 1;
    HttpOptions mine = base;
    mine.token = enrolled->token;
    auto t = HttpTransport::create(mine);
    if (!t.ok()) return std::fprintf(stderr, "coach-devicesim: %s\n", t.error().message.c_str()), 1;
    d.transport = std::move(t).value();
  }

  Stats stats;
  const auto started = Clock::now();
  auto syncOnce = [&](SimDevice& d) {
    const auto t0 = Clock::now();
    sync::SyncClient client(*d.store, *d.transport);
    auto r = client.sync();
    stats.sync(std::chrono::duration<double, std::milli>(Clock::now() - t0).count(), r, d.name);
  };
  std::vector<std::thread> threads;
  for (SimDevice& d : fleet) {
    threads.emplace_back([&, dev = &d] {
      for (int round = 0; round < rounds; ++round) {
        if (Status s = workday(*dev, round); !s.ok()) {
          std::lock_guard lock(stats.mu);
          ++stats.errors;
          stats.errorSamples.push_back(dev->name + ": " + s.error().message);
          return;
        }
        syncOnce(*dev);
      }
    });
  }
  for (auto& t : threads) t.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  // Until quiet: two passes, so what the last device pushed reaches the first.
  for (int pass = 0; pass < 2; ++pass) {
    for (SimDevice& d : fleet) syncOnce(d);
  }
  bool converged = true;
  const std::string reference = digest(*fleet.front().store);
  for (SimDevice& d : fleet) converged = converged && digest(*d.store) == reference;
  json summary{{"devices", devices},
               {"rounds", rounds},
               {"seconds", seconds},
               {"syncs", stats.latenciesMs.size()},
               {"errors", stats.errors},
               {"error_samples", stats.errorSamples},
               {"changes_pushed", stats.changesPushed},
               {"changes_pulled", stats.changesPulled},
               {"sync_ms_p50", percentile(stats.latenciesMs, 0.50)},
               {"sync_ms_p99", percentile(stats.latenciesMs, 0.99)},
               {"converged", converged},
               {"digest", reference}};
  std::printf("%s\n", summary.dump(2).c_str());
  std::filesystem::remove_all(dataDir, ec);
  return stats.errors == 0 && (!check || converged) ? 0 : 1;
}
