// coach-bench join: a device's sync against the real coach-syncd on loopback (docs/BENCHMARKS.md, "Device sync"),
// with real devices (encrypted SQLite profiles, HttpTransport, enrolled and approved as real ones are), timing
// SyncClient::sync only, each beside its baseline in the same run (../shared/BENCHMARKS.md):
//   join:        the team lead's device writes five years of a ten-coach team (bench_history.hpp, ~150,000
//                records), syncing along the way, so snapshots are made as the sync client makes them; then the
//                last week's work, after the newest snapshot. A new device enrols, is approved, joins and does
//                its first sync: from the snapshots and the tail, and (baseline) from the whole log; and the raw
//                SQLite insert of as many 500-byte rows in one transaction. Every joined device must hold what
//                the lead holds (join_team.hpp, Holding), so no figure comes from a sync that did less.
//   nothing new: a caught-up device syncs again; baseline: a small POST round trip to a cpp-httplib echo server.
//   incremental: a coach's device records 100 support contacts with 500-byte notes (untimed), syncs (push); the
//                lead's device syncs and receives them (pull); baseline: a POST (GET) of the same bytes.
// Both devices of the last two hold the whole history, as a team's devices do.
// Thread-safety: one thread, beside the echo server's threads and coach-syncd's log reader.
#include <cstdio>
#include <set>

#include "bench_history.hpp"
#include "bench_summary.hpp"
#include "bench_util.hpp"
#include "echo_server.hpp"
#include "join_team.hpp"

namespace coach::bench {
namespace {

constexpr int kEchoWorkers = 16;  // coach-syncd's default on this machine
constexpr int kNothingNew = 50;   // syncs with nothing new per repetition
constexpr int kIncremental = 10;  // incremental rounds per repetition

std::string ms(const Stat& s) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "%.2f [%.2f..%.2f]", s.median, s.min, s.max);
  return buf;
}

double median(std::vector<double> v) {
  return statOf(std::move(v)).median;
}

// Warnings of the setup's syncs, each once (a failed snapshot names its shard: the first few are shown).
struct Warnings {
  std::set<std::string> seen;
  void add(const sync::SyncReport& r) { seen.insert(r.warnings.begin(), r.warnings.end()); }
  void print() const {
    int shown = 0;
    for (const std::string& w : seen) {
      if (shown++ < 3) std::printf("  warning: %s\n", w.c_str());
    }
    if (seen.size() > 3) std::printf("  (and %zu more warnings)\n", seen.size() - 3);
  }
};

struct Setup {
  std::size_t records = 0, tail = 0;
  double seconds = 0;
  std::uint64_t head = 0, covers = 0;  // the team's newest server sequence; what its team snapshot covers
  std::size_t snapshotsUploaded = 0, snapshotsOnServer = 0;
  std::uint64_t snapshotBytes = 0;  // of the snapshots on the server (padded to their buckets)
  double logBytes = 0;              // of the envelopes in the log
  std::vector<std::string> participants;
  Holding lead;
};

// The last week's work of every coach, after the history: 20 support contacts with notes and 12 employer contacts.
std::vector<Mutation> lastWeek(const History& history, int coaches) {
  const std::vector<std::string> people = history.participants();
  const std::vector<std::string>& employers = history.employers();
  std::vector<Mutation> week;
  for (int c = 0; c < coaches; ++c) {
    for (std::size_t i = 0; i < 20; ++i) {
      week.push_back({Mutation::Op::Create,
                      "support_contact",
                      {},
                      {{"participant_id", people[(static_cast<std::size_t>(c) * 37 + i * 11) % people.size()]},
                       {"contact_on", "2026-03-30"},
                       {"mode", "face_to_face"},
                       {"type", "on_site_coaching"},
                       {"note", kNote}}});
    }
    for (std::size_t i = 0; i < 12; ++i) {
      week.push_back({Mutation::Op::Create,
                      "employer_contact",
                      {},
                      {{"contact_at", "2026-03-31T10:00"},
                       {"coach", "coach" + std::to_string(c)},
                       {"employer_id", employers[(static_cast<std::size_t>(c) * 13 + i * 7) % employers.size()]},
                       {"mode", "face_to_face"},
                       {"purpose", "present_candidate"},
                       {"duration_minutes", 60}}});
    }
  }
  return week;
}

