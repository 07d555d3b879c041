// coach-bench: the project's benchmarks, each against its baseline in the same run (docs/BENCHMARKS.md).
//   coach-bench [store|sync|server|figures|join|all] [--reps N] [--quick] [--fleet] [--keep] [--postgres URL]
//               [--doc FILE]
#include <cstdio>
#include <cstring>
#include <string>

#include "bench_util.hpp"

namespace coach::bench {
int runServerBenchmarks(const Options& options);  // bench_server.cpp
int runFigureBenchmarks(const Options& options);  // bench_figures.cpp
int runJoinBenchmarks(const Options& options);    // bench_join.cpp
int runAllBenchmarks(const Options& options, const std::string& docPath);  // bench_all.cpp
}  // namespace coach::bench

int main(int argc, char** argv) {
  coach::bench::Options options;
  std::string which = "store";
  std::string docPath;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--reps") == 0 && i + 1 < argc) {
      options.reps = std::max(1, std::atoi(argv[++i]));
    } else if (std::strcmp(argv[i], "--store") == 0 && i + 1 < argc) {
      options.storePath = argv[++i];
    } else if (std::strcmp(argv[i], "--quick") == 0) {
      options.quick = true;
    } else if (std::strcmp(argv[i], "--keep") == 0) {
      coach::bench::TempDir::keepFiles = true;
    } else if (std::strcmp(argv[i], "--fleet") == 0) {
      options.fleetOnly = true;
    } else if (std::strcmp(argv[i], "--postgres") == 0 && i + 1 < argc) {
      options.postgresUrl = argv[++i];
    } else if (std::strcmp(argv[i], "--doc") == 0 && i + 1 < argc) {
      docPath = argv[++i];
    } else if (std::strcmp(argv[i], "--help") == 0) {
      std::puts(
          "usage: coach-bench [store|sync|server|figures|join|all] [--reps N] [--quick] [--fleet]\n"
          "                   [--keep] [--postgres URL] [--doc FILE]\n"
          "  --keep  leave the benchmark's databases in their temporary directory (printed) for inspection\n"
          "  store   the write path against raw SQLite inserts (default)\n"
          "  sync    10,000 changes pushed and pulled through the relay against raw inserts twice\n"
          "  server  the real coach-syncd (next to coach-bench): push and pull beside a cpp-httplib echo\n"
          "          server, and coach-devicesim: 100 devices syncing in a loop and 1,000 starting within a\n"
          "          second, with coach-syncd's connection model and cpp-httplib's own (--fleet: only these);\n"
          "          --postgres URL: push, pull and the fleets on SQLite and on that PostgreSQL database, same run\n"
          "  figures fidelity, outcomes, weekly contacts, exports and the report pages over five years of a\n"
          "          ten-coach team (about 150,000 records) against reading every record once with SQLite\n"
          "          (--store FILE: keep the generated history there, or reuse it when it exists)\n"
          "  join    devices at the real coach-syncd (next to coach-bench): a new device joining that history\n"
          "          (from snapshots and the tail, and from the whole log) beside the raw SQLite insert of its rows,\n"
          "          a sync with nothing new and an incremental sync of 100 changes beside the HTTP floor\n"
          "  all     every benchmark above, then one table of their figures, baselines, ratios and goals;\n"
          "          --doc FILE also writes it into FILE (docs/BENCHMARKS.md) between its\n"
          "          \"<!-- coach-bench all: begin -->\" and \"<!-- coach-bench all: end -->\" lines\n"
          "Run it from a release build: cmake --preset release && cmake --build --preset release");
      return 0;
    } else if (argv[i][0] != '-') {
      which = argv[i];
    } else {
      std::fprintf(stderr, "coach-bench: unknown option %s (see --help)\n", argv[i]);
      return 2;
    }
  }
  if (!docPath.empty() && which != "all") {
    std::fprintf(stderr, "coach-bench: --doc goes with \"all\" (the summary table of every benchmark)\n");
    return 2;
  }
  if (which == "store") return coach::bench::runStoreBenchmarks(options);
  if (which == "sync") return coach::bench::runSyncBenchmarks(options);
  if (which == "server") return coach::bench::runServerBenchmarks(options);
  if (which == "figures") return coach::bench::runFigureBenchmarks(options);
  if (which == "join") return coach::bench::runJoinBenchmarks(options);
  if (which == "all") return coach::bench::runAllBenchmarks(options, docPath);
  std::fprintf(stderr, "coach-bench: unknown benchmark '%s' (see --help)\n", which.c_str());
  return 2;
}
