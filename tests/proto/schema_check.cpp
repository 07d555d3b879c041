#include "schema_check.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <sys/wait.h>

namespace coach::prototest {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// A directory of its own under the system's temporary directory, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::random_device random;
    path_ = fs::temp_directory_path() / ("coach-proto-" + std::to_string(random()) + std::to_string(random()));
    fs::create_directories(path_);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void writeJson(const fs::path& path, const json& j) {
  std::ofstream out(path, std::ios::binary);
  out << j.dump();
}

std::string readAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::map<std::string, SchemaVerdict> verdicts(const json& list) {
  std::map<std::string, SchemaVerdict> out;
  for (const json& r : list) {
    out[r.at("name").get<std::string>()] = {r.at("valid").get<bool>(), r.at("errors").get<std::vector<std::string>>()};
  }
  return out;
}

}  // namespace

std::string protoDir() {
  return COACH_PROTO_DIR;
}

SchemaRun checkAgainstSchemas(const std::vector<SchemaCase>& cases) {
  TempDir dir;
  json manifest{{"schema_dir", (fs::path(protoDir()) / "schemas").string()}, {"cases", json::array()}};
  for (const SchemaCase& c : cases) {
    const fs::path file = dir.path() / (c.name + ".json");
    writeJson(file, c.message);
    manifest["cases"].push_back({{"name", c.name}, {"schema", c.schema}, {"instance", file.string()}});
  }
  writeJson(dir.path() / "manifest.json", manifest);
  const fs::path results = dir.path() / "results.json";
  const fs::path errors = dir.path() / "stderr.txt";
  const std::string command = std::string(COACH_PYTHON) + " '" + COACH_SCHEMA_CHECKER + "' '" +
                              (dir.path() / "manifest.json").string() + "' '" + results.string() + "' 2>'" +
                              errors.string() + "'";
  const int status = std::system(command.c_str());
  SchemaRun run;
  if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    run.failure = "check_schemas.py failed (status " + std::to_string(status) + "): " + readAll(errors);
    return run;
  }
  const json out = json::parse(readAll(results));
  run.ran = true;
  run.schemas = verdicts(out.at("schemas"));
  run.messages = verdicts(out.at("results"));
  return run;
}

}  // namespace coach::prototest
