// entry_form.cpp: the quick-entry view model (entry_form.hpp).
#include "entry_form.hpp"

#include <QDate>

#include <algorithm>

#include "entry_job.hpp"
#include "labels.hpp"

namespace coach::app {

EntryForm::EntryForm(Session& session, QObject* parent) : QAbstractListModel(parent), session_(session) {
  connect(&session_, &Session::languageChanged, this, [this] {
    if (rows_.empty()) return;
    emit dataChanged(index(0), index(static_cast<int>(rows_.size()) - 1));
    emit formChanged();
  });
}

int EntryForm::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(rows_.size()); }

QVariant EntryForm::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= static_cast<int>(rows_.size())) return {};
  const FieldRow& r = rows_[static_cast<std::size_t>(index.row())];
  switch (role) {
    case NameRole: return r.name;
    case LabelRole: return labels::field(r.name) + (r.required ? QStringLiteral(" *") : QString());
    case EditorRole: return r.editor;
    case RequiredRole: return r.required;
    case ChoicesRole: {
      if (r.name == QLatin1String("employer_id") || r.name == QLatin1String("job_id")) return r.choices;
      QVariantList translated;  // enumeration labels follow the language
      for (const auto& c : r.choices) {
        QVariantMap m = c.toMap();
        m[QStringLiteral("label")] = labels::value(m.value(QStringLiteral("value")).toString());
        translated << m;
      }
      return translated;
    }
    case ValueRole: return r.value;
    case ErrorRole: return r.error;
    default: return {};
  }
}

QHash<int, QByteArray> EntryForm::roleNames() const {
  return {{NameRole, "name"},       {LabelRole, "label"}, {EditorRole, "editor"}, {RequiredRole, "required"},
          {ChoicesRole, "choices"}, {ValueRole, "value"}, {ErrorRole, "fieldError"}};
}

QString EntryForm::title() const { return labels::kind(context_.kind); }

bool EntryForm::start(const QString& kind, const QString& participantId, const QString& relatedId) {
  beginResetModel();
  rows_.clear();
  context_ = EntryContext{kind, participantId, relatedId, session_.today(), session_.nowLocal()};
  Store* store = session_.store();
  if (store != nullptr && isQuickEntryKind(kind)) rows_ = buildFields(*store, context_);
  endResetModel();
  emit formChanged();
  if (store == nullptr) setError(tr("The profile is locked: unlock it first."));
  else if (rows_.empty()) setError(tr("This form does not exist: %1").arg(kind));
  else if (isJobEdit(kind) && rows_.front().choices.isEmpty()) setError(tr("This participant has no job that has not ended."));
  else setError({});
  return !rows_.empty();
}

int EntryForm::rowOf(const QString& field) const {
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    if (rows_[i].name == field) return static_cast<int>(i);
  }
  return -1;
}

void EntryForm::setValue(const QString& field, const QVariant& value) {
  const int row = rowOf(field);
  if (row < 0) return;
  FieldRow& r = rows_[static_cast<std::size_t>(row)];
  r.value = value;
  r.error.clear();  // the coach changed it: the old verdict no longer applies
  emit dataChanged(index(row), index(row), {ValueRole, ErrorRole});
  if (std::none_of(rows_.begin(), rows_.end(), [](const FieldRow& f) { return !f.error.isEmpty(); }) &&
      error_ == tr("Not saved: see the field marked in red.")) {
    setError({});  // nothing is marked any more
  }
  if (context_.kind == QLatin1String("job_change") && field == QLatin1String("job_id") && session_.store() != nullptr) {
    fillCurrentTerms(*session_.store(), rows_);  // the chosen job's hours, wage and title, to edit
    emit dataChanged(index(0), index(static_cast<int>(rows_.size()) - 1), {ValueRole, ErrorRole});
  }
}

QVariant EntryForm::value(const QString& field) const {
  const int row = rowOf(field);
  return row < 0 ? QVariant() : rows_[static_cast<std::size_t>(row)].value;
}

QString EntryForm::fieldError(const QString& field) const {
  const int row = rowOf(field);
  return row < 0 ? QString() : rows_[static_cast<std::size_t>(row)].error;
}

void EntryForm::setError(const QString& error) {
  if (error == error_) return;
  error_ = error;
  emit errorChanged();
}

void EntryForm::clearErrors() {
  for (auto& r : rows_) r.error.clear();
  if (!rows_.empty()) emit dataChanged(index(0), index(static_cast<int>(rows_.size()) - 1), {ErrorRole});
  setError({});
}

Result<std::string> EntryForm::write(Store& store, const nlohmann::json& fields) {
  if (isJobEdit(context_.kind)) return saveJobEdit(store, context_.kind, rows_);
  if (context_.kind != QLatin1String("participant_note")) return store.add(context_.kind.toStdString(), fields);
  // A note is a dated line added to the participant's note, as `coach note` writes it: who wrote what when
  // (29-03-2026 in Dutch, 2026-03-29 in English).
  const std::string id = context_.participantId.toStdString();
  COACH_ASSIGN_OR_RETURN(nlohmann::json record, store.get(id));
  const QString day = session_.language() == QLatin1String("en")
                          ? context_.today
                          : QDate::fromString(context_.today, Qt::ISODate).toString(QStringLiteral("dd-MM-yyyy"));
  const std::string line = day.toStdString() + " " + store.actor() + ": " + fields.value("note", std::string());
  const std::string before = record["fields"].value("note", std::string());
  COACH_TRY(store.update(id, {{"note", before.empty() ? line : before + "\n" + line}}));
  return id;
}

bool EntryForm::save() {
  clearErrors();
  Store* store = session_.store();
  if (store == nullptr) {
    setError(tr("The profile is locked: unlock it first."));
    return false;
  }
  nlohmann::json fields = nlohmann::json::object();
  for (const auto& r : rows_) {
    nlohmann::json v = toCoreValue(r);
    if (!v.is_null()) fields[r.name.toStdString()] = std::move(v);
    else if (r.required) fields[r.name.toStdString()] = nullptr;  // the core names what is missing
  }
  if (isJobEdit(context_.kind)) {
    // saveJobEdit takes the rows as they are
  } else if (context_.kind != QLatin1String("participant_note")) {
    if (!context_.participantId.isEmpty()) fields["participant_id"] = context_.participantId.toStdString();
    fields["coach"] = store->actor();
  } else if (fields.value("note", nlohmann::json()).is_null()) {
    fields["note"] = nullptr;
  }
  auto id = context_.kind == QLatin1String("participant_note") && fields["note"].is_null()
                ? Result<std::string>(makeError(ErrorCode::ValidationFailed, "participant.note: is required"))
                : write(*store, fields);
  if (!id.ok()) {
    if (id.error().code != ErrorCode::ValidationFailed) {
      setError(Session::explain(id.error()));
      return false;
    }
    QString field;
    const QString text = explainValidation(id.error().message, field);
    const int row = rowOf(field);
    if (row < 0) {
      setError(text);
      return false;
    }
    rows_[static_cast<std::size_t>(row)].error = text;
    emit dataChanged(index(row), index(row), {ErrorRole});
    setError(tr("Not saved: see the field marked in red."));
    return false;
  }
  emit saved(QString::fromStdString(id.value()));
  session_.notifyDataChanged();
  return true;
}

}  // namespace coach::app
