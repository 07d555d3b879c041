// test_app_models.cpp: the app's view models over a real encrypted profile (QtTest): unlocking, the agenda,
// quick-entry defaults, the core's validation shown next to the field in the coach's language, saving and
// the timeline, the caseload search, the sync line when the device is not linked or offline, the team lead's
// figures, and the Dutch translation being complete.
#include <QFile>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTimer>
#include <QtTest>

#include "app_fixture.hpp"
#include "labels.hpp"
#include "coach/schema_info.hpp"

using namespace coach;
using namespace coach::apptest;

class TestAppModels : public QObject {
  Q_OBJECT

 private:
  std::unique_ptr<AppFixture> fp_;
  std::unique_ptr<app::AppShell> shell_;

  int agendaRow(const QString& participant, const QString& rule) {
    auto& a = shell_->agenda();
    for (int i = 0; i < a.rowCount(); ++i) {
      const auto idx = a.index(i);
      if (a.data(idx, app::AgendaModel::ParticipantIdRole) == participant && a.data(idx, app::AgendaModel::RuleRole) == rule) return i;
    }
    return -1;
  }

 private slots:
  void init() {
    fp_ = std::make_unique<AppFixture>();
    QVERIFY(fp_->dir.isValid());
    const std::string error = fp_->create();
    QVERIFY2(error.empty(), error.c_str());
    shell_ = fp_->shell();
  }
  void cleanup() {
    shell_.reset();
    fp_.reset();
  }

  void aWrongPassphraseOpensNothingAndSaysSoInDutch() {
    auto& s = shell_->session();
    QVERIFY(!s.unlock(QStringLiteral("wrong horse")));
    QVERIFY(!s.unlocked());
    QCOMPARE(s.error(), QStringLiteral("Met dit wachtwoord gaat dit profiel niet open. Probeer het opnieuw."));
    QVERIFY(s.unlock(QString::fromLatin1(kPassphrase)));
    QVERIFY(s.unlocked());
    QCOMPARE(s.actor(), QStringLiteral("marieke"));
    QVERIFY(s.error().isEmpty());
  }

  void todayListsWhatTheCoreSaysIsDueWithTheFormThatRecordsIt() {
    QVERIFY(shell_->session().unlock(QString::fromLatin1(kPassphrase)));
    auto& a = shell_->agenda();
    const int v4 = agendaRow(QString::fromStdString(fp_->sanne), QStringLiteral("v4_first_employer_contact"));
    QVERIFY(v4 >= 0);
    QCOMPARE(a.data(a.index(v4), app::AgendaModel::EntryKindRole).toString(), QStringLiteral("employer_contact"));
    QCOMPARE(a.data(a.index(v4), app::AgendaModel::ParticipantNameRole).toString(), QStringLiteral("Sanne de Vries"));
    QCOMPARE(a.data(a.index(v4), app::AgendaModel::DueTextRole).toString(), QStringLiteral("over 9 dagen"));
    QCOMPARE(a.data(a.index(v4), app::AgendaModel::RuleLabelRole).toString(), QStringLiteral("eerste werkgeverscontact (30 dagen)"));
    const int v12 = agendaRow(QString::fromStdString(fp_->mohammed), QStringLiteral("v12_before_start"));
    QVERIFY(v12 >= 0);
    QCOMPARE(a.data(a.index(v12), app::AgendaModel::EntryKindRole).toString(), QStringLiteral("support_contact"));
    QCOMPARE(a.data(a.index(v12), app::AgendaModel::RecordIdRole).toString(), QString::fromStdString(fp_->job));
    const int v1 = agendaRow(QString::fromStdString(fp_->mohammed), QStringLiteral("v1_benefits_before_start"));
    QVERIFY(v1 >= 0);
    QCOMPARE(a.data(a.index(v1), app::AgendaModel::EntryKindRole).toString(), QStringLiteral("benefits_session"));
    shell_->session().setLanguage(QStringLiteral("en"));
    const int en = agendaRow(QString::fromStdString(fp_->sanne), QStringLiteral("v4_first_employer_contact"));
    QCOMPARE(a.data(a.index(en), app::AgendaModel::RuleLabelRole).toString(), QStringLiteral("first employer contact (30 days)"));
    QCOMPARE(a.data(a.index(en), app::AgendaModel::DueTextRole).toString(), QStringLiteral("due in 9 days"));
  }

