// temp_profile.hpp: a throwaway device profile for tests: its own directory (removed afterwards), a
// passphrase provider with a low scrypt cost (tests only), and a ManualClock set to a fixed instant.
#pragma once

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "coach/key_provider.hpp"
#include "coach/store.hpp"

namespace coach::test {

inline constexpr PassphraseKeyProvider::Cost kTestCost{1u << 10, 8, 1};
// 2026-03-02 10:00 in Amsterdam (09:00 UTC).
inline constexpr std::int64_t kDefaultNow = 1772442000000;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "coach-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

struct TempProfile {
  TempDir dir;
  ManualClock clock{kDefaultNow};
  PassphraseKeyProvider keys{"correct horse battery", kTestCost};
  std::unique_ptr<Store> store;

  explicit TempProfile(std::string actor = "marieke") {
    auto created = Store::createProfile(options(std::move(actor)), keys);
    if (!created.ok()) FAIL("creating the test profile: " << created.error().message);
    store = std::move(created).value();
  }
  StoreOptions options(std::string actor = "marieke") const {
    StoreOptions o;
    o.path = dbPath().string();
    o.actor = std::move(actor);
    o.clock = &clock;
    return o;
  }
  std::filesystem::path dbPath() const { return dir.path() / "profile.db"; }
  void reopen() {
    store.reset();
    auto opened = Store::openProfile(options(), keys);
    if (!opened.ok()) FAIL("reopening the test profile: " << opened.error().message);
    store = std::move(opened).value();
  }
};

// Adds a record and fails the test with the store's message when that does not work.
inline std::string mustAdd(Store& store, std::string_view kind, const nlohmann::json& fields) {
  auto id = store.add(kind, fields);
  if (!id.ok()) FAIL("adding a " << kind << ": " << id.error().message);
  return id.value();
}

}  // namespace coach::test
