// timeline_model.hpp: TimelineModel, a participant's page: the name and status, and the timeline (every record
// of their shard, newest business date first, from Store::timeline) with a one-line summary per record in the
// coach's language.
//
// Thread-safety: a QObject of the UI thread; it refreshes on Session::dataChanged and languageChanged.
#pragma once

#include <QAbstractListModel>
#include <QString>

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "session.hpp"

namespace coach::app {

class TimelineModel : public QAbstractListModel {
  Q_OBJECT
  Q_PROPERTY(QString participantId READ participantId WRITE setParticipantId NOTIFY participantChanged)
  Q_PROPERTY(QString name READ name NOTIFY participantChanged)
  Q_PROPERTY(QString note READ note NOTIFY participantChanged)
  // Whether the participant has a job without an end date (the page then offers its change and end).
  Q_PROPERTY(bool hasCurrentJob READ hasCurrentJob NOTIFY participantChanged)
  Q_PROPERTY(int count READ count NOTIFY participantChanged)
  Q_PROPERTY(QString error READ error NOTIFY participantChanged)

 public:
  enum Role { RecordIdRole = Qt::UserRole + 1, KindRole, KindLabelRole, DayRole, SummaryRole, NoteRole };
  explicit TimelineModel(Session& session, QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QHash<int, QByteArray> roleNames() const override;

  QString participantId() const { return participantId_; }
  void setParticipantId(const QString& id);
  QString name() const { return name_; }
  QString note() const { return note_; }
  bool hasCurrentJob() const { return hasCurrentJob_; }
  int count() const { return static_cast<int>(rows_.size()); }
  QString error() const { return error_; }

  Q_INVOKABLE void refresh();

 signals:
  void participantChanged();

 private:
  struct Row {
    QString id, kind, day, summary, note;
  };
  Row rowOf(const nlohmann::json& record);
  QString employerName(const std::string& id);
  Session& session_;
  QString participantId_;
  QString name_;
  QString note_;
  bool hasCurrentJob_ = false;
  QString error_;
  std::vector<Row> rows_;
  std::map<std::string, QString> employers_;
};

}  // namespace coach::app
