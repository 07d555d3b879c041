// sync_status.cpp: the sync line and the background sync (sync_status.hpp).
#include "sync_status.hpp"

#include <QDateTime>
#include <QTimeZone>

#include "coach/http_transport.hpp"
#include "labels.hpp"

namespace coach::app {
namespace {

constexpr const char* kLastSync = "app.last_sync";

struct Link {
  HttpOptions options;
  bool ok = false;
};

Link savedLink(Store& store) {
  Link link;
  auto url = store.setting("server.url");
  auto token = store.setting("server.token");
  auto ca = store.setting("server.ca_file");
  if (!url.ok() || !token.ok() || !url.value() || !token.value() || !store.teamId().ok()) return link;
  link.options.baseUrl = *url.value();
  link.options.token = *token.value();
  if (ca.ok() && ca.value()) link.options.caFile = *ca.value();
  link.ok = true;
  return link;
}

}  // namespace

SyncStatus::SyncStatus(Session& session, QObject* parent) : QObject(parent), session_(session) {
  connect(&session_, &Session::aboutToLock, this, &SyncStatus::waitForSync);
  connect(&session_, &Session::unlockedChanged, this, &SyncStatus::reload);
  connect(&session_, &Session::languageChanged, this, &SyncStatus::changed);
  connect(&session_, &Session::dataChanged, this, &SyncStatus::refreshWaiting);
  connect(&timer_, &QTimer::timeout, this, [this] { syncNow(); });
}

SyncStatus::~SyncStatus() {
  waitForSync();
}

void SyncStatus::waitForSync() {
  if (worker_.joinable()) worker_.join();
}

void SyncStatus::reload() {
  Store* store = session_.store();
  waiting_ = 0;
  lastSyncIso_.clear();
  if (store != nullptr) {
    if (auto n = store->pendingChanges(); n.ok()) waiting_ = static_cast<int>(n.value());
    auto last = store->setting(kLastSync);
    if (last.ok() && last.value()) lastSyncIso_ = QString::fromStdString(*last.value());
    state_ = savedLink(*store).ok ? (lastSyncIso_.isEmpty() ? QStringLiteral("never") : QStringLiteral("ok"))
                                  : QStringLiteral("unlinked");
    if (autoSyncMinutes_ > 0) timer_.start(autoSyncMinutes_ * 60 * 1000);
  } else {
    timer_.stop();
  }
  problem_ = nullptr;
  emit changed();
}

void SyncStatus::setAutoSyncMinutes(int minutes) {
  autoSyncMinutes_ = minutes;
  if (minutes > 0 && session_.unlocked()) timer_.start(minutes * 60 * 1000);
  else timer_.stop();
  emit changed();
}

void SyncStatus::refreshWaiting() {
  Store* store = session_.store();
  if (store == nullptr) return;
  auto n = store->pendingChanges();  // a failure keeps the last count: it is only the status line's
  if (!n.ok() || static_cast<int>(n.value()) == waiting_) return;
  waiting_ = static_cast<int>(n.value());
  emit changed();
}

QString SyncStatus::lastSync() const {
  if (lastSyncIso_.isEmpty()) return {};
  const auto at = QDateTime::fromString(lastSyncIso_, Qt::ISODate).toTimeZone(QTimeZone("Europe/Amsterdam"));
  const QString day = at.toString(QStringLiteral("yyyy-MM-dd"));
  const QString time = at.toString(QStringLiteral("HH:mm"));
  return day == session_.today() ? time : labels::day(day, session_.language()) + QLatin1Char(' ') + time;
}

QString SyncStatus::line() const {
  QStringList parts;
  if (state_ == QLatin1String("syncing")) parts << tr("Syncing...");
  else if (state_ == QLatin1String("offline")) parts << tr("Offline");
  else if (state_ == QLatin1String("unlinked")) parts << tr("Not linked to a team server");
  else if (state_ == QLatin1String("problem")) parts << tr("Sync problem");
  parts << (waiting_ == 0 ? tr("nothing waiting") : tr("%n change(s) waiting", nullptr, waiting_));
  parts << (lastSyncIso_.isEmpty() ? tr("never synced") : tr("last sync %1").arg(lastSync()));
  return parts.join(QStringLiteral(" · "));
}

QString SyncStatus::explainSyncError(const Error& error, bool& offline) {
  offline = false;
  const QString safe = tr("Your changes are safe on this device.");
  switch (error.code) {
    case ErrorCode::Unavailable:
      offline = true;
      return tr("No connection with the team server. %1 The app syncs when you are back online.").arg(safe);
    case ErrorCode::RateLimited:
      offline = true;
      return tr("The team server is busy: try again in %n second(s). %1", nullptr,
                static_cast<int>(std::max<std::uint32_t>(error.retryAfterSeconds, 1))).arg(safe);
    case ErrorCode::ClockDrift:
      return tr("The clock of this device is wrong. Set the date and time (automatic time) and sync again. %1").arg(safe);
    case ErrorCode::DeviceRevoked:
      return tr("This device was revoked by your team (a lost or replaced device): it cannot sync any more. "
                "Ask your team lead.");
    case ErrorCode::DevicePending:
      return tr("This device still waits for your team lead's approval. Ask your team lead to approve it.");
    case ErrorCode::Unauthorized:
      return tr("The team server does not accept this device's token. Enrol the device again with your team lead.");
    case ErrorCode::WrongTeam: return tr("This device belongs to another team than this server's.");
    case ErrorCode::ProtocolUnsupported: return tr("The team server needs a newer version of the app: update it.");
    default:
      return tr("The sync did not finish: %1. %2").arg(QString::fromStdString(error.message), safe);
  }
}

bool SyncStatus::syncNow() {
  Store* store = session_.store();
  if (store == nullptr || busy()) return false;
  const Link link = savedLink(*store);
  if (!link.ok) {
    state_ = QStringLiteral("unlinked");
    problem_ = [] {
      return tr("This device is not linked to a team server yet: enrol it with 'coach enrol' and your team "
                "lead's approval.");
    };
    emit changed();
    return false;
  }
  state_ = QStringLiteral("syncing");
  problem_ = nullptr;
  progress_.clear();
  emit changed();
  worker_ = std::thread([this, store, options = link.options] {
    auto finish = [this](std::shared_ptr<Error> error, bool certificate, qint64 conflicts, QStringList warnings) {
      QMetaObject::invokeMethod(
          this, [this, error, certificate, conflicts, warnings] { done(error, certificate, conflicts, warnings); },
          Qt::QueuedConnection);
    };
    auto transport = HttpTransport::create(options);
    if (!transport.ok()) return finish(std::make_shared<Error>(transport.error()), false, 0, {});
    sync::SyncOptions syncOptions;
    syncOptions.onProgress = [this](const sync::SyncProgress& p) {
      const auto pushed = p.changesPushed, pulled = p.changesPulled;
      QMetaObject::invokeMethod(
          this, [this, pushed, pulled] {
            progress_ = tr("%1 sent, %2 received").arg(pushed).arg(pulled);
            emit changed();
          },
          Qt::QueuedConnection);
    };
    auto report = sync::SyncClient(*store, *transport.value(), std::move(syncOptions)).sync();
    if (!report.ok()) {
      const bool certificate = transport.value()->lastFailure() == HttpFailure::Certificate;
      return finish(std::make_shared<Error>(report.error()), certificate, 0, {});
    }
    QStringList warnings;
    for (const auto& w : report.value().warnings) warnings << QString::fromStdString(w);
    finish(nullptr, false, static_cast<qint64>(report.value().conflicts), warnings);
  });
  return true;
}

void SyncStatus::done(const std::shared_ptr<Error>& error, bool certificate, qint64 conflicts,
                      const QStringList& warnings) {
  waitForSync();
  progress_.clear();
  Store* store = session_.store();
  if (error == nullptr && store != nullptr) {
    if (auto n = store->pendingChanges(); n.ok()) waiting_ = static_cast<int>(n.value());  // writes during the sync wait
    lastSyncIso_ = QDateTime::fromMSecsSinceEpoch(session_.clock().nowMillis(), QTimeZone::utc()).toString(Qt::ISODate);
    (void)store->putSetting(kLastSync, lastSyncIso_.toStdString());
    state_ = QStringLiteral("ok");
    problem_ = nullptr;
    if (conflicts > 0 || !warnings.isEmpty()) {
      problem_ = [conflicts, warnings] {
        QStringList parts;
        if (conflicts > 0) {
          parts << tr("%n text(s) were changed on two devices at once: choose under Conflicts.", nullptr,
                      static_cast<int>(conflicts));
        }
        if (!warnings.isEmpty()) parts << tr("Warning: %1").arg(warnings.join(QStringLiteral("; ")));
        return parts.join(QLatin1Char(' '));
      };
    }
  } else if (error != nullptr) {
    refreshWaiting();  // a failed sync may have sent part of them
    bool offline = false;
    explainSyncError(*error, offline);
    state_ = offline && !certificate ? QStringLiteral("offline") : QStringLiteral("problem");
    problem_ = [error, certificate] {
      if (certificate) {
        return tr("The team server's certificate could not be verified: ask your admin. Your changes are safe on "
                  "this device.");
      }
      bool ignored = false;
      return explainSyncError(*error, ignored);
    };
  }
  emit changed();
  if (error == nullptr) session_.notifyDataChanged();
  emit finished(error == nullptr);
}

}  // namespace coach::app
