// What the CLI's golden-file tests share (docs/cli.md, "Tests"): a transcript of commands run on one device, ids
// numbered in order of first appearance, and the comparison with (or, with COACH_UPDATE_GOLDEN=1, the rewrite
// of) a file under tests/cli/golden/.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "cli_run.hpp"

namespace coach::test {

// Replaces the profile's folder by <home> and every 32-hex id by <id1>, <id2>... in order of first appearance;
// one numbering serves every text it is given, so an id keeps its number across a transcript.
class IdNumbering {
 public:
  explicit IdNumbering(std::string home = {}) : home_(std::move(home)) {}

  std::string operator()(std::string text) {
    if (!home_.empty()) {
      for (std::size_t at; (at = text.find(home_)) != std::string::npos;) text.replace(at, home_.size(), "<home>");
    }
    static const std::regex id("[0-9a-f]{32}");
    std::string out;
    auto last = text.cbegin();
    for (auto it = std::sregex_iterator(text.begin(), text.end(), id); it != std::sregex_iterator(); ++it) {
      out.append(last, text.cbegin() + it->position());
      auto [slot, fresh] = ids_.emplace(it->str(), "<id" + std::to_string(ids_.size() + 1) + ">");
      out += slot->second;
      last = text.cbegin() + it->position() + it->length();
    }
    out.append(last, text.cend());
    return out;
  }

 private:
  std::string home_;
  std::map<std::string, std::string> ids_;
};

// Each command as a shell line, its standard output, its standard error (when any) and its exit status.
inline std::string transcriptOf(CliDevice& device, const std::vector<std::vector<std::string>>& commands) {
  std::string all;
  for (const auto& args : commands) {
    const CliResult r = device.run(args);
    all += "$ coach " + CliDevice::joined(args) + "\n" + r.out;
    if (!r.err.empty()) all += "[stderr]\n" + r.err;
    all += "[exit " + std::to_string(r.exit) + "]\n\n";
  }
  return all;
}

// `test` names the binary in the hint printed on a mismatch.
inline void compareWithGolden(const std::string& name, const std::string& actual, const std::string& test) {
  const std::filesystem::path path = std::filesystem::path(COACH_GOLDEN_DIR) / name;
  const char* update = std::getenv("COACH_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
    WARN("rewrote " << path.string());
    return;
  }
  INFO("golden file " << path.string() << " (regenerate: COACH_UPDATE_GOLDEN=1 " << test << " \"[golden]\")");
  REQUIRE(std::filesystem::exists(path));
  CHECK(actual == readFile(path));
}

}  // namespace coach::test