// The lead writes the history through its write path and syncs every `syncEvery` records; snapshots are made by
// its sync client (snapshotInterval); then the last week, synced after the newest snapshot.
Setup writeHistory(JoinTeam& team, const Syncd& syncd, const Options& opt, Warnings& warnings) {
  devicesim::SimDevice& lead = team.lead();
  HistoryShape shape;
  if (opt.quick) shape = HistoryShape{1, "2025-04-01", 500};
  sync::SyncOptions o;
  o.snapshotInterval = opt.quick ? 100 : 500;  // log items; a real team's log has many more (see the docs)
  const std::size_t syncEvery = opt.quick ? 1000 : 10'000;
  Setup s;
  const auto start = Clock::now();
  History history(*lead.store, shape);
  std::size_t synced = 0;
  auto syncLead = [&] {
    const sync::SyncReport r = syncDevice(lead, o);
    warnings.add(r);
    s.snapshotsUploaded += r.snapshotsUploaded;
  };
  history.afterBatch = [&](std::size_t written) {
    if (written - synced < syncEvery) return;
    syncLead();
    synced = written;
  };
  history.generate();
  syncLead();
  const std::vector<Mutation> week = lastWeek(history, shape.coaches);
  if (auto ids = lead.store->apply(week); !ids.ok()) throw Failure("writing the last week: " + ids.error().message);
  syncLead();
  s.records = history.records() + week.size();
  s.tail = week.size();
  s.seconds = secondsSince(start);
  s.participants = history.participants();
  auto list = lead.transport->snapshots();
  if (!list.ok()) throw Failure("listing the server's snapshots: " + list.error().message);
  s.head = list->head;
  s.snapshotsOnServer = list->snapshots.size();
  for (const auto& m : list->snapshots) {
    if (m.shard == "team") s.covers = m.covers;
    s.snapshotBytes += m.size;
  }
  s.lead = holding((team.dir() / "lead.db").string());
  s.logBytes = metrics(syncd.url()).envelopeBytes;
  return s;
}

struct JoinRun {
  double seconds = 0;
  double catchUp = 0;  // seconds until the sync client first reported pulled changes: the snapshots applied
  sync::SyncReport report;
};

