// test_app_e2e.cpp: the real app, driven offscreen as a coach would use it, against a real coach-syncd on
// loopback (docs/app.md, "Proof"): unlock; from Today, record an employer contact for Sanne in the quick
// entry (counting taps and keystrokes); see it on her timeline; sync in the background; see it arrive on a
// second device's profile; a note edited on both devices becomes a conflict that the coach resolves; the
// caseload search, the team lead's screen, a revoked device told so in plain words, English, and locking. Screenshots of every screen at phone and
// laptop size are saved under the build directory (COACH_APP_SCREENSHOTS).
#include <QQuickItem>
#include <QSGRendererInterface>
#include <QtTest>

#include <cstdio>

#include "app_driver.hpp"
#include "app_fixture.hpp"
#include "coach/http_transport.hpp"
#include "coach/lifecycle.hpp"
#include "syncd_process.hpp"

using namespace coach;
using namespace coach::apptest;

class TestAppE2e : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir serverDir_;
  std::unique_ptr<test::SyncdProcess> server_;
  AppFixture app_;     // the team lead Marieke's laptop or phone: the app's profile
  AppFixture other_;   // a coach's second device (Youssef): the profile the change must reach
  std::unique_ptr<Store> otherStore_;
  std::string team_;

  HttpOptions serverOptions(const std::string& token) const {
    HttpOptions o;
    o.baseUrl = server_->url();
    o.token = token;
    return o;
  }
  // `coach-syncd admin ... --json` parsed.
  nlohmann::json admin(const std::string& args) const {
    const std::string command = std::string(COACH_SYNCD_BINARY) + " admin --data " + server_->dataDir().string() + " --json " + args;
    std::string out;
    if (std::FILE* p = ::popen(command.c_str(), "r")) {
      char buf[4096];
      for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
      ::pclose(p);
    }
    return nlohmann::json::parse(out, nullptr, false);
  }
  // Enrols `store` with `code`, saves the server link in the profile as `coach enrol` does; the token.
  std::string enrol(Store& store, const std::string& code) {
    auto keys = lifecycle::deviceKeys(store);
    if (!keys.ok()) return {};
    auto answer = enrolDevice(serverOptions(""), sync::EnrolRequest{code, store.deviceId(), keys->signingKey, keys->agreementKey});
    if (!answer.ok()) return {};
    team_ = answer->team;
    if (!store.putSetting("server.url", server_->url()).ok()) return {};
    if (!store.putSetting("server.token", answer->token, SettingKind::Secret).ok()) return {};
    return answer->token;
  }
  int agendaRow(app::AppShell& shell, const std::string& participant, const QString& rule) {
    auto& a = shell.agenda();
    for (int i = 0; i < a.rowCount(); ++i) {
      const auto idx = a.index(i);
      if (a.data(idx, app::AgendaModel::ParticipantIdRole).toString().toStdString() == participant &&
          a.data(idx, app::AgendaModel::RuleRole).toString() == rule) return i;
    }
    return -1;
  }
  bool syncOther() {
    auto token = otherStore_->setting("server.token");
    auto transport = HttpTransport::create(serverOptions(token.ok() && token.value() ? *token.value() : ""));
    if (!transport.ok()) return false;
    auto report = sync::SyncClient(*otherStore_, *transport.value()).sync();
    if (!report.ok()) qWarning() << "second device's sync:" << report.error().message.c_str();
    return report.ok();
  }

 private slots:
  void initTestCase() {
    QQuickWindow::setGraphicsApi(QSGRendererInterface::Software);
    QVERIFY(serverDir_.isValid());
    server_ = std::make_unique<test::SyncdProcess>(serverDir_.path().toStdString());
    QVERIFY2(server_->start(), server_->log().c_str());
    const auto first = server_->event("first_start");
    QVERIFY(first.is_object());

    // The lead's device founds the team, then records the caseload (app_fixture.hpp).
    std::string error;
    auto lead = app_.makeProfile("marieke", error);
    QVERIFY2(lead != nullptr, error.c_str());
    const std::string leadToken = enrol(*lead, first["enrol_code"].get<std::string>());
    QVERIFY(!leadToken.empty());
    auto leadTransport = HttpTransport::create(serverOptions(leadToken));
    QVERIFY(leadTransport.ok());
    auto recovery = lifecycle::foundTeam(*lead, *leadTransport.value(), team_);
    QVERIFY2(recovery.ok(), recovery.ok() ? "" : recovery.error().message.c_str());
    error = app_.addCaseload(*lead, "marieke");
    QVERIFY2(error.empty(), error.c_str());

    // A second device enrols with an admin's code and is approved after comparing fingerprints.
    otherStore_ = other_.makeProfile("youssef", error);
    QVERIFY2(otherStore_ != nullptr, error.c_str());
    const auto code = admin("enrol-code --team " + team_);
    QVERIFY(code.is_object());
    const std::string otherToken = enrol(*otherStore_, code["code"].get<std::string>());
    QVERIFY(!otherToken.empty());
    auto fingerprint = lifecycle::ownFingerprint(*otherStore_);
    QVERIFY(fingerprint.ok());
    auto approved = lifecycle::approveDevice(*lead, *leadTransport.value(), otherStore_->deviceId(), fingerprint.value());
    QVERIFY2(approved.ok(), approved.ok() ? "" : approved.error().message.c_str());
    auto otherTransport = HttpTransport::create(serverOptions(otherToken));
    QVERIFY(otherTransport.ok());
    auto joined = lifecycle::joinWhenApproved(*otherStore_, *otherTransport.value(), team_);
    QVERIFY(joined.ok() && joined.value());
    lead.reset();  // the app opens the profile next
  }

  void aCoachRecordsAnEmployerContactAndItReachesTheTeam() {
    auto shell = app_.shell(QStringLiteral("nl"));
    QVERIFY(shell->load());
    QQuickWindow* window = shell->window();
    QVERIFY(window != nullptr);
    window->resize(kPhone);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    AppDriver ui(*window, QStringLiteral(COACH_APP_SCREENSHOTS));

    // Unlock.
    QVERIFY(ui.find(QStringLiteral("passphraseField")));
    QVERIFY(ui.screenshot(QStringLiteral("unlock")));
    QVERIFY(ui.type(QStringLiteral("passphraseField"), QStringLiteral("wrong")));
    QVERIFY(ui.tap(QStringLiteral("unlockButton")));
    QTRY_VERIFY(!shell->session().error().isEmpty());
    QVERIFY(ui.screenshot(QStringLiteral("unlock-wrong")));
    QVERIFY(ui.find(QStringLiteral("passphraseField"))->property("text").toString().size() == 5);
    QVERIFY(ui.type(QStringLiteral("passphraseField"), QString::fromLatin1(kPassphrase)));
    QTest::keyClick(window, Qt::Key_Return);
    QTRY_VERIFY(shell->session().unlocked());

    // Today: Sanne's 30-day clock; one tap opens the quick entry for her.
    QVERIFY(ui.find(QStringLiteral("todayPage")));
    QVERIFY(ui.screenshot(QStringLiteral("today")));
    const int row = agendaRow(*shell, app_.sanne, QStringLiteral("v4_first_employer_contact"));
    QVERIFY(row >= 0);
    ui.taps = 0;
    ui.keystrokes = 0;
    QVERIFY(ui.tap(QStringLiteral("record_%1").arg(row)));
    QVERIFY(ui.find(QStringLiteral("entryPage")));
    QCOMPARE(shell->entry().participantId().toStdString(), app_.sanne);
    QVERIFY(ui.screenshot(QStringLiteral("entry")));
    QVERIFY(ui.tap(QStringLiteral("choice_employer_id_0")));  // Koffiebranderij Bruin, the most recent employer
    QVERIFY(ui.tap(QStringLiteral("choice_purpose_2")));      // present a candidate
    QVERIFY(ui.tap(QStringLiteral("saveButton")));
    QVERIFY(ui.find(QStringLiteral("participantPage")));
    qInfo("Quick entry of an employer contact from Today: %d taps, %d keystrokes", ui.taps, ui.keystrokes);
    QCOMPARE(ui.taps, 4);
    QCOMPARE(ui.keystrokes, 0);

    // On Sanne's timeline, in Dutch.
    QCOMPARE(shell->timeline().participantId().toStdString(), app_.sanne);
    QQuickItem* summary = ui.find(QStringLiteral("timelineSummary"));
    QVERIFY(summary != nullptr);
    QVERIFY2(summary->property("text").toString().contains(QStringLiteral("Koffiebranderij Bruin · face-to-face · kandidaat voorstellen")),
             qPrintable(summary->property("text").toString()));
    QCOMPARE(shell->syncStatus().waiting(), static_cast<int>(shell->session().store()->pendingChanges().value()));
    QVERIFY(shell->syncStatus().waiting() > 0);
    QVERIFY(ui.screenshot(QStringLiteral("participant")));

    // The core's verdict next to the field: a support contact without its kind.
    QVERIFY(ui.tap(QStringLiteral("action_support_contact")));
    QVERIFY(ui.find(QStringLiteral("entryPage")));
    QVERIFY(ui.tap(QStringLiteral("saveButton")));
    QQuickItem* typeError = ui.find(QStringLiteral("error_type"));
    QVERIFY(typeError != nullptr);
    QCOMPARE(typeError->property("text").toString(), QStringLiteral("Verplicht: kies of vul dit in."));
    QVERIFY(ui.screenshot(QStringLiteral("entry-error")));
    QVERIFY(ui.tap(QStringLiteral("cancelButton")));
    QVERIFY(ui.find(QStringLiteral("participantPage")));

    // Mohammed's job from Today: new hours (the job and its hours are filled in), then its end.
    QVERIFY(ui.tap(QStringLiteral("navToday")));
    const int v12 = agendaRow(*shell, app_.mohammed, QStringLiteral("v12_before_start"));
    QVERIFY(v12 >= 0);
    ui.taps = 0;
    ui.keystrokes = 0;
    QVERIFY(ui.tap(QStringLiteral("agendaName_%1").arg(v12)));
    QVERIFY(ui.find(QStringLiteral("participantPage")));
    QVERIFY(ui.tap(QStringLiteral("action_job_change")));
    QVERIFY(ui.find(QStringLiteral("entryPage")));
    QCOMPARE(ui.find(QStringLiteral("field_hours_per_week"))->property("text").toString(), QStringLiteral("16"));
    QVERIFY(ui.screenshot(QStringLiteral("job-change")));
    QVERIFY(ui.type(QStringLiteral("field_hours_per_week"), QStringLiteral("24")));
    QVERIFY(ui.tap(QStringLiteral("saveButton")));
    QVERIFY(ui.find(QStringLiteral("participantPage")));
    qInfo("Job change (new hours) from Today: %d taps, %d keystrokes", ui.taps, ui.keystrokes);
    QCOMPARE(ui.taps, 4);
    QCOMPARE(ui.keystrokes, 2);
    // A week later (the job started on 4 March) the job ends; the coach hears of it on its last day.
    app_.clock.advance(7 * 24 * 3600 * 1000);
    other_.clock.advance(7 * 24 * 3600 * 1000);  // the second device lives in the same week (the drift bound)
    QVERIFY(ui.tap(QStringLiteral("navToday")));
    ui.taps = 0;
    ui.keystrokes = 0;
    QVERIFY(ui.tap(QStringLiteral("agendaName_%1").arg(agendaRow(*shell, app_.mohammed, QStringLiteral("v12_before_start")))));
    QVERIFY(ui.tap(QStringLiteral("action_job_end")));
    QVERIFY(ui.find(QStringLiteral("entryPage")));
    QVERIFY(ui.tap(QStringLiteral("saveButton")));  // no reason chosen: the verdict next to the field
    QCOMPARE(ui.find(QStringLiteral("error_end_reason"))->property("text").toString(), QStringLiteral("Verplicht: kies of vul dit in."));
    QVERIFY(ui.tap(QStringLiteral("choice_end_reason_3")));  // contract not renewed
    QVERIFY(ui.screenshot(QStringLiteral("job-end")));
    QVERIFY(ui.tap(QStringLiteral("saveButton")));
    QVERIFY(ui.find(QStringLiteral("participantPage")));
    qInfo("Job end (today) from Today: %d taps, %d keystrokes (one of them a Save refused for want of a reason)",
          ui.taps, ui.keystrokes);
    QCOMPARE(ui.taps, 5);
    QCOMPARE(ui.keystrokes, 0);
    auto job = shell->session().store()->get(app_.job);
    QVERIFY(job.ok());
    QCOMPARE(job.value()["fields"]["end_date"].get<std::string>(), std::string("2026-03-09"));
    QCOMPARE(job.value()["fields"]["end_reason"].get<std::string>(), std::string("contract_not_renewed"));
    QCOMPARE(QString::fromStdString(job.value()["fields"]["hours_per_week"].get<std::string>()).toDouble(), 24.0);
    // Back to Sanne's page, through the caseload.
    QVERIFY(ui.tap(QStringLiteral("navCaseload")));
    QVERIFY(ui.type(QStringLiteral("searchField"), QStringLiteral("san")));
    QVERIFY(ui.tap(QStringLiteral("caseloadRow_0")));
    QVERIFY(ui.find(QStringLiteral("participantPage")));
    QCOMPARE(shell->timeline().participantId().toStdString(), app_.sanne);

    // Sync in the background against the real server.
    QVERIFY(ui.tap(QStringLiteral("syncButton")));
    QTRY_VERIFY_WITH_TIMEOUT(!shell->syncStatus().busy(), 30000);
    QVERIFY2(shell->syncStatus().state() == QStringLiteral("ok"), qPrintable(shell->syncStatus().problem()));
    QCOMPARE(shell->syncStatus().waiting(), 0);
    QVERIFY(shell->syncStatus().line().contains(QStringLiteral("laatst gesynchroniseerd")));
    QVERIFY(ui.screenshot(QStringLiteral("synced")));

    // The contact arrives on the second device's profile.
    QVERIFY(syncOther());
    auto contacts = otherStore_->list("employer_contact", {{"participant_id", app_.sanne}});
    QVERIFY(contacts.ok());
    QCOMPARE(contacts->size(), std::size_t{1});
    QCOMPARE((*contacts)[0]["fields"]["employer_id"].get<std::string>(), app_.bruin);
    QCOMPARE((*contacts)[0]["fields"]["purpose"].get<std::string>(), std::string("present_candidate"));
    QCOMPARE((*contacts)[0]["fields"]["coach"].get<std::string>(), std::string("marieke"));
    auto otherJob = otherStore_->get(app_.job);  // the job's change and end arrive too
    QVERIFY2(otherJob.ok(), otherJob.ok() ? "" : otherJob.error().message.c_str());
    QCOMPARE(otherJob.value()["fields"]["end_reason"].get<std::string>(), std::string("contract_not_renewed"));
    QCOMPARE(QString::fromStdString(otherJob.value()["fields"]["hours_per_week"].get<std::string>()).toDouble(), 24.0);

    // Both devices write Sanne's note offline: the app shows both versions and the coach keeps both.
    QVERIFY(otherStore_->update(app_.sanne, {{"note", "Youssef: wil 16 uur werken"}}).ok());
    QVERIFY(syncOther());
    QVERIFY(ui.tap(QStringLiteral("action_participant_note")));
    QVERIFY(ui.type(QStringLiteral("field_note"), QStringLiteral("Wil fietsen maken")));
    QVERIFY(ui.tap(QStringLiteral("saveButton")));
    QVERIFY(ui.find(QStringLiteral("participantPage")));
    QVERIFY(ui.tap(QStringLiteral("syncButton")));
    QTRY_VERIFY_WITH_TIMEOUT(!shell->syncStatus().busy(), 30000);
    QVERIFY2(shell->syncStatus().state() == QStringLiteral("ok"), qPrintable(shell->syncStatus().problem()));
    QCOMPARE(shell->conflicts().count(), 1);
    QVERIFY(ui.tap(QStringLiteral("navConflicts")));
    QVERIFY(ui.find(QStringLiteral("conflictsPage")));
    QVERIFY(ui.screenshot(QStringLiteral("conflicts")));
    QVERIFY(ui.tap(QStringLiteral("keepBoth_0")));
    QCOMPARE(shell->conflicts().count(), 0);

    // Caseload search by name.
    QVERIFY(ui.tap(QStringLiteral("navCaseload")));
    QVERIFY(ui.type(QStringLiteral("searchField"), QStringLiteral("san")));
    QCOMPARE(shell->caseload().count(), 1);
    QVERIFY(ui.find(QStringLiteral("caseloadRow_0")));
    QVERIFY(ui.screenshot(QStringLiteral("caseload")));
    QVERIFY(ui.tap(QStringLiteral("caseloadRow_0")));
    QVERIFY(ui.find(QStringLiteral("participantPage")));
    QVERIFY(shell->timeline().note().contains(QStringLiteral("Wil fietsen maken")));
    QVERIFY(shell->timeline().note().contains(QStringLiteral("Youssef: wil 16 uur werken")));

    // The team lead's screen.
    QVERIFY(ui.tap(QStringLiteral("navTeam")));
    QVERIFY(ui.find(QStringLiteral("teamLeadPage")));
    QCOMPARE(shell->teamLead().items().size(), 25);
    QVERIFY(ui.screenshot(QStringLiteral("team")));

    // A lost phone: the admin revokes this device; the next sync says so in plain words.
    const auto revoked = admin("revoke --team " + team_ + " " + shell->session().store()->deviceId());
    QVERIFY(revoked.is_object());
    QVERIFY(ui.tap(QStringLiteral("syncButton")));
    QTRY_VERIFY_WITH_TIMEOUT(!shell->syncStatus().busy(), 30000);
    QCOMPARE(shell->syncStatus().state(), QStringLiteral("problem"));
    QVERIFY2(shell->syncStatus().problem().startsWith(QStringLiteral("Dit apparaat is door je team ingetrokken")),
             qPrintable(shell->syncStatus().problem()));
    QVERIFY(ui.screenshot(QStringLiteral("revoked")));

    // English on request; then lock.
    QVERIFY(ui.tap(QStringLiteral("languageButton")));
    QCOMPARE(shell->session().language(), QStringLiteral("en"));
    QVERIFY(ui.tap(QStringLiteral("navToday")));
    QVERIFY(ui.find(QStringLiteral("todayPage")));
    QTRY_COMPARE(ui.find(QStringLiteral("navToday"))->property("text").toString(), QStringLiteral("Today"));
    QCOMPARE(ui.find(QStringLiteral("agendaSummary"))->property("text").toString(), QStringLiteral("2 items due this week, 2 overdue"));  // a week on
    // What the last sync said follows the language too.
    QVERIFY(shell->syncStatus().problem().startsWith(QStringLiteral("This device was revoked by your team")));
    QVERIFY(ui.screenshot(QStringLiteral("today-en")));
    QVERIFY(ui.tap(QStringLiteral("lockButton")));
    QVERIFY(!shell->session().unlocked());
    QVERIFY(ui.find(QStringLiteral("passphraseField")));
  }

  void cleanupTestCase() {
    otherStore_.reset();
    if (server_) server_->kill(SIGTERM);
  }
};

QTEST_MAIN(TestAppE2e)
#include "test_app_e2e.moc"
