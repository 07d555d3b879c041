// coach-demo: records a week of a coach's work from DOMAIN.md's stories in a fresh encrypted profile, then
// shows what the coach and the team lead see: the agenda, the caseload and a participant's timeline. It also
// scans the profile's files for the names it wrote, to show that nothing readable reached the disk.
//   coach-demo [--dir DIR] [--today YYYY-MM-DD]
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "coach/agenda.hpp"
#include "coach/store.hpp"

namespace {

using coach::Store;
using nlohmann::json;

std::string must(coach::Result<std::string> r, const char* what) {
  if (!r.ok()) {
    std::fprintf(stderr, "coach-demo: %s: %s\n", what, r.error().message.c_str());
    std::exit(1);
  }
  return r.value();
}

struct Ids {
  std::string sanne, mohammed, pieter, bruin, fietsen, mohammedJob;
};

Ids recordStories(Store& s) {
  Ids id;
  id.bruin = must(s.add("employer", {{"name", "Koffiebranderij Bruin"}, {"sector", "hospitality"}, {"city", "Utrecht"}}), "employer");
  id.fietsen = must(s.add("employer", {{"name", "Fietsenmaker De Spaak"}, {"sector", "retail"}}), "employer");
  // Story 1: Sanne entered the programme 21 days ago; Marieke visits an employer for her, face to face.
  id.sanne = must(s.add("participant", {{"name", "Sanne de Vries"}, {"coach", "marieke"}, {"municipality", "Utrecht"}}), "participant");
  must(s.add("trajectory", {{"participant_id", id.sanne}, {"referral_date", "2026-02-02"}, {"referral_source", "treatment_team"},
                            {"programme_entry_date", "2026-02-09"}, {"status", "job_search"}}), "trajectory");
  // Story 2: Mohammed wants to repair bicycles; he starts at De Spaak on 30 March, 16 hours a week.
  id.mohammed = must(s.add("participant", {{"name", "Mohammed El Amrani"}, {"coach", "youssef"}}), "participant");
  must(s.add("trajectory", {{"participant_id", id.mohammed}, {"referral_date", "2026-01-05"}, {"referral_source", "self"},
                            {"programme_entry_date", "2026-01-06"}, {"status", "working"}}), "trajectory");
  must(s.add("vocational_profile", {{"participant_id", id.mohammed}, {"version", 1}, {"profiled_on", "2026-01-13"},
                                    {"goals", "fietsen repareren, liefst in de buurt"}, {"goals_source", "participant"},
                                    {"preferred_hours_per_week", 16}}), "profile");
  id.mohammedJob = must(s.add("job", {{"participant_id", id.mohammed}, {"employer_id", id.fietsen}, {"title", "fietsenmaker"},
                                      {"start_date", "2026-03-30"}, {"hours_per_week", 16}, {"hourly_wage", "14.40"},
                                      {"contract_type", "fixed_term"}, {"disclosure", "partial"}, {"disclosed_by", "participant"}}), "job");
  // Story 5: Pieter is in hospital for six weeks: his trajectory is paused, not closed.
  id.pieter = must(s.add("participant", {{"name", "Pieter Jansen"}, {"coach", "marieke"}}), "participant");
  const std::string pt = must(s.add("trajectory", {{"participant_id", id.pieter}, {"referral_date", "2025-09-01"},
                                                  {"referral_source", "sheltered_housing_worker"}, {"status", "paused"}}), "trajectory");
  must(s.add("pause", {{"participant_id", id.pieter}, {"trajectory_id", pt}, {"start_on", "2026-02-16"},
                       {"reason", "hospital_admission"}, {"review_on", "2026-03-30"}}), "pause");
  must(s.add("outreach_attempt", {{"participant_id", id.pieter}, {"attempt_on", "2026-02-23"}, {"mode", "phone"}, {"reached", true}}), "outreach");
  return id;
}

void printAgenda(Store& s, const std::string& today) {
  auto items = s.agenda(coach::AgendaOptions{today, "", 7});
  if (!items.ok()) return (void)std::fprintf(stderr, "agenda: %s\n", items.error().message.c_str());
  std::printf("\nAgenda for %s (what is due within a week, and what is overdue)\n", today.c_str());
  for (const coach::AgendaItem& i : *items) {
    std::printf("  %-10s %-20s %-9s %s%s\n", i.dueDate.c_str(), i.participantName.c_str(), i.coach.c_str(),
                i.detail.c_str(), i.overdue() ? "  [OVERDUE]" : "");
  }
}

void printCaseload(Store& s, const std::string& today) {
  auto caseload = s.caseload(today);
  if (!caseload.ok()) return;
  std::printf("\nCaseload on %s\n", today.c_str());
  for (const coach::CaseloadEntry& e : *caseload) {
    std::printf("  %-9s %-20s %-11s last contact %-10s %s\n", e.coach.c_str(), e.participantName.c_str(),
                e.trajectoryStatus.c_str(), e.lastContact.empty() ? "-" : e.lastContact.c_str(), e.active ? "active" : "");
  }
}

int scanForPlaintext(const std::filesystem::path& dir) {
  int found = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (const char* name : {"Sanne de Vries", "Mohammed El Amrani", "Pieter Jansen", "fietsen repareren", "Koffiebranderij"}) {
      if (bytes.find(name) != std::string::npos) ++found;
    }
  }
  return found;
}

}  // namespace

