// test_app_qml.cpp: the main() of the QML tests (Qt Quick Test): every qml/tst_*.qml runs against the app's
// real view models over a fresh encrypted profile (app_fixture.hpp), unlocked, in Dutch. The test files see
// the view models as the app's QML does (session, agenda, caseload, entry, syncStatus, ...) and the fixture's
// record ids as `fixture`.
#include <QQmlContext>
#include <QQmlEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QSGRendererInterface>
#include <QtQuickTest>

#include "app_fixture.hpp"

using namespace coach::apptest;

class Setup : public QObject {
  Q_OBJECT
 public slots:
  void applicationAvailable() {
    QQuickWindow::setGraphicsApi(QSGRendererInterface::Software);
    QQuickStyle::setStyle(QStringLiteral("Basic"));
  }
  void qmlEngineAvailable(QQmlEngine* engine) {
    fixture_ = std::make_unique<AppFixture>();
    const std::string error = fixture_->create();
    if (!error.empty()) qFatal("making the test profile: %s", error.c_str());
    shell_ = fixture_->shell(QStringLiteral("nl"));
    if (!shell_->session().unlock(QString::fromLatin1(kPassphrase))) qFatal("unlocking the test profile failed");
    shell_->exposeTo(*engine->rootContext());
    engine->rootContext()->setContextProperty(
        QStringLiteral("fixture"),
        QVariantMap{{QStringLiteral("sanne"), QString::fromStdString(fixture_->sanne)},
                    {QStringLiteral("mohammed"), QString::fromStdString(fixture_->mohammed)},
                    {QStringLiteral("bruin"), QString::fromStdString(fixture_->bruin)}});
  }
  void cleanupTestCase() {
    shell_.reset();
    fixture_.reset();
  }

 private:
  std::unique_ptr<AppFixture> fixture_;
  std::unique_ptr<coach::app::AppShell> shell_;
};

QUICK_TEST_MAIN_WITH_SETUP(app_qml, Setup)
#include "test_app_qml.moc"