  void todayShowsTheWholeTeamOnlyWhenAsked() {
    QVERIFY(shell_->session().unlock(QString::fromLatin1(kPassphrase)));
    Store* store = shell_->session().store();
    auto piet = store->add("participant", {{"name", "Piet Jansen"}, {"coach", "youssef"}});
    QVERIFY(piet.ok());
    QVERIFY(store->add("trajectory", {{"participant_id", piet.value()}, {"referral_date", "2026-02-20"}, {"referral_source", "uwv"},
                                       {"programme_entry_date", "2026-02-20"}, {"status", "job_search"}}).ok());
    shell_->session().notifyDataChanged();
    const QString pietId = QString::fromStdString(piet.value());
    QCOMPARE(agendaRow(pietId, QStringLiteral("v4_first_employer_contact")), -1);  // Youssef's, not Marieke's
    shell_->agenda().setEveryone(true);
    QVERIFY(agendaRow(pietId, QStringLiteral("v4_first_employer_contact")) >= 0);
    QVERIFY(agendaRow(QString::fromStdString(fp_->sanne), QStringLiteral("v4_first_employer_contact")) >= 0);
  }

  void quickEntryStartsWithTodayFaceToFaceAndRecentEmployersFirst() {
    QVERIFY(shell_->session().unlock(QString::fromLatin1(kPassphrase)));
    auto& e = shell_->entry();
    QVERIFY(e.start(QStringLiteral("employer_contact"), QString::fromStdString(fp_->sanne)));
    QCOMPARE(e.value(QStringLiteral("mode")).toString(), QStringLiteral("face_to_face"));
    QCOMPARE(e.value(QStringLiteral("contact_at")).toString(), QStringLiteral("2026-03-02 10:00"));
    const auto choices = e.data(e.index(0), app::EntryForm::ChoicesRole).toList();
    QCOMPARE(e.data(e.index(0), app::EntryForm::NameRole).toString(), QStringLiteral("employer_id"));
    QCOMPARE(choices.size(), 2);
    QCOMPARE(choices[0].toMap()[QStringLiteral("label")].toString(), QStringLiteral("Koffiebranderij Bruin"));
    QCOMPARE(choices[1].toMap()[QStringLiteral("label")].toString(), QStringLiteral("Fietsenmakerij De Spaak"));
    // Enumerations are choices with labels in the coach's language.
    const int purposeRow = 1;
    QCOMPARE(e.data(e.index(purposeRow), app::EntryForm::NameRole).toString(), QStringLiteral("purpose"));
    const auto purposes = e.data(e.index(purposeRow), app::EntryForm::ChoicesRole).toList();
    QCOMPARE(purposes.size(), 7);
    QCOMPARE(purposes[2].toMap()[QStringLiteral("label")].toString(), QStringLiteral("kandidaat voorstellen"));
    // A support contact from the agenda item about a job starts with that job chosen.
    QVERIFY(e.start(QStringLiteral("support_contact"), QString::fromStdString(fp_->mohammed), QString::fromStdString(fp_->job)));
    QCOMPARE(e.value(QStringLiteral("job_id")).toString(), QString::fromStdString(fp_->job));
    QCOMPARE(e.value(QStringLiteral("contact_on")).toString(), QStringLiteral("2026-03-02"));
    QVERIFY(!e.start(QStringLiteral("access_event"), QString::fromStdString(fp_->sanne)));
    QVERIFY(!e.error().isEmpty());
  }

  void theCoresVerdictShowsNextToTheFieldInTheCoachsLanguage() {
    QVERIFY(shell_->session().unlock(QString::fromLatin1(kPassphrase)));
    auto& e = shell_->entry();
    QVERIFY(e.start(QStringLiteral("employer_contact"), QString::fromStdString(fp_->sanne)));
    e.setValue(QStringLiteral("employer_id"), QString::fromStdString(fp_->bruin));
    QVERIFY(!e.save());
    QCOMPARE(e.fieldError(QStringLiteral("purpose")), QStringLiteral("Verplicht: kies of vul dit in."));
    QVERIFY(e.fieldError(QStringLiteral("employer_id")).isEmpty());
    QCOMPARE(e.error(), QStringLiteral("Niet opgeslagen: zie het rood gemarkeerde veld."));
    e.setValue(QStringLiteral("purpose"), QStringLiteral("present_candidate"));
    QVERIFY(e.fieldError(QStringLiteral("purpose")).isEmpty());  // changing a field clears its verdict
    e.setValue(QStringLiteral("duration_minutes"), QStringLiteral("5000"));
    QVERIFY(!e.save());
    QCOMPARE(e.fieldError(QStringLiteral("duration_minutes")), QStringLiteral("Hoogstens 1440."));
    shell_->session().setLanguage(QStringLiteral("en"));
    e.setValue(QStringLiteral("duration_minutes"), QStringLiteral("drie kwartier"));
    QVERIFY(!e.save());
    QCOMPARE(e.fieldError(QStringLiteral("duration_minutes")), QStringLiteral("Type a number, for example 45 or 12,5."));
  }

