// caseload_model.hpp: CaseloadModel, the Caseload screen: participants with their trajectory status, last
// contact and whether they are active (Store::caseload), filtered by a search on the name. Names are decrypted
// on the device by the store; the search never leaves it.
//
// Thread-safety: a QObject of the UI thread; it refreshes on Session::dataChanged and languageChanged.
#pragma once

#include <QAbstractListModel>

#include <vector>

#include "coach/agenda.hpp"
#include "session.hpp"

namespace coach::app {

class CaseloadModel : public QAbstractListModel {
  Q_OBJECT
  Q_PROPERTY(QString search READ search WRITE setSearch NOTIFY searchChanged)
  Q_PROPERTY(int count READ count NOTIFY countChanged)
  Q_PROPERTY(int total READ total NOTIFY countChanged)
  Q_PROPERTY(QString error READ error NOTIFY countChanged)

 public:
  enum Role { ParticipantIdRole = Qt::UserRole + 1, NameRole, StatusRole, LastContactRole, ActiveRole, CoachRole };
  explicit CaseloadModel(Session& session, QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QHash<int, QByteArray> roleNames() const override;

  QString search() const { return search_; }
  void setSearch(const QString& search);
  int count() const { return static_cast<int>(shown_.size()); }
  int total() const { return static_cast<int>(all_.size()); }
  QString error() const { return error_; }

  // The name of a participant on the caseload ("" when not there).
  Q_INVOKABLE QString nameOf(const QString& participantId) const;
  Q_INVOKABLE void refresh();

 signals:
  void searchChanged();
  void countChanged();

 private:
  void applySearch();
  Session& session_;
  std::vector<CaseloadEntry> all_;
  std::vector<const CaseloadEntry*> shown_;
  QString search_;
  QString error_;
};

}  // namespace coach::app
