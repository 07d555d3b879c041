// app_fixture.hpp: a device profile with a small caseload for the app's tests (a real encrypted SQLite
// profile, made through the core's public API), and the app's shell over it at a fixed instant.
//   Sanne de Vries: entered the programme 21 days ago, no employer contact yet (V4 is due in 9 days);
//   Mohammed Ali: a job at Fietsenmakerij De Spaak starting in 2 days (V12 before start and V1 are due);
//   two employers, Koffiebranderij Bruin (contacted before, so it comes first) and Fietsenmakerij De Spaak.
#pragma once

#include <QString>
#include <QTemporaryDir>

#include <memory>
#include <string>

#include "app_shell.hpp"
#include "coach/clock.hpp"
#include "coach/key_provider.hpp"
#include "coach/store.hpp"

namespace coach::apptest {

// 2026-03-02 10:00 in Amsterdam (09:00 UTC), a Monday.
inline constexpr std::int64_t kNow = 1772442000000;
inline constexpr PassphraseKeyProvider::Cost kLowCost{1u << 10, 8, 1};  // tests only: a fast scrypt
inline const char* const kPassphrase = "correct horse battery";

struct AppFixture {
  QTemporaryDir dir;
  ManualClock clock{kNow};
  std::string sanne, mohammed, bruin, spaak, job;

  QString profilePath() const { return dir.filePath(QStringLiteral("profile.db")); }
  // Makes the profile in a team of its own with the caseload above; "" on success, else what failed.
  std::string create(const std::string& actor = "marieke");
  // The steps of create(): a new profile (nullptr and `error` when it fails), and the caseload in it.
  std::unique_ptr<Store> makeProfile(const std::string& actor, std::string& error);
  std::string addCaseload(Store& store, const std::string& actor);
  // Opens the profile as it is (for checks after the app closed it).
  std::unique_ptr<Store> open();
  // The app's shell over this profile, at this fixture's clock, in `language`, without a background sync.
  std::unique_ptr<app::AppShell> shell(const QString& language = QStringLiteral("nl"));
};

}  // namespace coach::apptest
