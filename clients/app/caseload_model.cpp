// caseload_model.cpp: the Caseload list over Store::caseload with a name search (caseload_model.hpp).
#include "caseload_model.hpp"

#include <algorithm>

#include "labels.hpp"

namespace coach::app {

CaseloadModel::CaseloadModel(Session& session, QObject* parent) : QAbstractListModel(parent), session_(session) {
  connect(&session_, &Session::dataChanged, this, &CaseloadModel::refresh);
  connect(&session_, &Session::languageChanged, this, &CaseloadModel::refresh);
  connect(&session_, &Session::unlockedChanged, this, &CaseloadModel::refresh);
}

int CaseloadModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : count(); }

QVariant CaseloadModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= count()) return {};
  const CaseloadEntry& e = *shown_[static_cast<std::size_t>(index.row())];
  switch (role) {
    case ParticipantIdRole: return QString::fromStdString(e.participantId);
    case NameRole: return QString::fromStdString(e.participantName);
    case StatusRole:
      return e.trajectoryStatus.empty() ? tr("no trajectory") : labels::value(QString::fromStdString(e.trajectoryStatus));
    case LastContactRole:
      return e.lastContact.empty() ? tr("no contact yet")
                                   : tr("last contact %1").arg(labels::day(QString::fromStdString(e.lastContact),
                                                                            session_.language()));
    case ActiveRole: return e.active;
    case CoachRole: return QString::fromStdString(e.coach);
    default: return {};
  }
}

QHash<int, QByteArray> CaseloadModel::roleNames() const {
  return {{ParticipantIdRole, "participantId"}, {NameRole, "name"},     {StatusRole, "status"},
          {LastContactRole, "lastContact"},     {ActiveRole, "active"}, {CoachRole, "coach"}};
}

void CaseloadModel::setSearch(const QString& search) {
  if (search == search_) return;
  search_ = search;
  emit searchChanged();
  beginResetModel();
  applySearch();
  endResetModel();
  emit countChanged();
}

QString CaseloadModel::nameOf(const QString& participantId) const {
  const std::string id = participantId.toStdString();
  for (const auto& e : all_) {
    if (e.participantId == id) return QString::fromStdString(e.participantName);
  }
  return {};
}

void CaseloadModel::applySearch() {
  shown_.clear();
  const QString needle = search_.trimmed();
  for (const auto& e : all_) {
    if (needle.isEmpty() || QString::fromStdString(e.participantName).contains(needle, Qt::CaseInsensitive)) {
      shown_.push_back(&e);
    }
  }
}

void CaseloadModel::refresh() {
  beginResetModel();
  all_.clear();
  error_.clear();
  if (Store* store = session_.store()) {
    auto caseload = store->caseload(session_.today().toStdString());
    if (caseload.ok()) all_ = std::move(caseload).value();
    else error_ = Session::explain(caseload.error());
    std::stable_sort(all_.begin(), all_.end(), [](const CaseloadEntry& a, const CaseloadEntry& b) {
      return QString::fromStdString(a.participantName).localeAwareCompare(QString::fromStdString(b.participantName)) < 0;
    });
  }
  applySearch();
  endResetModel();
  emit countChanged();
}

}  // namespace coach::app