  void aSavedContactIsOnTheTimelineAndWaitsForTheSync() {
    QVERIFY(shell_->session().unlock(QString::fromLatin1(kPassphrase)));
    const int waitingBefore = shell_->syncStatus().waiting();
    QVERIFY(waitingBefore > 0);  // the fixture's caseload was never synced
    auto& e = shell_->entry();
    QVERIFY(e.start(QStringLiteral("employer_contact"), QString::fromStdString(fp_->sanne)));
    e.setValue(QStringLiteral("employer_id"), QString::fromStdString(fp_->bruin));
    e.setValue(QStringLiteral("purpose"), QStringLiteral("present_candidate"));
    e.setValue(QStringLiteral("duration_minutes"), QStringLiteral("45"));
    QSignalSpy saved(&e, &app::EntryForm::saved);
    QVERIFY(e.save());
    QCOMPARE(saved.count(), 1);
    auto& t = shell_->timeline();
    t.setParticipantId(QString::fromStdString(fp_->sanne));
    QCOMPARE(t.name(), QStringLiteral("Sanne de Vries"));
    bool found = false;
    for (int i = 0; i < t.rowCount(); ++i) {
      const auto idx = t.index(i);
      if (t.data(idx, app::TimelineModel::KindRole) != QStringLiteral("employer_contact")) continue;
      found = true;
      QCOMPARE(t.data(idx, app::TimelineModel::SummaryRole).toString(),
               QStringLiteral("Koffiebranderij Bruin · face-to-face · kandidaat voorstellen"));
      QCOMPARE(t.data(idx, app::TimelineModel::DayRole).toString(), QStringLiteral("ma 2 mrt. 2026 10:00"));
    }
    QVERIFY(found);
    // The core's agenda: a face-to-face employer contact stops Sanne's 30-day clock.
    QCOMPARE(agendaRow(QString::fromStdString(fp_->sanne), QStringLiteral("v4_first_employer_contact")), -1);
    // "N changes waiting" is the core's exact count: the caseload made before (never synced) and this contact.
    const auto pending = shell_->session().store()->pendingChanges();
    QVERIFY(pending.ok());
    QCOMPARE(shell_->syncStatus().waiting(), static_cast<int>(pending.value()));
    QVERIFY(waitingBefore < shell_->syncStatus().waiting());
    QVERIFY2(shell_->syncStatus().line().contains(QStringLiteral("%1 wijzigingen wachten").arg(pending.value())),
             qPrintable(shell_->syncStatus().line()));
    // A note is a dated line on the participant, kept encrypted by the store.
    QVERIFY(e.start(QStringLiteral("participant_note"), QString::fromStdString(fp_->sanne)));
    e.setValue(QStringLiteral("note"), QStringLiteral("Wil graag met de handen werken"));
    QVERIFY(e.save());
    QCOMPARE(t.note(), QStringLiteral("02-03-2026 marieke: Wil graag met de handen werken"));
    QCOMPARE(shell_->syncStatus().waiting(), static_cast<int>(shell_->session().store()->pendingChanges().value()));
  }

