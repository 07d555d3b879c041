// coach-bench all: every benchmark of the project, one after the other, each with its baseline in the same run;
// then one table of their headline figures (figure, baseline, ratio, goal) on stdout and, with --doc FILE, in
// FILE between the lines "<!-- coach-bench all: begin -->" and "<!-- coach-bench all: end -->" (docs/BENCHMARKS.md
// has them), replacing what a previous run wrote there. The detailed tables of each benchmark come first.
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>

#include "bench_summary.hpp"
#include "bench_util.hpp"

namespace coach::bench {

int runServerBenchmarks(const Options& options);  // bench_server.cpp
int runFigureBenchmarks(const Options& options);  // bench_figures.cpp
int runJoinBenchmarks(const Options& options);    // bench_join.cpp

namespace {

constexpr const char* kBegin = "<!-- coach-bench all: begin -->";
constexpr const char* kEnd = "<!-- coach-bench all: end -->";

std::string loadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one;
  in >> one;
  return one.empty() ? "?" : one;
}

std::string utcNow() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
  return buf;
}

std::string cell(std::string text) {
  for (std::size_t at = 0; (at = text.find('|', at)) != std::string::npos; at += 2) text.replace(at, 1, "\\|");
  return text;
}

std::string markdownTable(const std::string& heading) {
  std::ostringstream out;
  out << heading << "\n\n| benchmark | figure | baseline (same run) | ratio | goal | met |\n|---|---|---|---|---|---|\n";
  for (const SummaryRow& r : summaryRows()) {
    out << "| " << cell(r.benchmark) << " | " << cell(r.figure) << " | " << cell(r.baseline) << " | " << cell(r.ratio)
        << " | " << cell(r.goal) << " | " << (r.met ? "yes" : "**no**") << " |\n";
  }
  return out.str();
}

// Replaces the block between the markers in `path`; an error message, or "" when written.
std::string writeDoc(const std::string& path, const std::string& table) {
  std::ifstream in(path);
  if (!in) return "cannot read " + path;
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  const std::size_t begin = text.find(kBegin), end = text.find(kEnd);
  if (begin == std::string::npos || end == std::string::npos || end < begin) {
    return path + " has no \"" + kBegin + "\" ... \"" + kEnd + "\" block: add the two lines where the table belongs";
  }
  const std::string updated =
      text.substr(0, begin + std::string(kBegin).size()) + "\n" + table + text.substr(end);
  const std::string temp = path + ".tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    out << updated;
    if (!out.flush()) return "cannot write " + temp;
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) return "cannot replace " + path;
  return "";
}

}  // namespace

int runAllBenchmarks(const Options& opt, const std::string& docPath) {
  const std::string startedAt = utcNow(), loadBefore = loadAverage();
  int status = 0;
  for (const auto& [name, run] : {std::pair{"store", &runStoreBenchmarks}, std::pair{"sync", &runSyncBenchmarks},
                                  std::pair{"figures", &runFigureBenchmarks}, std::pair{"join", &runJoinBenchmarks},
                                  std::pair{"server", &runServerBenchmarks}}) {
    std::printf("\n===== coach-bench %s =====\n", name);
    std::fflush(stdout);
    if (run(opt) != 0) {
      std::printf("coach-bench %s failed; the table below lacks its rows\n", name);
      status = 1;
    }
    std::fflush(stdout);
  }
  const std::string heading = "Measured by `coach-bench all --reps " + std::to_string(opt.reps) + (opt.quick ? " --quick" : "") +
                              "` from " + startedAt + " to " + utcNow() + "; load average " + loadBefore + " before, " +
                              loadAverage() + " after (2 cores). Medians of the repetitions.";
  const std::string table = markdownTable(heading);
  std::printf("\n===== summary =====\n\n%s", table.c_str());
  if (!docPath.empty()) {
    const std::string error = writeDoc(docPath, table);
    if (!error.empty()) {
      std::fprintf(stderr, "coach-bench all: %s\n", error.c_str());
      return 1;
    }
    std::printf("\nwritten into %s\n", docPath.c_str());
  }
  return status;
}

}  // namespace coach::bench
