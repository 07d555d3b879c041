// session.cpp: unlocking the profile, the clock and the coach's language (session.hpp).
#include "session.hpp"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QTimeZone>

namespace coach::app {

Session::Session(Options options, QObject* parent)
    : QObject(parent),
      path_(options.profilePath.isEmpty() ? defaultProfilePath() : options.profilePath),
      ownClock_(options.clock == nullptr ? std::make_unique<SystemClock>() : nullptr),
      clock_(options.clock != nullptr ? options.clock : ownClock_.get()),
      keys_(options.keys ? std::move(options.keys) : std::make_unique<ProfileKeySource>()),
      language_(options.language) {}

Session::~Session() {
  if (worker_.joinable()) worker_.join();  // its queued result is dropped with this object
  lock();
}

QString Session::defaultProfilePath() {
  const QString home = qEnvironmentVariable("COACH_HOME");
  if (!home.isEmpty()) return QDir(home).filePath(QStringLiteral("profile.db"));
  const QString xdg = qEnvironmentVariable("XDG_DATA_HOME");
  if (xdg.startsWith(QLatin1Char('/'))) return QDir(xdg).filePath(QStringLiteral("coach/profile.db"));
  return QDir::home().filePath(QStringLiteral(".local/share/coach/profile.db"));
}

bool Session::profileExists() const { return QFileInfo::exists(path_); }

QString Session::actor() const { return store_ ? QString::fromStdString(store_->actor()) : QString(); }

void Session::setLanguage(const QString& language) {
  const QString chosen = language.startsWith(QLatin1String("en")) ? QStringLiteral("en") : QStringLiteral("nl");
  if (chosen == language_) return;
  language_ = chosen;
  emit languageChanged();
}

bool Session::readyToUnlock(const QString& passphrase) {
  if (!profileExists()) {
    setError(tr("There is no profile on this device yet (%1). Create and enrol one with 'coach init' and "
                "'coach enrol'.").arg(path_));
    return false;
  }
  if (needsPassphrase() && passphrase.isEmpty()) {
    setError(tr("Type your passphrase."));
    return false;
  }
  return true;
}

bool Session::beginUnlock(const QString& passphrase) {
  if (unlocking()) return false;
  if (store_ || !readyToUnlock(passphrase)) {
    const bool ok = store_ != nullptr;
    QMetaObject::invokeMethod(this, [this, ok] { emit unlockFinished(ok); }, Qt::QueuedConnection);
    return true;
  }
  // The provider is made here (KeySource is the UI thread's) and owned by the worker from now on.
  std::shared_ptr<KeyProvider> provider = keys_->provider(passphrase.toStdString());
  StoreOptions options{.path = path_.toStdString(), .actor = "", .clock = clock_};
  worker_ = std::thread([this, provider, options] {
    auto opened = std::make_shared<Result<std::unique_ptr<Store>>>(Store::openProfile(options, *provider));
    QMetaObject::invokeMethod(
        this, [this, opened] {
          if (worker_.joinable()) worker_.join();
          emit unlockingChanged();
          adopt(std::move(*opened));
        },
        Qt::QueuedConnection);
  });
  emit unlockingChanged();
  return true;
}

bool Session::unlock(const QString& passphrase) {
  if (store_) return true;
  if (unlocking()) return false;
  if (!readyToUnlock(passphrase)) return false;
  auto provider = keys_->provider(passphrase.toStdString());
  StoreOptions options{.path = path_.toStdString(), .actor = "", .clock = clock_};
  adopt(Store::openProfile(options, *provider));
  return store_ != nullptr;
}

void Session::adopt(Result<std::unique_ptr<Store>> opened) {
  if (!opened.ok()) {
    const QString words = keys_->explain(opened.error());
    setError(words.isEmpty() ? explain(opened.error()) : words);
    emit unlockFinished(false);
    return;
  }
  store_ = std::move(opened).value();
  setError({});
  emit unlockedChanged();
  emit dataChanged();
  emit unlockFinished(true);
}

void Session::lock() {
  if (!store_) return;
  emit aboutToLock();
  store_.reset();
  emit unlockedChanged();
}

QString Session::nowLocal() const {
  const auto at = QDateTime::fromMSecsSinceEpoch(clock_->nowMillis(), QTimeZone("Europe/Amsterdam"));
  return at.toString(QStringLiteral("yyyy-MM-ddTHH:mm"));
}

QString Session::today() const { return nowLocal().left(10); }

QString Session::explain(const Error& error) {
  const QString detail = QString::fromStdString(error.message);
  switch (error.code) {
    case ErrorCode::WrongPassphrase: return tr("That passphrase does not open this profile. Try again.");
    case ErrorCode::RateLimited:
      return tr("Too many wrong passphrases: wait %n second(s) before the next try.", nullptr,
                static_cast<int>(error.retryAfterSeconds > 0 ? error.retryAfterSeconds : 1));
    case ErrorCode::Locked: return tr("The profile is locked: unlock it first.");
    case ErrorCode::StorageFull: return tr("The device is full: nothing was saved. Free some space and try again.");
    case ErrorCode::SchemaTooNew:
      return tr("This profile was written by a newer version of the app: update the app. (%1)").arg(detail);
    case ErrorCode::NotFound: return tr("Not found: it may have been erased. (%1)").arg(detail);
    default: return tr("Something went wrong on this device: %1").arg(detail);
  }
}

void Session::setError(const QString& error) {
  if (error == error_) return;
  error_ = error;
  emit errorChanged();
}

}  // namespace coach::app
