// app_shell.cpp: the view models, the QML engine and the language (app_shell.hpp).
#include "app_shell.hpp"

#include <QCoreApplication>
#include <QQmlContext>
#include <QQuickStyle>
#include <QQuickWindow>

// The QML files are a resource of the static library coach_app_lib; a static library's resources are
// registered only when something calls their initialiser (outside any namespace, as Qt requires).
static void initAppResources() { Q_INIT_RESOURCE(qml); }

namespace coach::app {

AppShell::AppShell(Options options, QObject* parent)
    : QObject(parent),
      session_(std::move(options.session)),
      agenda_(session_),
      caseload_(session_),
      timeline_(session_),
      entry_(session_),
      sync_(session_),
      conflicts_(session_),
      teamLead_(session_),
      windowSize_(options.windowSize) {
  initAppResources();
  sync_.setAutoSyncMinutes(options.autoSyncMinutes);
  connect(&session_, &Session::languageChanged, this, &AppShell::applyLanguage);
  applyLanguage();
}

AppShell::~AppShell() {
  if (translatorInstalled_) QCoreApplication::removeTranslator(&translator_);
}

void AppShell::exposeTo(QQmlContext& context) {
  context.setContextProperty(QStringLiteral("session"), &session_);
  context.setContextProperty(QStringLiteral("agenda"), &agenda_);
  context.setContextProperty(QStringLiteral("caseload"), &caseload_);
  context.setContextProperty(QStringLiteral("timeline"), &timeline_);
  context.setContextProperty(QStringLiteral("entry"), &entry_);
  context.setContextProperty(QStringLiteral("syncStatus"), &sync_);
  context.setContextProperty(QStringLiteral("conflicts"), &conflicts_);
  context.setContextProperty(QStringLiteral("teamLead"), &teamLead_);
}

bool AppShell::load() {
  // The Basic style looks and behaves the same on every platform and renders without a GPU; it must be chosen
  // before the first QML file imports QtQuick.Controls.
  QQuickStyle::setStyle(QStringLiteral("Basic"));
  exposeTo(*engine_.rootContext());
  engine_.load(QUrl(QStringLiteral("qrc:/qml/Main.qml")));
  QQuickWindow* w = window();
  if (w == nullptr) return false;
  if (windowSize_.isValid()) w->resize(windowSize_);
  return true;
}

QQuickWindow* AppShell::window() const {
  const auto roots = engine_.rootObjects();
  return roots.isEmpty() ? nullptr : qobject_cast<QQuickWindow*>(roots.first());
}

void AppShell::applyLanguage() {
  if (translatorInstalled_) {
    QCoreApplication::removeTranslator(&translator_);
    translatorInstalled_ = false;
  }
  // The source texts are English; Dutch comes from app_nl.ts, the English plural forms from app_en.ts.
  if (translator_.load(QStringLiteral(":/i18n/app_%1.qm").arg(session_.language()))) {
    translatorInstalled_ = QCoreApplication::installTranslator(&translator_);
  }
  engine_.retranslate();
}

}  // namespace coach::app