// A new device joins and does its first sync (timed); it must then hold what the lead holds. Its profile goes.
JoinRun joinOnce(JoinTeam& team, const std::string& name, bool snapshots, const Holding& expected) {
  JoinRun run;
  {
    devicesim::SimDevice d = team.join(name);
    WithoutSnapshots logOnly(*d.transport);
    sync::SyncOptions o;
    const auto start = Clock::now();
    o.onProgress = [&](const sync::SyncProgress& p) {
      if (run.catchUp == 0 && p.changesPulled > 0) run.catchUp = secondsSince(start);
    };
    run.seconds = timedSync(d, run.report, o, snapshots ? nullptr : &logOnly);
    const std::string diff = difference(expected, holding((team.dir() / (name + ".db")).string()));
    if (!diff.empty()) throw Failure("the joined device " + name + " does not hold what the lead holds:\n" + diff);
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(team.dir() / (name + ".db" + suffix));
  return run;
}

void joinBenchmark(JoinTeam& team, const Setup& s, const Options& opt) {
  std::vector<double> raw, snap, log, catchUp;
  JoinRun lastSnap, lastLog;
  for (int i = 0; i < opt.reps; ++i) {  // alternating, so all three see the same noise
    raw.push_back(rawInsertAll(team.dir(), s.lead.records()));
    lastSnap = joinOnce(team, "join-snap-" + std::to_string(i), true, s.lead);
    snap.push_back(lastSnap.seconds);
    catchUp.push_back(lastSnap.catchUp);
    lastLog = joinOnce(team, "join-log-" + std::to_string(i), false, s.lead);
    log.push_back(lastLog.seconds);
  }
  const Stat r = statOf(raw), a = statOf(snap), b = statOf(log);
  std::printf("\n%-66s %-24s %s\n", "join: a new device's first sync", "seconds", "x raw insert");
  std::printf("%-66s %-24s\n",
              ("baseline: raw SQLite insert of " + std::to_string(s.lead.records()) + " 500-byte rows, one transaction")
                  .c_str(),
              ms(r).c_str());
  std::printf("%-66s %-24s %.1fx\n", "from the snapshots and the tail (SyncOptions defaults)", ms(a).c_str(),
              a.median / r.median);
  std::printf("%-66s %-24s\n", "  of it: until the snapshots were applied", ms(statOf(catchUp)).c_str());
  std::printf("%-66s %-24s %.1fx\n", "baseline: from the whole log (a server without snapshots)", ms(b).c_str(),
              b.median / r.median);
  std::printf(
      "  from snapshots: %llu snapshots applied (to server sequence %llu), then %llu changes in %llu envelopes "
      "pulled; from the log: %llu changes in %llu envelopes. Every joined device held all %lld records.\n",
      static_cast<unsigned long long>(lastSnap.report.snapshotsApplied),
      static_cast<unsigned long long>(lastSnap.report.snapshotCovers),
      static_cast<unsigned long long>(lastSnap.report.totals.changesPulled),
      static_cast<unsigned long long>(lastSnap.report.envelopesPulled),
      static_cast<unsigned long long>(lastLog.report.totals.changesPulled),
      static_cast<unsigned long long>(lastLog.report.envelopesPulled), static_cast<long long>(s.lead.records()));
  if (lastSnap.report.snapshotsApplied == 0)
    std::printf("  NOTE: the join used no snapshot (see the warnings above)\n");
  addSummary({"new device joining a " + std::string(opt.quick ? "small (--quick)" : "5-year, 10-coach") + " history (" +
                  std::to_string(s.lead.records()) + " records)",
              formatted("%.2f s", a.median),
              "raw SQLite insert of the rows: " + formatted("%.2f s", r.median) +
                  "; whole log, no snapshots: " + formatted("%.2f s", b.median),
              formatted("%.1fx", a.median / r.median), "under 5 s", a.median < 5.0});
}

// Milliseconds of each of `n` calls of `f`.
template <class F>
std::vector<double> each(int n, F&& f) {
  std::vector<double> out;
  for (int i = 0; i < n; ++i) {
    const auto start = Clock::now();
    f();
    out.push_back(secondsSince(start) * 1000);
  }
  return out;
}

void post(httplib::Client& c, const std::string& body) {
  auto r = c.Post("/echo", body, "application/json");
  if (!r || r->status != 200 || r->body.size() != body.size()) throw Failure("the echo server's POST failed");
}

void get(httplib::Client& c, std::size_t bytes) {
  auto r = c.Get(("/bytes/" + std::to_string(bytes)).c_str());
  if (!r || r->status != 200 || r->body.size() != bytes) throw Failure("the echo server's GET failed");
}

httplib::Client echoClient(const EchoServer& echo) {
  httplib::Client c(echo.url());
  c.set_keep_alive(true);
  c.set_tcp_nodelay(true);
  return c;
}

void nothingNew(devicesim::SimDevice& device, const EchoServer& echo, const Syncd& syncd, const Options& opt) {
  httplib::Client c = echoClient(echo);
  const std::string small(256, 'x');
  std::vector<double> ours, postFloor, getFloor, teamListing, wholeListing;
  std::size_t listed = 0;
  const auto before = metrics(syncd.url()).requests;
  for (int i = 0; i < opt.reps; ++i) {
    postFloor.push_back(median(each(kNothingNew, [&] { post(c, small); })));
    getFloor.push_back(median(each(kNothingNew, [&] { get(c, small.size()); })));
    ours.push_back(median(each(kNothingNew, [&] {
      sync::SyncReport r;
      timedSync(device, r);
      if (r.totals.changesPushed + r.totals.changesPulled != 0) throw Failure("a sync with nothing new moved changes");
    })));
    // One of the sync's four requests alone (the team's snapshot: GET /v1/snapshots?shard=team), and the whole list
    // a sync asked for before (every participant's snapshot too).
    teamListing.push_back(median(each(kNothingNew, [&] {
      if (!device.transport->snapshotsOf("team").ok()) throw Failure("listing the team's snapshot failed");
    })));
    wholeListing.push_back(median(each(kNothingNew, [&] {
      auto list = device.transport->snapshots();
      if (!list.ok()) throw Failure("listing the snapshots: " + list.error().message);
      listed = list->snapshots.size();
    })));
  }
  auto after = metrics(syncd.url()).requests;
  after["/v1/snapshots"] -= 2 * opt.reps * kNothingNew;  // the listings timed alone
  std::string routes;
  double total = 0;
  for (const auto& [route, n] : after) {
    const double d = n - (before.contains(route) ? before.at(route) : 0);
    if (d <= 0) continue;
    total += d;
    routes += (routes.empty() ? "" : ", ") + route + " " + formatted("%.0f", d / (opt.reps * kNothingNew));
  }
  const Stat o = statOf(ours), p = statOf(postFloor), g = statOf(getFloor);
  std::printf("\n%-66s %-24s %s\n", "sync with nothing new (median of 50 per repetition)", "ms", "x POST floor");
  std::printf("%-66s %-24s\n", "baseline: HTTP floor, POST of 256 bytes, keep-alive", ms(p).c_str());
  std::printf("%-66s %-24s\n", "baseline: HTTP floor, GET of 256 bytes, keep-alive", ms(g).c_str());
  std::printf("%-66s %-24s %.1fx\n", "a caught-up device syncs (a coach's, holding the history)", ms(o).c_str(),
              o.median / p.median);
  std::printf("%-66s %-24s\n", "  of it: GET /v1/snapshots?shard=team, alone", ms(statOf(teamListing)).c_str());
  std::printf("%-66s %-24s\n", ("  (the whole list, " + std::to_string(listed) + " snapshots, alone)").c_str(),
              ms(statOf(wholeListing)).c_str());
  std::printf("  requests per sync: %.0f (%s)\n", total / (opt.reps * kNothingNew), routes.c_str());
  addSummary({"sync with nothing new", formatted("%.2f ms", o.median),
              "HTTP floor round trip: " + formatted("%.2f ms", p.median), formatted("%.1fx", o.median / p.median),
              "under 2 ms", o.median < 2.0});
}

void incremental(devicesim::SimDevice& writer, devicesim::SimDevice& reader, const std::string& participant,
                 const EchoServer& echo, const Options& opt) {
  httplib::Client c = echoClient(echo);
  std::vector<Mutation> batch(100, Mutation{Mutation::Op::Create,
                                            "support_contact",
                                            {},
                                            {{"participant_id", participant},
                                             {"contact_on", "2026-03-31"},
                                             {"mode", "face_to_face"},
                                             {"type", "on_site_coaching"},
                                             {"note", kNote}}});
  std::vector<double> push, pull, postFloor, getFloor;
  for (int i = 0; i < opt.reps; ++i) {
    std::vector<double> pushes, pulls, posts, gets;
    for (int k = 0; k < kIncremental; ++k) {
      if (auto ids = writer.store->apply(batch); !ids.ok())
        throw Failure("recording 100 changes: " + ids.error().message);
      sync::SyncReport pushed, pulled;
      pushes.push_back(timedSync(writer, pushed) * 1000);
      pulls.push_back(timedSync(reader, pulled) * 1000);
      // 101 records: the 100 and the write's access event (docs/access-log.md); the pull counts field changes.
      if (pushed.totals.changesPushed < 100 || pulled.totals.changesPulled < 100) {
        throw Failure("an incremental sync moved " + std::to_string(pushed.totals.changesPushed) + " and " +
                      std::to_string(pulled.totals.changesPulled) + " changes, not the 100 recorded");
      }
      const std::string body(pushed.totals.bytesPushed, 'x');
      posts.push_back(each(1, [&] { post(c, body); }).front());
      gets.push_back(each(1, [&] { get(c, pulled.totals.bytesPulled); }).front());
    }
    push.push_back(median(pushes)), pull.push_back(median(pulls));
    postFloor.push_back(median(posts)), getFloor.push_back(median(gets));
  }
  const Stat a = statOf(push), b = statOf(pull), p = statOf(postFloor), g = statOf(getFloor);
  std::printf("\n%-66s %-24s %s\n", "incremental sync of 100 changes (median of 10 per repetition)", "ms", "x floor");
  std::printf("%-66s %-24s\n", "baseline: HTTP floor, POST of the push's bytes", ms(p).c_str());
  std::printf("%-66s %-24s %.1fx\n", "a coach's device pushes 100 support contacts (500-byte notes)", ms(a).c_str(),
              a.median / p.median);
  std::printf("%-66s %-24s\n", "baseline: HTTP floor, GET of the pull's bytes", ms(g).c_str());
  std::printf("%-66s %-24s %.1fx\n", "the lead's device pulls and merges them", ms(b).c_str(), b.median / g.median);
  addSummary({"incremental sync of 100 changes: push", formatted("%.2f ms", a.median),
              "HTTP floor, POST of the same bytes: " + formatted("%.2f ms", p.median),
              formatted("%.1fx", a.median / p.median), "under 5 ms", a.median < 5.0});
  addSummary({"incremental sync of 100 changes: pull", formatted("%.2f ms", b.median),
              "HTTP floor, GET of the same bytes: " + formatted("%.2f ms", g.median),
              formatted("%.1fx", b.median / g.median), "under 5 ms", b.median < 5.0});
}

}  // namespace

