// replay_main: runs a fuzz target's LLVMFuzzerTestOneInput over every file of its checked-in corpus, once,
// without libFuzzer. Built by the regular (gcc) build as a ctest test, so every seed and every crash input
// kept in tests/fuzz/corpus/<target>/ is a regression test under ASan and UBSan on every CI run; the real
// fuzzing (new inputs, coverage feedback) is scripts/fuzz with clang. Usage: replay_TARGET CORPUS_DIR.
// A broken property aborts (require() in fixed_keys.hpp), which fails the test with the input's name printed.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: " << argv[0] << " CORPUS_DIR\n";
    return 2;
  }
  std::vector<std::filesystem::path> inputs;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(argv[1], ec)) {
    if (entry.is_regular_file()) inputs.push_back(entry.path());
  }
  if (ec || inputs.empty()) {
    std::cerr << "no corpus files in " << argv[1] << (ec ? ": " + ec.message() : std::string{}) << '\n';
    return 1;
  }
  std::sort(inputs.begin(), inputs.end());
  for (const auto& path : inputs) {
    std::ifstream in(path, std::ios::binary);
    std::vector<std::uint8_t> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (!in.good() && !in.eof()) {
      std::cerr << "cannot read " << path << '\n';
      return 1;
    }
    std::cerr << "input " << path.filename().string() << " (" << bytes.size() << " bytes)\n";
    // An empty input has no valid data pointer to hand over; libFuzzer passes a non-null one, so do we.
    static const std::uint8_t kNone = 0;
    LLVMFuzzerTestOneInput(bytes.empty() ? &kNone : bytes.data(), bytes.size());
  }
  std::cout << inputs.size() << " corpus inputs replayed without a crash\n";
  return 0;
}
