// entry_form.hpp: EntryForm, the quick-entry screen's view model: an employer contact, a support contact, a
// benefits session, a job start, a pause or a note, for the participant the coach came from. It lists the
// fields (entry_fields.hpp) with defaults and choices, takes what the coach chose or typed, and saves through
// the core's one write path; the core validates, and its verdict is shown next to the field it names, in the
// coach's language. Saving works offline: the change waits in the outbox until the next sync.
//
// Thread-safety: a QObject of the UI thread.
#pragma once

#include <QAbstractListModel>

#include <vector>

#include "entry_fields.hpp"
#include "session.hpp"

namespace coach::app {

class EntryForm : public QAbstractListModel {
  Q_OBJECT
  Q_PROPERTY(QString kind READ kind NOTIFY formChanged)
  Q_PROPERTY(QString title READ title NOTIFY formChanged)
  Q_PROPERTY(QString participantId READ participantId NOTIFY formChanged)
  Q_PROPERTY(QString error READ error NOTIFY errorChanged)

 public:
  enum Role { NameRole = Qt::UserRole + 1, LabelRole, EditorRole, RequiredRole, ChoicesRole, ValueRole, ErrorRole };
  explicit EntryForm(Session& session, QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QHash<int, QByteArray> roleNames() const override;

  QString kind() const { return context_.kind; }
  QString title() const;
  QString participantId() const { return context_.participantId; }
  QString error() const { return error_; }

  // Opens a fresh form; false (with error()) for a kind the quick entry does not offer.
  Q_INVOKABLE bool start(const QString& kind, const QString& participantId, const QString& relatedId = {});
  Q_INVOKABLE void setValue(const QString& field, const QVariant& value);
  Q_INVOKABLE QVariant value(const QString& field) const;
  Q_INVOKABLE QString fieldError(const QString& field) const;
  // Saves; on success emits saved() and Session::dataChanged; else marks the field the core names.
  Q_INVOKABLE bool save();

 signals:
  void formChanged();
  void errorChanged();
  void saved(const QString& recordId);

 private:
  int rowOf(const QString& field) const;
  void setError(const QString& error);
  void clearErrors();
  Result<std::string> write(Store& store, const nlohmann::json& fields);
  Session& session_;
  EntryContext context_;
  std::vector<FieldRow> rows_;
  QString error_;
};

}  // namespace coach::app
