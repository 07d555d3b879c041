// bench_summary.hpp: the one table of every benchmark's headline figure beside its baseline and its goal, which
// `coach-bench all` prints and writes into docs/BENCHMARKS.md. Each benchmark adds its rows when it has measured
// them (medians of its repetitions); the benchmarks run one after the other on one thread.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

namespace coach::bench {

struct SummaryRow {
  std::string benchmark;  // what was measured, e.g. "10,000 changes pushed, then pulled by a fresh device"
  std::string figure;     // ours, with its unit, e.g. "0.373 s"
  std::string baseline;   // the baseline run beside it, with what it is, e.g. "raw SQLite insert twice: 0.090 s"
  std::string ratio;      // figure against baseline, e.g. "4.1x"; "-" where a goal is absolute
  std::string goal;       // ../shared/BENCHMARKS.md's goal, e.g. "within 3x"
  bool met = false;       // whether the figure meets the goal
};

inline std::vector<SummaryRow>& summaryRows() {
  static std::vector<SummaryRow> rows;
  return rows;
}

inline void addSummary(SummaryRow row) { summaryRows().push_back(std::move(row)); }

inline std::string formatted(const char* format, double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, value);
  return buf;
}

}  // namespace coach::bench
