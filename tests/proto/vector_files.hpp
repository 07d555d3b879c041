// tests/proto/vector_files.hpp: loads every file of proto/vectors/, keyed by its "type" member.
#pragma once

#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>

#include "schema_check.hpp"
#include "vector_json.hpp"

namespace coach::prototest {

struct VectorFile {
  std::string fileName;
  json content;
};

// type -> file. Throws when the directory is missing, a file does not parse or two files share a type.
inline std::map<std::string, VectorFile> loadVectorFiles() {
  namespace fs = std::filesystem;
  std::map<std::string, VectorFile> out;
  for (const fs::directory_entry& entry : fs::directory_iterator(fs::path(protoDir()) / "vectors")) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    json content = json::parse(in);
    const std::string type = content.at("type").get<std::string>();
    if (!out.emplace(type, VectorFile{entry.path().filename().string(), std::move(content)}).second) {
      throw std::runtime_error("two vector files of type " + type);
    }
  }
  return out;
}

}  // namespace coach::prototest
