// agenda_model.cpp: the Today list over Store::agenda (agenda_model.hpp).
#include "agenda_model.hpp"

#include "labels.hpp"

namespace coach::app {

AgendaModel::AgendaModel(Session& session, QObject* parent) : QAbstractListModel(parent), session_(session) {
  connect(&session_, &Session::dataChanged, this, &AgendaModel::refresh);
  connect(&session_, &Session::languageChanged, this, &AgendaModel::refresh);
  connect(&session_, &Session::unlockedChanged, this, &AgendaModel::refresh);
}

int AgendaModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : count(); }

QVariant AgendaModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= count()) return {};
  const AgendaItem& item = items_[static_cast<std::size_t>(index.row())];
  const QString rule = QString::fromStdString(item.rule);
  switch (role) {
    case ParticipantIdRole: return QString::fromStdString(item.participantId);
    case ParticipantNameRole: return QString::fromStdString(item.participantName);
    case RuleRole: return rule;
    case RuleLabelRole: return labels::rule(rule);
    case DueTextRole: return labels::due(item.daysLeft);
    case DueDateRole: return labels::day(QString::fromStdString(item.dueDate), session_.language());
    case OverdueRole: return item.overdue();
    case RecordIdRole: return QString::fromStdString(item.recordId);
    case EntryKindRole: return entryKindFor(rule);
    case CoachRole: return QString::fromStdString(item.coach);
    default: return {};
  }
}

QHash<int, QByteArray> AgendaModel::roleNames() const {
  return {{ParticipantIdRole, "participantId"}, {ParticipantNameRole, "participantName"}, {RuleRole, "rule"},
          {RuleLabelRole, "ruleLabel"},         {DueTextRole, "dueText"},                 {DueDateRole, "dueDate"},
          {OverdueRole, "overdue"},             {RecordIdRole, "recordId"},               {EntryKindRole, "entryKind"},
          {CoachRole, "coach"}};
}

int AgendaModel::overdueCount() const {
  int n = 0;
  for (const auto& item : items_) n += item.overdue() ? 1 : 0;
  return n;
}

void AgendaModel::setEveryone(bool everyone) {
  if (everyone == everyone_) return;
  everyone_ = everyone;
  refresh();
}

QString AgendaModel::entryKindFor(const QString& rule) {
  if (rule.startsWith(QLatin1String("v4"))) return QStringLiteral("employer_contact");
  if (rule.startsWith(QLatin1String("v1_"))) return QStringLiteral("benefits_session");
  return QStringLiteral("support_contact");
}

void AgendaModel::refresh() {
  beginResetModel();
  items_.clear();
  error_.clear();
  if (Store* store = session_.store()) {
    AgendaOptions options;
    options.today = session_.today().toStdString();
    if (!everyone_) options.coach = store->actor();
    auto agenda = store->agenda(options);
    if (agenda.ok()) items_ = std::move(agenda).value();
    else error_ = Session::explain(agenda.error());
  }
  endResetModel();
  emit countChanged();
}

}  // namespace coach::app
