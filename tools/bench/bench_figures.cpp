// coach-bench figures: the team lead's figures (fidelity, outcomes, weekly contacts, exports, the report pages)
// over a store holding five years of a ten-coach team, about 150,000 records, against reading every one of
// those records once with plain SQLite in the same run (../shared/BENCHMARKS.md). Goal: each report under 1 s.
// The history (the shape of a real IPS team, through the real write path): bench_history.hpp.
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <sqlite3.h>

#include "bench_history.hpp"
#include "bench_summary.hpp"
#include "bench_util.hpp"
#include "coach/figures.hpp"
#include "coach/report.hpp"
#include "coach/store.hpp"
#include "query/calendar.hpp"

namespace coach::bench {
namespace {

// Baseline: every row of every record table read once, every column touched, with plain SQLite on the same
// file (what any report over the whole history must at least do).
double readEverything(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) std::abort();
  const auto start = Clock::now();
  sqlite3_stmt* tables = nullptr;
  sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'k\\_%' ESCAPE '\\'", -1,
                     &tables, nullptr);
  std::int64_t touched = 0;
  while (sqlite3_step(tables) == SQLITE_ROW) {
    const std::string sql =
        "SELECT * FROM " + std::string(reinterpret_cast<const char*>(sqlite3_column_text(tables, 0)));  // NOLINT
    sqlite3_stmt* rows = nullptr;
    sqlite3_prepare_v2(db, sql.c_str(), -1, &rows, nullptr);
    while (sqlite3_step(rows) == SQLITE_ROW) {
      for (int i = 0; i < sqlite3_column_count(rows); ++i) touched += sqlite3_column_bytes(rows, i);
    }
    sqlite3_finalize(rows);
  }
  sqlite3_finalize(tables);
  const double seconds = secondsSince(start);
  sqlite3_close(db);
  if (touched == 0) std::abort();
  return seconds;
}

// Milliseconds of wall time, and (in `cpu`) of this process's CPU time: on a shared, busy machine the wall
// time includes waiting for a core, the CPU time does not.
template <class F>
Stat timed(int reps, F&& f, Stat* cpu = nullptr) {
  std::vector<double> cpus;
  Stat wall = measure(reps, [&] {
    const std::clock_t c0 = std::clock();
    const auto start = Clock::now();
    f();
    cpus.push_back(1000.0 * static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC);
    return secondsSince(start) * 1000;
  });
  if (cpu != nullptr) {
    std::sort(cpus.begin(), cpus.end());
    *cpu = Stat{cpus[cpus.size() / 2], cpus.front(), cpus.back()};
  }
  return wall;
}

template <class T>
void must(const Result<T>& r) {
  if (!r.ok()) {
    std::fprintf(stderr, "coach-bench figures: %s\n", r.error().message.c_str());
    std::abort();
  }
}

}  // namespace

int runFigureBenchmarks(const Options& opt) {
  TempDir dir;
  PassphraseKeyProvider keys("benchmark passphrase", PassphraseKeyProvider::Cost{1u << 10, 8, 1});
  StoreOptions options;
  options.path = opt.storePath.empty() ? (dir.path() / "team.db").string() : opt.storePath;
  options.actor = "lead";
  options.durability = StoreOptions::Durability::Normal;
  const bool reuse = std::filesystem::exists(options.path);
  auto store = reuse ? Store::openProfile(options, keys) : Store::createProfile(options, keys);
  if (!store.ok()) std::abort();
  const auto genStart = Clock::now();
  History history(**store);
  if (!reuse) history.generate();
  std::printf("figures over five years of a ten-coach team: %s in %.1f s; %d repetitions, median [min..max] ms\n\n",
              reuse ? "history reused" : (std::to_string(history.records()) + " records written").c_str(),
              secondsSince(genStart), opt.reps);
  Store& s = **store;
  const Period lastQuarter{"2026-01-01", "2026-03-31"}, lastYear{"2025-04-01", "2026-03-31"}, all{kFirstDay, kLastDay};
  Stat baseCpu;
  const Stat base = timed(
      opt.reps, [&] { readEverything(options.path); }, &baseCpu);
  std::printf("%-58s %-20s %-20s %-10s %s\n", "report", "wall (ms)", "CPU (ms)", "x read-all", "goal < 1 s");
  std::printf("%-58s %-20s %-20s\n", "baseline: every record row read once, plain SQLite", base.str().c_str(),
              baseCpu.str().c_str());
  // Each report is timed in its own repetitions; the ratio is of the medians of wall time.
  std::string slowestName;
  double slowest = 0;
  auto row = [&](const char* name, const std::function<void()>& f) {
    Stat cpu;
    const Stat ours = timed(opt.reps, f, &cpu);
    if (ours.median > slowest) {
      slowest = ours.median;
      slowestName = name;
    }
    std::printf("%-58s %-20s %-20s %-10.2f %s\n", name, ours.str().c_str(), cpu.str().c_str(),
                ours.median / base.median, ours.median < 1000 ? "met" : "NOT MET");
  };
  for (const auto& [name, period] :
       {std::pair{"fidelity (IPS-25), last quarter", lastQuarter}, std::pair{"fidelity (IPS-25), last year", lastYear},
        std::pair{"fidelity (IPS-25), all five years", all}}) {
    FidelityOptions o;
    o.period = period;
    row(name, [&] { must(computeFidelity(s, o)); });
  }
  row("outcomes, last quarter", [&] { must(computeOutcomes(s, {lastQuarter, 13})); });
  row("outcomes per quarter, all 20 quarters", [&] { must(computeOutcomesPerQuarter(s, "2021-Q2", "2026-Q1")); });
  row("weekly contacts and review marks, last quarter", [&] {
    must(computeWeeklyContacts(s, {.period = lastQuarter, .span = WeekSpan::Touching, .coach = "", .coachFte = {}}));
  });
  row("Werkmonitor export, last quarter", [&] {
    must(buildExport(s, {.kind = ExportKind::Werkmonitor,
                         .quarter = "2026-Q1",
                         .municipality = "",
                         .consentRecipient = "municipality",
                         .today = "2026-04-02",
                         .durableWeeks = 13}));
  });
  row("fidelity page: report, weeks, HTML (report fidelity --html)", [&] {
    FidelityOptions o;
    o.period = lastQuarter;
    auto page = computeFidelityPage(s, o);
    must(page);
    if (fidelityReportHtml(page->report, page->weeks, {}).empty()) std::abort();
  });
  row("outcomes page: quarter, 8 quarters, HTML (--html)", [&] {
    auto page = computeOutcomesPage(s, {lastQuarter, 13}, "2024-Q2", "2026-Q1");
    must(page);
    if (outcomesReportHtml(page->period, page->quarters, {}).empty()) std::abort();
  });
  addSummary({"the slowest report over five years of a ten-coach team (" + slowestName + ")",
              formatted("%.0f ms", slowest), formatted("every record row read once, plain SQLite: %.0f ms", base.median),
              formatted("%.2fx", slowest / base.median), "under 1 s", slowest < 1000});
  return 0;
}

}  // namespace coach::bench
