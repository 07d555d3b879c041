// conflicts_model.hpp: ConflictsModel, free texts that lost to a concurrent edit (Store::conflicts): both
// versions side by side, the other version's device and time, and the coach's choice to keep this one, the
// other or both (Store::resolveConflict, an edit that clears the conflict on every device when it syncs).
//
// Thread-safety: a QObject of the UI thread; it refreshes on Session::dataChanged.
#pragma once

#include <QAbstractListModel>

#include <vector>

#include "coach/store.hpp"
#include "session.hpp"

namespace coach::app {

class ConflictsModel : public QAbstractListModel {
  Q_OBJECT
  Q_PROPERTY(int count READ count NOTIFY countChanged)
  Q_PROPERTY(QString error READ error NOTIFY countChanged)

 public:
  enum Role { KindLabelRole = Qt::UserRole + 1, FieldLabelRole, CurrentRole, OtherRole, OtherByRole, OtherWhenRole, RecordIdRole };
  explicit ConflictsModel(Session& session, QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QHash<int, QByteArray> roleNames() const override;
  int count() const { return static_cast<int>(conflicts_.size()); }
  QString error() const { return error_; }

  // keep: "current", "other" or "both". False (with error()) when the store refuses.
  Q_INVOKABLE bool resolve(int row, const QString& keep);
  Q_INVOKABLE void refresh();

 signals:
  void countChanged();
  void resolved();

 private:
  Session& session_;
  std::vector<Conflict> conflicts_;
  QString error_;
};

}  // namespace coach::app
