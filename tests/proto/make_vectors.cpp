// make_vectors: writes the test vectors of proto/vectors/ (proto/PROTOCOL.md, "Test vectors").
//
//   make_vectors [directory]     default: the source tree's proto/vectors
//
// The output is deterministic; run it after a deliberate change of the contract and review the diff. The test
// "The proto vector files are exactly what the generator writes" fails until the files are regenerated.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "vector_builder.hpp"

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  const fs::path dir = argc > 1 ? fs::path(argv[1]) : fs::path(COACH_PROTO_DIR) / "vectors";
  try {
    fs::create_directories(dir);
    for (const auto& [name, content] : coach::prototest::vectorFiles()) {
      std::ofstream out(dir / name, std::ios::binary | std::ios::trunc);
      out << content.dump(2) << '\n';
      if (!out) {
        std::cerr << "make_vectors: cannot write " << (dir / name).string() << '\n';
        return 1;
      }
      std::cout << "wrote " << (dir / name).string() << '\n';
    }
  } catch (const std::exception& e) {
    std::cerr << "make_vectors: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