  void aJobChangeShowsTheCurrentTermsAndWritesOnlyWhatChanged() {
    QVERIFY(shell_->session().unlock(QString::fromLatin1(kPassphrase)));
    auto& e = shell_->entry();
    QVERIFY(e.start(QStringLiteral("job_change"), QString::fromStdString(fp_->mohammed)));
    QCOMPARE(e.title(), QStringLiteral("wijziging van uren, loon of functie"));
    // Mohammed's one current job is chosen, its terms filled in; the day defaults to today.
    QCOMPARE(e.value(QStringLiteral("job_id")).toString(), QString::fromStdString(fp_->job));
    QCOMPARE(e.data(e.index(0), app::EntryForm::ChoicesRole).toList().size(), 1);
    QCOMPARE(e.value(QStringLiteral("hours_per_week")).toString(), QStringLiteral("16"));
    QCOMPARE(e.value(QStringLiteral("title")).toString(), QStringLiteral("Fietsenmaker"));
    QCOMPARE(e.value(QStringLiteral("terms_changed_on")).toString(), QStringLiteral("2026-03-02"));
    QVERIFY(!e.save());  // nothing changed
    QCOMPARE(e.fieldError(QStringLiteral("hours_per_week")), QStringLiteral("Niets gewijzigd: typ de nieuwe uren, het nieuwe loon of de nieuwe functie."));
    e.setValue(QStringLiteral("hours_per_week"), QStringLiteral("75"));
    QVERIFY(!e.save());  // the core's range, next to the field
    QCOMPARE(e.fieldError(QStringLiteral("hours_per_week")), QStringLiteral("Hoogstens 60."));
    e.setValue(QStringLiteral("hours_per_week"), QStringLiteral("24"));
    e.setValue(QStringLiteral("hourly_wage"), QStringLiteral("13,50"));
    e.setValue(QStringLiteral("terms_changed_on"), QStringLiteral("01-04-2026"));
    QVERIFY2(e.save(), qPrintable(e.error()));
    auto job = shell_->session().store()->get(fp_->job);
    QVERIFY(job.ok());
    const auto& f = job.value()["fields"];
    QCOMPARE(QString::fromStdString(f["hours_per_week"].get<std::string>()).toDouble(), 24.0);
    QCOMPARE(QString::fromStdString(f["hourly_wage"].get<std::string>()).toDouble(), 13.5);
    QCOMPARE(f["terms_changed_on"].get<std::string>(), std::string("2026-04-01"));
    QCOMPARE(f["title"].get<std::string>(), std::string("Fietsenmaker"));
    // A new title alone starts no benefits-session clock: the day stays the one of the hours.
    QVERIFY(e.start(QStringLiteral("job_change"), QString::fromStdString(fp_->mohammed)));
    e.setValue(QStringLiteral("title"), QStringLiteral("Fietsenmaker (leerling)"));
    QVERIFY(e.save());
    job = shell_->session().store()->get(fp_->job);
    QCOMPARE(job.value()["fields"]["title"].get<std::string>(), std::string("Fietsenmaker (leerling)"));
    QCOMPARE(job.value()["fields"]["terms_changed_on"].get<std::string>(), std::string("2026-04-01"));
  }

  void aJobEndNeedsItsDayAndReasonAndThenTheJobIsNoLongerCurrent() {
    QVERIFY(shell_->session().unlock(QString::fromLatin1(kPassphrase)));
    auto& e = shell_->entry();
    QVERIFY(!e.start(QStringLiteral("job_end"), QString::fromStdString(fp_->sanne)) || !e.error().isEmpty());
    QCOMPARE(e.error(), QStringLiteral("Deze deelnemer heeft geen baan die nog loopt."));
    auto& page = shell_->timeline();
    page.setParticipantId(QString::fromStdString(fp_->sanne));
    QVERIFY(!page.hasCurrentJob());
    page.setParticipantId(QString::fromStdString(fp_->mohammed));
    QVERIFY(page.hasCurrentJob());
    QVERIFY(e.start(QStringLiteral("job_end"), QString::fromStdString(fp_->mohammed)));
    QCOMPARE(e.value(QStringLiteral("end_date")).toString(), QStringLiteral("2026-03-02"));
    QCOMPARE(e.value(QStringLiteral("end_heard_on")).toString(), QStringLiteral("2026-03-02"));
    const auto reasons = e.data(e.index(2), app::EntryForm::ChoicesRole).toList();
    QCOMPARE(e.data(e.index(2), app::EntryForm::NameRole).toString(), QStringLiteral("end_reason"));
    QCOMPARE(reasons.size(), 8);
    QCOMPARE(reasons[3].toMap()[QStringLiteral("label")].toString(), QStringLiteral("contract niet verlengd"));
    QVERIFY(!e.save());
    QCOMPARE(e.fieldError(QStringLiteral("end_reason")), QStringLiteral("Verplicht: kies of vul dit in."));
    e.setValue(QStringLiteral("end_reason"), QStringLiteral("quit"));
    QVERIFY(e.error().isEmpty());  // nothing is marked any more
    e.setValue(QStringLiteral("end_date"), QStringLiteral("01-03-2026"));
    QVERIFY(!e.save());  // the core: not before the first working day (4 March)
    QCOMPARE(e.fieldError(QStringLiteral("end_date")), QStringLiteral("Deze dag ligt vóór de dag waar hij op volgt."));
    e.setValue(QStringLiteral("end_date"), QStringLiteral("06-03-2026"));
    QVERIFY(!e.save());  // and the day the coach heard of it (today) is before the first working day too
    QCOMPARE(e.fieldError(QStringLiteral("end_heard_on")), QStringLiteral("Deze dag ligt vóór de dag waar hij op volgt."));
    e.setValue(QStringLiteral("end_heard_on"), QStringLiteral("2026-03-07"));
    e.setValue(QStringLiteral("end_initiated_by"), QStringLiteral("participant"));
    QVERIFY2(e.save(), qPrintable(e.error()));
    auto job = shell_->session().store()->get(fp_->job);
    QVERIFY(job.ok());
    QCOMPARE(job.value()["fields"]["end_date"].get<std::string>(), std::string("2026-03-06"));
    QCOMPARE(job.value()["fields"]["end_reason"].get<std::string>(), std::string("quit"));
    QCOMPARE(job.value()["fields"]["end_initiated_by"].get<std::string>(), std::string("participant"));
    QVERIFY(e.start(QStringLiteral("job_change"), QString::fromStdString(fp_->mohammed)));
    QCOMPARE(e.data(e.index(0), app::EntryForm::ChoicesRole).toList().size(), 0);  // ended: not offered again
    page.refresh();  // and the participant page no longer offers a change or an end
    QVERIFY(!page.hasCurrentJob());
  }

