// conflicts_model.cpp: conflicts side by side and their resolution (conflicts_model.hpp).
#include "conflicts_model.hpp"

#include <QDateTime>
#include <QTimeZone>

#include "labels.hpp"

namespace coach::app {

ConflictsModel::ConflictsModel(Session& session, QObject* parent) : QAbstractListModel(parent), session_(session) {
  connect(&session_, &Session::dataChanged, this, &ConflictsModel::refresh);
  connect(&session_, &Session::unlockedChanged, this, &ConflictsModel::refresh);
  connect(&session_, &Session::languageChanged, this, &ConflictsModel::refresh);
}

int ConflictsModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : count(); }

QVariant ConflictsModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= count()) return {};
  const Conflict& c = conflicts_[static_cast<std::size_t>(index.row())];
  switch (role) {
    case KindLabelRole: return labels::kind(QString::fromStdString(c.kind));
    case FieldLabelRole: return labels::field(QString::fromStdString(c.field));
    case CurrentRole: return QString::fromStdString(c.currentValue);
    case OtherRole: return QString::fromStdString(c.losingValue);
    case OtherByRole: {
      Store* store = session_.store();
      if (store != nullptr && store->deviceId() == c.losingDevice) return tr("this device");
      return tr("device %1").arg(QString::fromStdString(c.losingDevice).left(8));
    }
    case OtherWhenRole: {
      // The hybrid logical clock's upper 48 bits are the writing device's milliseconds.
      const auto millis = static_cast<qint64>(c.losingHlc >> 16);
      const auto at = QDateTime::fromMSecsSinceEpoch(millis, QTimeZone("Europe/Amsterdam"));
      return labels::day(at.toString(QStringLiteral("yyyy-MM-ddTHH:mm")), session_.language());
    }
    case RecordIdRole: return QString::fromStdString(c.recordId);
    default: return {};
  }
}

QHash<int, QByteArray> ConflictsModel::roleNames() const {
  return {{KindLabelRole, "kindLabel"}, {FieldLabelRole, "fieldLabel"}, {CurrentRole, "current"},
          {OtherRole, "other"},         {OtherByRole, "otherBy"},       {OtherWhenRole, "otherWhen"},
          {RecordIdRole, "recordId"}};
}

bool ConflictsModel::resolve(int row, const QString& keep) {
  Store* store = session_.store();
  if (store == nullptr || row < 0 || row >= count()) return false;
  Resolution r = Resolution::KeepBoth;
  if (keep == QLatin1String("current")) r = Resolution::KeepCurrent;
  else if (keep == QLatin1String("other")) r = Resolution::KeepLosing;
  if (auto done = store->resolveConflict(conflicts_[static_cast<std::size_t>(row)], r); !done.ok()) {
    error_ = Session::explain(done.error());
    emit countChanged();
    return false;
  }
  emit resolved();
  session_.notifyDataChanged();
  return true;
}

void ConflictsModel::refresh() {
  beginResetModel();
  conflicts_.clear();
  error_.clear();
  if (Store* store = session_.store()) {
    auto list = store->conflicts();
    if (list.ok()) conflicts_ = std::move(list).value();
    else error_ = Session::explain(list.error());
  }
  endResetModel();
  emit countChanged();
}

}  // namespace coach::app
