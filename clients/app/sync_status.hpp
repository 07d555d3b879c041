// sync_status.hpp: SyncStatus, the always-visible sync line and the sync itself: offline or not, how many
// changes wait on this device, when the last sync was, and a clock, revoked-device or other problem in plain
// words. A sync runs the core's SyncClient over the HTTP transport on a worker thread (the Store is
// thread-safe), so the screens never wait; its progress arrives as queued signals.
//
// The server link is the one `coach enrol` / `coach team create` saved in the profile (settings "server.url",
// "server.token" (sealed), "server.ca_file"). "N changes waiting" is the core's count of this device's changes
// the server has not acknowledged (Store::pendingChanges), read again after every save, sync and unlock, so
// changes made with the `coach` command on the same profile count too.
//
// Thread-safety: a QObject of the UI thread; the worker touches only the Store, its own transport and
// queued calls back to this object.
#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

#include <functional>
#include <memory>
#include <thread>

#include "coach/result.hpp"
#include "coach/sync.hpp"
#include "session.hpp"

namespace coach::app {

class SyncStatus : public QObject {
  Q_OBJECT
  Q_PROPERTY(QString state READ state NOTIFY changed)  // "never", "syncing", "ok", "offline", "problem", "unlinked"
  Q_PROPERTY(bool busy READ busy NOTIFY changed)
  Q_PROPERTY(int waiting READ waiting NOTIFY changed)
  Q_PROPERTY(QString lastSync READ lastSync NOTIFY changed)
  Q_PROPERTY(QString line READ line NOTIFY changed)  // the status line in the coach's words
  Q_PROPERTY(QString problem READ problem NOTIFY changed)
  Q_PROPERTY(QString progress READ progress NOTIFY changed)
  Q_PROPERTY(int autoSyncMinutes READ autoSyncMinutes WRITE setAutoSyncMinutes NOTIFY changed)

 public:
  explicit SyncStatus(Session& session, QObject* parent = nullptr);
  ~SyncStatus() override;

  QString state() const { return state_; }
  bool busy() const { return worker_.joinable(); }
  int waiting() const { return waiting_; }
  QString lastSync() const;
  QString line() const;
  QString problem() const { return problem_ ? problem_() : QString(); }
  QString progress() const { return progress_; }
  int autoSyncMinutes() const { return autoSyncMinutes_; }
  void setAutoSyncMinutes(int minutes);

  // Starts a sync in the background; false when one runs already or the profile is locked.
  Q_INVOKABLE bool syncNow();
  // Reads the count of changes waiting again: after every save and sync (Session::dataChanged), and when the
  // screen changes (Main.qml), since opening a participant logs an access event that the team receives too.
  Q_INVOKABLE void refreshWaiting();
  // Waits for a running sync to finish (before the store is locked).
  void waitForSync();

  // A failed sync in the coach's words, and whether it means "offline" (try later) rather than a problem.
  static QString explainSyncError(const Error& error, bool& offline);

 signals:
  void changed();
  void finished(bool ok);

 private:
  void reload();
  // `error` is null after a sync that worked; `certificate` when the server's certificate failed verification.
  void done(const std::shared_ptr<Error>& error, bool certificate, qint64 conflicts, const QStringList& warnings);
  Session& session_;
  std::thread worker_;
  QTimer timer_;
  QString state_ = QStringLiteral("never");
  std::function<QString()> problem_;  // words made when read, so they follow the language
  QString progress_;
  QString lastSyncIso_;
  int waiting_ = 0;
  int autoSyncMinutes_ = 0;
};

}  // namespace coach::app
