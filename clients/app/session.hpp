// session.hpp: Session, the app's one open profile: unlocking it through a KeySource, the clock, the chosen
// language, and the signal every view model refreshes on (dataChanged: after a save, a sync or a resolution).
//
// The profile is the one the `coach` command uses ($COACH_HOME, else $XDG_DATA_HOME/coach, else
// ~/.local/share/coach; profile.db), so a device enrolled with `coach enrol` opens here (docs/app.md).
//
// Thread-safety: a QObject of the UI thread. store() may be handed to a worker thread (Store is thread-safe);
// lock() waits for nothing: SyncStatus stops its worker before the store goes (aboutToLock).
#pragma once

#include <QObject>
#include <QString>

#include <memory>

#include "coach/clock.hpp"
#include "coach/result.hpp"
#include "coach/store.hpp"
#include "key_source.hpp"

namespace coach::app {

class Session : public QObject {
  Q_OBJECT
  Q_PROPERTY(bool unlocked READ unlocked NOTIFY unlockedChanged)
  Q_PROPERTY(bool profileExists READ profileExists CONSTANT)
  Q_PROPERTY(bool needsPassphrase READ needsPassphrase CONSTANT)
  Q_PROPERTY(QString error READ error NOTIFY errorChanged)
  Q_PROPERTY(QString actor READ actor NOTIFY unlockedChanged)
  Q_PROPERTY(QString language READ language WRITE setLanguage NOTIFY languageChanged)
  Q_PROPERTY(QString profilePath READ profilePath CONSTANT)

 public:
  struct Options {
    QString profilePath;                    // empty: the `coach` command's default place
    const WallClock* clock = nullptr;       // nullptr: the system clock
    std::unique_ptr<KeySource> keys;        // nullptr: a passphrase
    QString language = QStringLiteral("nl");
  };
  explicit Session(Options options, QObject* parent = nullptr);
  ~Session() override;

  // The `coach` command's profile: $COACH_HOME/profile.db, $XDG_DATA_HOME/coach/profile.db, ~/.local/share/...
  static QString defaultProfilePath();

  bool unlocked() const { return store_ != nullptr; }
  bool profileExists() const;
  bool needsPassphrase() const { return keys_->needsPassphrase(); }
  QString error() const { return error_; }
  QString actor() const;
  QString language() const { return language_; }
  void setLanguage(const QString& language);
  QString profilePath() const { return path_; }

  // Opens the profile; false with error() in the coach's words (wrong passphrase, a wait after too many tries).
  Q_INVOKABLE bool unlock(const QString& passphrase);
  Q_INVOKABLE void lock();

  // The open store, or nullptr while locked.
  Store* store() { return store_.get(); }
  const WallClock& clock() const { return *clock_; }
  // "YYYY-MM-DD" and "YYYY-MM-DDTHH:MM": now in Europe/Amsterdam by the session's clock.
  QString today() const;
  QString nowLocal() const;

  // Tells every view model that records changed (after a save, a sync, a resolution).
  void notifyDataChanged() { emit dataChanged(); }

  // An error of the core in the coach's language: a lead sentence chosen by its code; the core's own words
  // (English, never a participant's data) follow for the details.
  static QString explain(const Error& error);

 signals:
  void unlockedChanged();
  void errorChanged();
  void languageChanged();
  void dataChanged();
  void aboutToLock();

 private:
  void setError(const QString& error);
  QString path_;
  std::unique_ptr<WallClock> ownClock_;
  const WallClock* clock_;
  std::unique_ptr<KeySource> keys_;
  std::unique_ptr<Store> store_;
  QString error_;
  QString language_;
};

}  // namespace coach::app
