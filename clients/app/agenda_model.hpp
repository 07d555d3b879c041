// agenda_model.hpp: AgendaModel, the Today screen's list: what is due and overdue, as the core's agenda
// computes it (Store::agenda: V12 follow-along, V4 30-day clock, V1 benefits), for this device's coach.
// Each row names the quick-entry form that records what is due (entryKind), so one tap opens it filled in.
//
// Thread-safety: a QObject of the UI thread; it refreshes on Session::dataChanged and languageChanged.
#pragma once

#include <QAbstractListModel>

#include <vector>

#include "coach/agenda.hpp"
#include "session.hpp"

namespace coach::app {

class AgendaModel : public QAbstractListModel {
  Q_OBJECT
  Q_PROPERTY(int count READ count NOTIFY countChanged)
  Q_PROPERTY(int overdueCount READ overdueCount NOTIFY countChanged)
  Q_PROPERTY(QString error READ error NOTIFY countChanged)
  Q_PROPERTY(bool everyone READ everyone WRITE setEveryone NOTIFY countChanged)

 public:
  enum Role {
    ParticipantIdRole = Qt::UserRole + 1,
    ParticipantNameRole,
    RuleRole,
    RuleLabelRole,
    DueTextRole,
    DueDateRole,
    OverdueRole,
    RecordIdRole,
    EntryKindRole,
    CoachRole,
  };
  explicit AgendaModel(Session& session, QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QHash<int, QByteArray> roleNames() const override;

  int count() const { return static_cast<int>(items_.size()); }
  int overdueCount() const;
  QString error() const { return error_; }
  // false (the default): only this device's coach's participants; true: the whole team's (a team lead).
  bool everyone() const { return everyone_; }
  void setEveryone(bool everyone);

  // The quick-entry form that records what `rule` asks for.
  static QString entryKindFor(const QString& rule);

  Q_INVOKABLE void refresh();

 signals:
  void countChanged();

 private:
  Session& session_;
  std::vector<AgendaItem> items_;
  QString error_;
  bool everyone_ = false;
};

}  // namespace coach::app
