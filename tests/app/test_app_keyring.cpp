// test_app_keyring.cpp: a profile made with the OS keyring (`coach init --keyring`, docs/keyring.md) opens in the
// app without a passphrase, against a real GNOME Keyring on a private D-Bus session bus
// (tests/support/session_keyring.hpp); nothing touches the machine's own session or keyring. The app's desktop
// key source reads from the profile which provider it needs, as the `coach` command does (docs/app.md, "Keys").
#include <QSignalSpy>
#include <QtTest>

#include "app_driver.hpp"
#include "app_fixture.hpp"
#include "secret_service.hpp"
#include "session_keyring.hpp"

using namespace coach;
using namespace coach::apptest;

class TestAppKeyring : public QObject {
  Q_OBJECT

 private:
  test::TempDir dir_;
  std::unique_ptr<test::SessionKeyring> keyring_;
  ManualClock clock_{kNow};

  QString profilePath() const { return QString::fromStdString((dir_.path() / "profile.db").string()); }

  std::unique_ptr<app::AppShell> shell() {
    app::AppShell::Options options;
    options.session.profilePath = profilePath();
    options.session.clock = &clock_;
    options.session.language = QStringLiteral("nl");  // keys: the desktop's default, ProfileKeySource
    options.autoSyncMinutes = 0;
    return std::make_unique<app::AppShell>(std::move(options));
  }

 private slots:
  void initTestCase() {
    keyring_ = std::make_unique<test::SessionKeyring>(dir_.path() / "keyring", "login password");
    QVERIFY2(keyring_->start(), keyring_->log().c_str());
    // libsecret finds the Secret Service on this process's session bus: the private one.
    qputenv("DBUS_SESSION_BUS_ADDRESS", QByteArray::fromStdString(keyring_->busAddress()));
    // The profile as `coach init --keyring` makes it: the KEK in the keyring, only the item's id in the profile.
    keyring::SecretServiceKeyProvider keys("IPS Coach Companion: app test profile");
    StoreOptions options{.path = profilePath().toStdString(), .actor = "marieke", .clock = &clock_};
    auto made = Store::createProfile(options, keys);
    QVERIFY2(made.ok(), made.ok() ? "" : made.error().message.c_str());
    auto sanne = made.value()->add("participant", {{"name", "Sanne de Vries"}, {"coach", "marieke"}});
    QVERIFY(sanne.ok());
  }

  void theAppOpensAKeyringProfileWithoutAPassphrase() {
    auto app = shell();
    QVERIFY(!app->session().needsPassphrase());
    QVERIFY(app->load());
    QQuickWindow* window = app->window();
    QVERIFY(window != nullptr);
    window->resize(kPhone);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    // No typing: the Unlock screen shows no passphrase field and opens the profile from the keyring by itself.
    QTRY_VERIFY_WITH_TIMEOUT(app->session().unlocked(), 20000);
    QVERIFY(app->session().error().isEmpty());
    QCOMPARE(app->caseload().total(), 1);
    AppDriver ui(*window, QStringLiteral(COACH_APP_SCREENSHOTS));
    QVERIFY(ui.find(QStringLiteral("todayPage")));
    app->session().lock();
    QVERIFY(ui.find(QStringLiteral("unlockButton")));
    QVERIFY(!ui.find(QStringLiteral("passphraseField"), 200));  // hidden: there is no passphrase to type
    QVERIFY(ui.screenshot(QStringLiteral("unlock-keyring")));
    QVERIFY(ui.tap(QStringLiteral("unlockButton")));  // opening again after locking: one tap
    QTRY_VERIFY_WITH_TIMEOUT(app->session().unlocked(), 20000);
  }

  void withoutTheKeyringTheAppSaysWhatToDoAndChangesNothing() {
    keyring_->stop();  // logged out: no Secret Service on the bus
    auto app = shell();
    QVERIFY(!app->session().needsPassphrase());  // the profile still says where its key is
    QSignalSpy finished(&app->session(), &app::Session::unlockFinished);
    QVERIFY(app->session().beginUnlock(QString()));
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.first().first().toBool(), false);
    QVERIFY(!app->session().unlocked());
    const QString error = app->session().error();
    QVERIFY2(error.contains(QStringLiteral("sleutelbos")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("veilig op dit apparaat")), qPrintable(error));
    // Nothing was changed: the profile still names its keyring item (a new login in a new process opens it
    // again, as tests/cli/test_cli_keyring.cpp shows; glib keeps this process's closed bus connection).
    app::Session::Options again;
    again.profilePath = profilePath();
    again.clock = &clock_;
    app::Session fresh(std::move(again));
    QVERIFY(!fresh.needsPassphrase());
    QVERIFY(!fresh.unlock(QStringLiteral("correct horse battery")));  // no passphrase opens a keyring profile
    QVERIFY(fresh.error().contains(QStringLiteral("sleutelbos")));
  }
};

QTEST_MAIN(TestAppKeyring)
#include "test_app_keyring.moc"
