// timeline_model.cpp: a participant's timeline over Store::timeline (timeline_model.hpp).
#include "timeline_model.hpp"

#include "coach/schema_info.hpp"
#include "labels.hpp"

namespace coach::app {
namespace {

// The fields whose values make a record's one-line summary, in this order (enumerations are translated).
constexpr const char* kSummaryFields[] = {"title", "status", "type", "mode", "purpose", "outcome", "reason",
                                          "contract_type", "closure_reason"};

QString text(const nlohmann::json& value) {
  if (value.is_string()) return QString::fromStdString(value.get<std::string>());
  if (value.is_null()) return {};
  return QString::fromStdString(value.dump());
}

}  // namespace

TimelineModel::TimelineModel(Session& session, QObject* parent) : QAbstractListModel(parent), session_(session) {
  connect(&session_, &Session::dataChanged, this, &TimelineModel::refresh);
  connect(&session_, &Session::languageChanged, this, &TimelineModel::refresh);
}

int TimelineModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : count(); }

QVariant TimelineModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= count()) return {};
  const Row& r = rows_[static_cast<std::size_t>(index.row())];
  switch (role) {
    case RecordIdRole: return r.id;
    case KindRole: return r.kind;
    case KindLabelRole: return labels::kind(r.kind);
    case DayRole: return labels::day(r.day, session_.language());
    case SummaryRole: return r.summary;
    case NoteRole: return r.note;
    default: return {};
  }
}

QHash<int, QByteArray> TimelineModel::roleNames() const {
  return {{RecordIdRole, "recordId"}, {KindRole, "kind"},       {KindLabelRole, "kindLabel"},
          {DayRole, "day"},           {SummaryRole, "summary"}, {NoteRole, "note"}};
}

void TimelineModel::setParticipantId(const QString& id) {
  if (id == participantId_) return;
  participantId_ = id;
  refresh();
}

QString TimelineModel::employerName(const std::string& id) {
  auto it = employers_.find(id);
  if (it != employers_.end()) return it->second;
  auto record = session_.store()->get(id);
  QString name = record.ok() ? text(record.value()["fields"].value("name", nlohmann::json())) : tr("unknown employer");
  employers_[id] = name;
  return name;
}

TimelineModel::Row TimelineModel::rowOf(const nlohmann::json& record) {
  Row row;
  row.id = QString::fromStdString(record.value("id", ""));
  row.kind = QString::fromStdString(record.value("kind", ""));
  const nlohmann::json& fields = record["fields"];
  if (const schema::KindInfo* info = schema::kind(record.value("kind", "")); info && !info->dateField.empty()) {
    row.day = text(fields.value(info->dateField, nlohmann::json()));
  }
  QStringList parts;
  if (fields.contains("employer_id") && fields["employer_id"].is_string()) {
    parts << employerName(fields["employer_id"].get<std::string>());
  }
  for (const char* name : kSummaryFields) {
    if (!fields.contains(name) || fields[name].is_null()) continue;
    const QString value = text(fields[name]);
    parts << (std::string_view(name) == "title" ? value : labels::value(value));
  }
  row.summary = parts.join(QStringLiteral(" · "));
  if (fields.contains("note")) row.note = text(fields["note"]);
  return row;
}

void TimelineModel::refresh() {
  beginResetModel();
  rows_.clear();
  employers_.clear();
  name_.clear();
  note_.clear();
  error_.clear();
  hasCurrentJob_ = false;
  Store* store = session_.store();
  if (store != nullptr && !participantId_.isEmpty()) {
    auto records = store->timeline(participantId_.toStdString());
    if (!records.ok()) error_ = Session::explain(records.error());
    for (const auto& record : records.ok() ? records.value() : std::vector<nlohmann::json>{}) {
      if (record.value("kind", "") == "participant") {
        name_ = text(record["fields"].value("name", nlohmann::json()));
        note_ = text(record["fields"].value("note", nlohmann::json()));
        continue;
      }
      if (record.value("kind", "") == "job" && record["fields"].value("end_date", nlohmann::json()).is_null()) {
        hasCurrentJob_ = true;
      }
      rows_.push_back(rowOf(record));
    }
  }
  endResetModel();
  emit participantChanged();
}

}  // namespace coach::app