  void theUnlockDerivesTheKeyOffTheUiThread() {
    // A profile at the real scrypt cost (about 0.1 s, more under the sanitizers).
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("slow.db"));
    {
      PassphraseKeyProvider keys(kPassphrase);
      StoreOptions options{.path = path.toStdString(), .actor = "marieke", .clock = &fp_->clock};
      QVERIFY(Store::createProfile(options, keys).ok());
    }
    app::Session::Options options;
    options.profilePath = path;
    options.clock = &fp_->clock;
    app::Session session(std::move(options));  // the desktop's source: it reads that this is a passphrase profile
    QVERIFY(session.needsPassphrase());
    QSignalSpy finished(&session, &app::Session::unlockFinished);
    int ticks = 0;
    QTimer ticker;
    connect(&ticker, &QTimer::timeout, [&ticks] { ++ticks; });
    ticker.start(5);
    QVERIFY(session.beginUnlock(QString::fromLatin1(kPassphrase)));
    QVERIFY(session.unlocking());  // returned before the key was derived
    QVERIFY(!session.unlocked());
    QVERIFY(!session.beginUnlock(QString::fromLatin1(kPassphrase)));  // one at a time
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.first().first().toBool(), true);
    QVERIFY(session.unlocked());
    QVERIFY(!session.unlocking());
    QVERIFY2(ticks >= 3, qPrintable(QString::number(ticks)));  // the UI thread's event loop kept turning
    // A wrong passphrase fails the same way, in the coach's words.
    session.lock();
    QVERIFY(session.beginUnlock(QStringLiteral("wrong horse")));
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.last().first().toBool(), false);
    QCOMPARE(session.error(), QStringLiteral("Met dit wachtwoord gaat dit profiel niet open. Probeer het opnieuw."));
  }

  void caseloadSearchFiltersByNameOnTheDevice() {
    QVERIFY(shell_->session().unlock(QString::fromLatin1(kPassphrase)));
    auto& c = shell_->caseload();
    QCOMPARE(c.total(), 2);
    c.setSearch(QStringLiteral("moh"));
    QCOMPARE(c.count(), 1);
    QCOMPARE(c.data(c.index(0), app::CaseloadModel::NameRole).toString(), QStringLiteral("Mohammed Ali"));
    QCOMPARE(c.data(c.index(0), app::CaseloadModel::StatusRole).toString(), QStringLiteral("aan het werk"));
    c.setSearch(QStringLiteral("VRIES"));
    QCOMPARE(c.count(), 1);
    c.setSearch(QStringLiteral("nobody"));
    QCOMPARE(c.count(), 0);
    c.setSearch({});
    QCOMPARE(c.count(), 2);
  }

  void theSyncLineSaysInPlainWordsWhenTheDeviceIsNotLinkedOrOffline() {
    QVERIFY(shell_->session().unlock(QString::fromLatin1(kPassphrase)));
    auto& sync = shell_->syncStatus();
    QCOMPARE(sync.state(), QStringLiteral("unlinked"));  // a team, but no server saved
    QVERIFY(!sync.syncNow());
    QVERIFY(sync.problem().contains(QStringLiteral("coach enrol")));
    Store* store = shell_->session().store();
    QVERIFY(store->putSetting("server.url", "http://127.0.0.1:9").ok());  // the discard port: nothing listens
    QVERIFY(store->putSetting("server.token", "t0k3n", SettingKind::Secret).ok());
    QSignalSpy finished(&sync, &app::SyncStatus::finished);
    QVERIFY(sync.syncNow());
    QVERIFY(sync.busy());
    QCOMPARE(sync.state(), QStringLiteral("syncing"));
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.first().first().toBool(), false);
    QCOMPARE(sync.state(), QStringLiteral("offline"));
    QVERIFY2(sync.problem().startsWith(QStringLiteral("Geen verbinding met de teamserver.")), qPrintable(sync.problem()));
    QVERIFY(sync.problem().contains(QStringLiteral("veilig op dit apparaat")));
    QVERIFY(sync.line().startsWith(QStringLiteral("Offline")));
  }

  void syncErrorsAreExplainedInPlainWords() {
    bool offline = true;
    QVERIFY(app::SyncStatus::explainSyncError(Error{ErrorCode::ClockDrift, "x"}, offline).contains(QStringLiteral("klok")));
    QVERIFY(!offline);
    QVERIFY(app::SyncStatus::explainSyncError(Error{ErrorCode::DeviceRevoked, "x"}, offline).contains(QStringLiteral("ingetrokken")));
    QVERIFY(!offline);
    app::SyncStatus::explainSyncError(Error{ErrorCode::Unavailable, "x"}, offline);
    QVERIFY(offline);
  }

  void theTeamLeadSeesFidelityAndWeeklyEmployerContactsPerCoach() {
    QVERIFY(shell_->session().unlock(QString::fromLatin1(kPassphrase)));
    auto& t = shell_->teamLead();
    t.refresh();
    QVERIFY2(t.error().isEmpty(), qPrintable(t.error()));
    QCOMPARE(t.items().size(), 25);
    QCOMPARE(t.weeks().size(), 6);
    QCOMPARE(t.weeks().last(), QStringLiteral("2026-W10"));
    QCOMPARE(t.coaches().size(), 1);
    const auto marieke = t.coaches().first().toMap();
    QCOMPARE(marieke[QStringLiteral("coach")].toString(), QStringLiteral("marieke"));
    // The one face-to-face contact of 2026-02-20 falls in ISO week 8, the fourth of the six shown.
    QCOMPARE(marieke[QStringLiteral("counts")].toList()[3].toInt(), 1);
    QCOMPARE(marieke[QStringLiteral("counts")].toList()[5].toInt(), 0);
  }

  void everyChoiceAndFieldTheQuickEntryShowsHasALabel() {
    for (const char* kind : {"employer_contact", "support_contact", "benefits_session", "job", "pause"}) {
      const auto* info = schema::kind(kind);
      QVERIFY(info != nullptr);
      for (const auto& field : info->fields) {
        if (field.type != schema::FieldType::Enum && field.type != schema::FieldType::EnumSet) continue;
        if (field.name == "how_found" || field.name == "disclosure" || field.name == "disclosed_by") continue;  // not in a quick entry
        for (const auto& v : field.values) QVERIFY2(app::labels::hasValue(QString::fromStdString(v)), v.c_str());
      }
    }
  }

  void theDutchTranslationIsComplete() {
    QFile ts(QStringLiteral(COACH_APP_SOURCE_DIR "/i18n/app_nl.ts"));
    QVERIFY(ts.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(ts.readAll());
    QVERIFY(text.count(QStringLiteral("<message")) > 150);
    QCOMPARE(text.count(QStringLiteral("type=\"unfinished\"")), 0);
    QCOMPARE(text.count(QStringLiteral("<translation></translation>")), 0);
  }
};

QTEST_MAIN(TestAppModels)
#include "test_app_models.moc"
