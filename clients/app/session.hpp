// session.hpp: Session, the app's one open profile: unlocking it through a KeySource, the clock, the chosen
// language, and the signal every view model refreshes on (dataChanged: after a save, a sync or a resolution).
//
// The profile is the one the `coach` command uses ($COACH_HOME, else $XDG_DATA_HOME/coach, else
// ~/.local/share/coach; profile.db), so a device enrolled with `coach enrol` opens here (docs/app.md).
//
// Unlocking derives the key-encryption key (scrypt: a tenth of a second or more on a phone; or a D-Bus call to
// the OS keyring), so the screens unlock with beginUnlock(), which opens the profile on a worker thread and
// reports with unlockFinished() while the UI thread's event loop keeps turning; unlock() does the same and waits.
//
// Thread-safety: a QObject of the UI thread. store() may be handed to a worker thread (Store is thread-safe);
// lock() waits for nothing: SyncStatus stops its worker before the store goes (aboutToLock). The unlock worker
// touches only the profile it opens and a queued call back to this object.
#pragma once

#include <QObject>
#include <QString>

#include <memory>
#include <thread>

#include "coach/clock.hpp"
#include "coach/result.hpp"
#include "coach/store.hpp"
#include "key_source.hpp"

namespace coach::app {

class Session : public QObject {
  Q_OBJECT
  Q_PROPERTY(bool unlocked READ unlocked NOTIFY unlockedChanged)
  Q_PROPERTY(bool profileExists READ profileExists CONSTANT)
  Q_PROPERTY(bool needsPassphrase READ needsPassphrase NOTIFY unlockedChanged)
  Q_PROPERTY(bool unlocking READ unlocking NOTIFY unlockingChanged)
  Q_PROPERTY(QString error READ error NOTIFY errorChanged)
  Q_PROPERTY(QString actor READ actor NOTIFY unlockedChanged)
  Q_PROPERTY(QString language READ language WRITE setLanguage NOTIFY languageChanged)
  Q_PROPERTY(QString profilePath READ profilePath CONSTANT)

 public:
  struct Options {
    QString profilePath;                    // empty: the `coach` command's default place
    const WallClock* clock = nullptr;       // nullptr: the system clock
    std::unique_ptr<KeySource> keys;        // nullptr: ProfileKeySource (passphrase or the OS keyring)
    QString language = QStringLiteral("nl");
  };
  explicit Session(Options options, QObject* parent = nullptr);
  ~Session() override;

  // The `coach` command's profile: $COACH_HOME/profile.db, $XDG_DATA_HOME/coach/profile.db, ~/.local/share/...
  static QString defaultProfilePath();

  bool unlocked() const { return store_ != nullptr; }
  bool profileExists() const;
  // False for a profile the OS keyring or a keystore opens (the Unlock screen then shows no passphrase field).
  bool needsPassphrase() const { return keys_->needsPassphrase(path_); }
  bool unlocking() const { return worker_.joinable(); }
  QString error() const { return error_; }
  QString actor() const;
  QString language() const { return language_; }
  void setLanguage(const QString& language);
  QString profilePath() const { return path_; }

  // Starts opening the profile on a worker thread and returns at once; unlockFinished(ok) follows (at once when
  // there is nothing to derive: already open, no profile, no passphrase typed). false when one runs already.
  // A failure leaves error() in the coach's words (wrong passphrase, a wait after too many tries, the keyring).
  Q_INVOKABLE bool beginUnlock(const QString& passphrase);
  // The same, waiting for the result (tests, and callers without an event loop).
  bool unlock(const QString& passphrase);
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
  void unlockingChanged();
  void unlockFinished(bool ok);

 private:
  void setError(const QString& error);
  // The checks before any key work; false (with error()) when there is no point in deriving a key.
  bool readyToUnlock(const QString& passphrase);
  void adopt(Result<std::unique_ptr<Store>> opened);
  QString path_;
  std::thread worker_;
  std::unique_ptr<WallClock> ownClock_;
  const WallClock* clock_;
  std::unique_ptr<KeySource> keys_;
  std::unique_ptr<Store> store_;
  QString error_;
  QString language_;
};

}  // namespace coach::app