int main(int argc, char** argv) {
  std::string today = "2026-03-02";
  std::filesystem::path dir;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--today") == 0 && i + 1 < argc) {
      today = argv[++i];
    } else if (std::strcmp(argv[i], "--dir") == 0 && i + 1 < argc) {
      dir = argv[++i];
    } else {
      std::puts("usage: coach-demo [--dir DIR] [--today YYYY-MM-DD]\n"
                "Records DOMAIN.md's stories in a new encrypted profile under DIR (default: a new temporary\n"
                "directory) and prints the agenda, the caseload and a timeline.");
      return std::strcmp(argv[i], "--help") == 0 ? 0 : 2;
    }
  }
  if (dir.empty()) {
    std::string pattern = (std::filesystem::temp_directory_path() / "coach-demo-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) return 1;
    dir = pattern;
  }
  std::filesystem::create_directories(dir);
  coach::PassphraseKeyProvider keys("demo passphrase, not for real use");
  coach::StoreOptions options;
  options.path = (dir / "profile.db").string();
  options.actor = "marieke";
  auto store = Store::createProfile(options, keys);
  if (!store.ok()) {
    std::fprintf(stderr, "coach-demo: %s\n", store.error().message.c_str());
    return 1;
  }
  std::printf("Profile %s created (encrypted; device %s)\n", options.path.c_str(), (*store)->deviceId().c_str());
  const Ids ids = recordStories(**store);
  printAgenda(**store, today);
  must((*store)->add("employer_contact", {{"contact_at", today + "T10:30"}, {"coach", "marieke"}, {"employer_id", ids.bruin},
                                           {"mode", "face_to_face"}, {"participant_id", ids.sanne}, {"purpose", "present_candidate"},
                                           {"outcome", "interview"}, {"note", "Sanne voorgesteld aan de eigenaar"}}), "contact");
  std::printf("\nMarieke records a face-to-face visit to Koffiebranderij Bruin for Sanne (day 21): the clock stops.\n");
  printAgenda(**store, today);
  printCaseload(**store, today);
  auto timeline = (*store)->timeline(ids.mohammed);
  std::printf("\nTimeline of Mohammed (newest first)\n");
  for (const json& r : timeline.value()) std::printf("  %-18s %s\n", r["kind"].get<std::string>().c_str(), r["fields"].dump().c_str());
  store->reset();
  const int leaks = scanForPlaintext(dir);
  std::printf("\nScanned %s for the names and notes written above: %d found in the clear.\n", dir.c_str(), leaks);
  return leaks == 0 ? 0 : 1;
}
