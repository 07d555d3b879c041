// app_fixture.cpp: the test profile and the app shell over it (app_fixture.hpp).
#include "app_fixture.hpp"

namespace coach::apptest {

namespace {

StoreOptions optionsFor(const AppFixture& f, const std::string& actor) {
  StoreOptions o;
  o.path = f.profilePath().toStdString();
  o.actor = actor;
  o.clock = &f.clock;
  o.durability = StoreOptions::Durability::Normal;
  return o;
}

}  // namespace

std::unique_ptr<Store> AppFixture::makeProfile(const std::string& actor, std::string& error) {
  PassphraseKeyProvider keys(kPassphrase, kLowCost);
  auto created = Store::createProfile(optionsFor(*this, actor), keys);
  if (!created.ok()) {
    error = created.error().message;
    return nullptr;
  }
  return std::move(created).value();
}

std::string AppFixture::create(const std::string& actor) {
  std::string error;
  auto store = makeProfile(actor, error);
  if (!store) return error;
  // A team of its own (a device joins a team before it records anything; the e2e test enrols instead).
  if (auto team = store->createTeam(); !team.ok()) return team.error().message;
  return addCaseload(*store, actor);
}

std::string AppFixture::addCaseload(Store& s, const std::string& actor) {
  auto add = [&s](std::string_view kind, const nlohmann::json& fields, std::string& id) -> std::string {
    auto r = s.add(kind, fields);
    if (!r.ok()) return std::string(kind) + ": " + r.error().message;
    id = r.value();
    return {};
  };
  std::string ignored, error;
  if (!(error = add("participant", {{"name", "Sanne de Vries"}, {"coach", actor}}, sanne)).empty()) return error;
  if (!(error = add("trajectory", {{"participant_id", sanne}, {"referral_date", "2026-02-09"}, {"referral_source", "self"},
                                   {"programme_entry_date", "2026-02-09"}, {"status", "job_search"}}, ignored)).empty()) return error;
  if (!(error = add("participant", {{"name", "Mohammed Ali"}, {"coach", actor}}, mohammed)).empty()) return error;
  if (!(error = add("trajectory", {{"participant_id", mohammed}, {"referral_date", "2026-01-05"}, {"referral_source", "treatment_team"},
                                   {"programme_entry_date", "2026-01-06"}, {"status", "working"}}, ignored)).empty()) return error;
  if (!(error = add("employer", {{"name", "Fietsenmakerij De Spaak"}, {"sector", "retail"}}, spaak)).empty()) return error;
  if (!(error = add("employer", {{"name", "Koffiebranderij Bruin"}, {"sector", "manufacturing"}}, bruin)).empty()) return error;
  // An earlier generic contact with Bruin: the quick entry lists it first (recent employers first).
  if (!(error = add("employer_contact", {{"contact_at", "2026-02-20T11:00"}, {"coach", actor}, {"employer_id", bruin},
                                         {"mode", "face_to_face"}, {"purpose", "learn_needs"}}, ignored)).empty()) return error;
  if (!(error = add("job", {{"participant_id", mohammed}, {"employer_id", spaak}, {"title", "Fietsenmaker"},
                            {"start_date", "2026-03-04"}, {"hours_per_week", "16"}}, job)).empty()) return error;
  return {};
}

std::unique_ptr<Store> AppFixture::open() {
  PassphraseKeyProvider keys(kPassphrase, kLowCost);
  auto opened = Store::openProfile(optionsFor(*this, ""), keys);
  return opened.ok() ? std::move(opened).value() : nullptr;
}

std::unique_ptr<app::AppShell> AppFixture::shell(const QString& language) {
  app::AppShell::Options options;
  options.session.profilePath = profilePath();
  options.session.clock = &clock;
  options.session.keys = std::make_unique<app::PassphraseKeySource>(kLowCost);
  options.session.language = language;
  options.autoSyncMinutes = 0;
  return std::make_unique<app::AppShell>(std::move(options));
}

}  // namespace coach::apptest
