// app_shell.hpp: AppShell, the app as one object: the Session, every view model, the QML engine with
// qrc:/qml/Main.qml, and the translator of the chosen language (Dutch by default, English on request). main()
// and the end-to-end test build the very same shell, so the test drives the real app.
//
// Thread-safety: create and use on the UI thread; SyncStatus runs its own worker.
#pragma once

#include <QObject>
#include <QQmlApplicationEngine>
#include <QSize>
#include <QTranslator>

#include <memory>

#include "agenda_model.hpp"
#include "caseload_model.hpp"
#include "conflicts_model.hpp"
#include "entry_form.hpp"
#include "session.hpp"
#include "sync_status.hpp"
#include "team_lead_model.hpp"
#include "timeline_model.hpp"

class QQuickWindow;

namespace coach::app {

class AppShell : public QObject {
  Q_OBJECT
 public:
  struct Options {
    Session::Options session;
    int autoSyncMinutes = 5;   // a background sync this often while unlocked (0: only on request)
    QSize windowSize;          // empty: the QML default (a phone's 360 x 640)
  };
  explicit AppShell(Options options, QObject* parent = nullptr);
  ~AppShell() override;

  // Loads the QML; false (with the errors on stderr) when it does not load.
  bool load();
  QQuickWindow* window() const;
  QQmlApplicationEngine& engine() { return engine_; }

  Session& session() { return session_; }
  AgendaModel& agenda() { return agenda_; }
  CaseloadModel& caseload() { return caseload_; }
  TimelineModel& timeline() { return timeline_; }
  EntryForm& entry() { return entry_; }
  SyncStatus& syncStatus() { return sync_; }
  ConflictsModel& conflicts() { return conflicts_; }
  TeamLeadModel& teamLead() { return teamLead_; }

  // Registers the view models of `shell` in a QML context (the app's, and the Qt Quick tests').
  void exposeTo(QQmlContext& context);

 private:
  void applyLanguage();
  Session session_;
  AgendaModel agenda_;
  CaseloadModel caseload_;
  TimelineModel timeline_;
  EntryForm entry_;
  SyncStatus sync_;
  ConflictsModel conflicts_;
  TeamLeadModel teamLead_;
  QTranslator translator_;
  bool translatorInstalled_ = false;
  QSize windowSize_;
  QQmlApplicationEngine engine_;  // last: destroyed first, before the models its QML refers to
};

}  // namespace coach::app
