// bench_util.hpp: repetitions, medians, spreads and the side-by-side report of a benchmark and its baseline.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace coach::bench {

using Clock = std::chrono::steady_clock;

inline double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct Options {
  int reps = 5;
  bool quick = false;
  bool fleetOnly = false;  // coach-bench server --fleet: only the device fleets
  std::string storePath;   // coach-bench figures --store FILE: reuse (or keep) the generated history
  // coach-bench server --postgres URL: also every server figure with coach-syncd on this PostgreSQL database
  // (emptied before each run: give the bench a database of its own), beside SQLite in the same run.
  std::string postgresUrl;
};

struct Stat {
  double median = 0;
  double min = 0;
  double max = 0;
  std::string str() const {
    char buf[96];
    std::snprintf(buf, sizeof buf, "%.0f [%.0f..%.0f]", median, min, max);
    return buf;
  }
};

// The median and the spread of `values`.
inline Stat statOf(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return Stat{values[values.size() / 2], values.front(), values.back()};
}

// The 500-byte note every benchmark writes (the size BENCHMARKS.md's baselines use).
inline const std::string kNote(500, 'n');

inline Stat measure(int reps, const std::function<double()>& run) {
  std::vector<double> values;
  for (int i = 0; i < reps; ++i) values.push_back(run());
  std::sort(values.begin(), values.end());
  return Stat{values[values.size() / 2], values.front(), values.back()};
}

class Report {
 public:
  void add(std::string name, Stat baseline, Stat ours, std::string goal) {
    rows_.push_back({std::move(name), baseline, ours, std::move(goal)});
  }
  void print() const {
    std::printf("%-52s %-28s %-28s %-9s %s\n", "benchmark", "raw SQLite (rows/s)", "write path (notes/s)",
                "slowdown", "goal");
    for (const Row& r : rows_) {
      std::printf("%-52s %-28s %-28s %-9.2f %s\n", r.name.c_str(), r.baseline.str().c_str(), r.ours.str().c_str(),
                  r.baseline.median / r.ours.median, r.goal.c_str());
    }
  }

 private:
  struct Row {
    std::string name;
    Stat baseline;
    Stat ours;
    std::string goal;
  };
  std::vector<Row> rows_;
};

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "coach-bench-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) std::abort();
    path_ = pattern;
  }
  ~TempDir() {
    if (keepFiles) {
      std::fprintf(stderr, "kept the benchmark's files in %s\n", path_.c_str());
    } else {
      std::filesystem::remove_all(path_);
    }
  }
  // coach-bench --keep: leave the databases for inspection (sqlite3 FILE "SELECT ... FROM dbstat").
  static inline bool keepFiles = false;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

int runStoreBenchmarks(const Options& options);
int runSyncBenchmarks(const Options& options);

}  // namespace coach::bench
