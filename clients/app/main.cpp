// main.cpp: coach-app, the coach's Qt Quick app (docs/app.md). Options: --lang nl|en (else LC_ALL,
// LC_MESSAGES or LANG naming English, else Dutch), --profile PATH (else the `coach` command's profile).
#include <QCommandLineParser>
#include <QGuiApplication>

#include "app_shell.hpp"

namespace {

QString languageFromEnvironment() {
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const QString v = qEnvironmentVariable(name);
    if (v.isEmpty()) continue;
    return v.startsWith(QLatin1String("en")) ? QStringLiteral("en") : QStringLiteral("nl");
  }
  return QStringLiteral("nl");
}

}  // namespace

int main(int argc, char* argv[]) {
  QGuiApplication app(argc, argv);
  QGuiApplication::setApplicationName(QStringLiteral("coach-app"));
  QCommandLineParser parser;
  parser.addHelpOption();
  QCommandLineOption lang(QStringLiteral("lang"), QStringLiteral("Language: nl (default) or en."), QStringLiteral("nl|en"));
  QCommandLineOption profile(QStringLiteral("profile"), QStringLiteral("The profile file (default: the coach command's)."),
                             QStringLiteral("path"));
  parser.addOption(lang);
  parser.addOption(profile);
  parser.process(app);

  coach::app::AppShell::Options options;
  options.session.language = parser.isSet(lang) ? parser.value(lang) : languageFromEnvironment();
  options.session.profilePath = parser.value(profile);
  coach::app::AppShell shell(std::move(options));
  if (!shell.load()) return 1;
  return QGuiApplication::exec();
}