int runJoinBenchmarks(const Options& opt) {
  try {
    TempDir dir;
    EchoServer echo(kEchoWorkers);
    // The per-device rate limit (20 requests/s by default) would measure the policy, not the sync.
    Syncd syncd(dir.path() / "syncd",
                {{"COACH_SYNCD_DEVICE_RATE", "1000000"}, {"COACH_SYNCD_DEVICE_BURST", "1000000"}});
    std::filesystem::create_directories(dir.path() / "devices");
    JoinTeam team(syncd, dir.path() / "devices");
    Warnings warnings;
    const Setup s = writeHistory(team, syncd, opt, warnings);
    std::printf(
        "join: coach-syncd (%s) on 127.0.0.1, per-device rate limit lifted; %d repetitions, median [min..max]\n",
        (binDir() / "coach-syncd").c_str(), opt.reps);
    std::printf(
        "setup: the lead's device wrote %zu records (the last %zu after the newest snapshot) and synced them in "
        "%.1f s; the log holds %llu items (envelopes: %.1f MB), the team snapshot covers %llu (%zu snapshots on "
        "the server, %.1f MB, %zu uploaded along the way)\n",
        s.records, s.tail, s.seconds, static_cast<unsigned long long>(s.head), s.logBytes / 1e6,
        static_cast<unsigned long long>(s.covers), s.snapshotsOnServer, static_cast<double>(s.snapshotBytes) / 1e6,
        s.snapshotsUploaded);
    warnings.print();
    joinBenchmark(team, s, opt);
    devicesim::SimDevice coach = team.join("coach");
    const auto joined = Clock::now();
    syncDevice(coach);  // its first sync: it holds the history from here on
    std::printf("\n(a coach's device joined for the syncs below in %.1f s)\n", secondsSince(joined));
    nothingNew(coach, echo, syncd, opt);
    incremental(coach, team.lead(), s.participants.front(), echo, opt);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "coach-bench join: %s\n", e.what());
    return 1;
  }
}

}  // namespace coach::bench
