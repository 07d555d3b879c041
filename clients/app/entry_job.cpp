// entry_job.cpp: changing and ending a job from the quick entry (entry_job.hpp).
#include "entry_job.hpp"

#include <QStringList>

namespace coach::app {
namespace {

const QStringList& termFields() {
  static const QStringList f{QStringLiteral("hours_per_week"), QStringLiteral("hourly_wage"), QStringLiteral("title")};
  return f;
}

const FieldRow* rowNamed(const std::vector<FieldRow>& rows, const QString& name) {
  for (const auto& r : rows) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

QString shown(const nlohmann::json& v) {
  if (v.is_string()) return QString::fromStdString(v.get<std::string>());
  if (v.is_number()) return QString::number(v.get<double>());
  return {};
}

// Whether the value the coach left differs from the stored one: numbers by value ("16" is "16.0"), text as is.
bool differs(const nlohmann::json& stored, const nlohmann::json& typed) {
  const QString a = shown(stored), b = shown(typed);
  bool aNumber = false, bNumber = false;
  const double x = a.toDouble(&aNumber), y = b.toDouble(&bNumber);
  if (aNumber && bNumber) return x != y;
  return a != b;
}

Error fieldError(const QString& field, const char* what) {
  return makeError(ErrorCode::ValidationFailed, "job." + field.toStdString() + ": " + what);
}

}  // namespace

bool isJobEdit(const QString& kind) {
  return kind == QLatin1String("job_change") || kind == QLatin1String("job_end");
}

FieldRow currentJobRow(Store& store, const EntryContext& c) {
  FieldRow row;
  row.name = QStringLiteral("job_id");
  row.editor = QStringLiteral("choice");
  row.required = true;
  row.value = QString();
  auto jobs = store.list("job", {{"participant_id", c.participantId.toStdString()}});
  if (!jobs.ok()) return row;
  for (const auto& j : jobs.value()) {
    const auto& f = j["fields"];
    if (!f.value("end_date", nlohmann::json()).is_null()) continue;  // ended: nothing to change or end
    const QString id = QString::fromStdString(j.value("id", ""));
    row.choices << QVariantMap{
        {QStringLiteral("value"), id},
        {QStringLiteral("label"), shown(f.value("title", nlohmann::json())) + QStringLiteral(" (") +
                                      shown(f.value("start_date", nlohmann::json())) + QStringLiteral(")")}};
    if (id == c.relatedId) row.value = id;
  }
  if (row.choices.size() == 1) row.value = row.choices.first().toMap().value(QStringLiteral("value"));
  return row;
}

void completeJobEdit(Store& store, const EntryContext& c, std::vector<FieldRow>& rows) {
  const bool change = c.kind == QLatin1String("job_change");
  for (auto& r : rows) {
    r.required = r.name == QLatin1String("job_id") ||
                 (change ? r.name == QLatin1String("terms_changed_on")
                         : r.name == QLatin1String("end_date") || r.name == QLatin1String("end_reason"));
  }
  if (change) fillCurrentTerms(store, rows);
}

void fillCurrentTerms(Store& store, std::vector<FieldRow>& rows) {
  const FieldRow* job = rowNamed(rows, QStringLiteral("job_id"));
  const QString id = job == nullptr ? QString() : job->value.toString();
  nlohmann::json fields = nlohmann::json::object();
  if (!id.isEmpty()) {
    if (auto record = store.get(id.toStdString()); record.ok()) fields = record.value()["fields"];
  }
  for (auto& r : rows) {
    if (!termFields().contains(r.name)) continue;
    r.value = shown(fields.value(r.name.toStdString(), nlohmann::json()));
    r.error.clear();
  }
}

Result<std::string> saveJobEdit(Store& store, const QString& kind, const std::vector<FieldRow>& rows) {
  for (const auto& r : rows) {
    if (r.required && toCoreValue(r).is_null()) return fieldError(r.name, "is required");
  }
  const std::string id = toCoreValue(*rowNamed(rows, QStringLiteral("job_id"))).get<std::string>();
  COACH_ASSIGN_OR_RETURN(nlohmann::json record, store.get(id));
  if (record.value("kind", "") != "job")
    return fieldError(QStringLiteral("job_id"), "is not one of the participant's jobs");
  const nlohmann::json& current = record["fields"];
  nlohmann::json update = nlohmann::json::object();
  if (kind == QLatin1String("job_end")) {
    for (const auto& r : rows) {
      nlohmann::json v = toCoreValue(r);
      if (r.name != QLatin1String("job_id") && !v.is_null()) update[r.name.toStdString()] = std::move(v);
    }
  } else {
    for (const QString& name : termFields()) {
      const FieldRow* r = rowNamed(rows, name);
      nlohmann::json v = r == nullptr ? nlohmann::json() : toCoreValue(*r);
      // Emptied is not "cleared": hours and title stay what they were; only a new value is a change.
      if (!v.is_null() && differs(current.value(name.toStdString(), nlohmann::json()), v))
        update[name.toStdString()] = v;
    }
    if (update.empty()) return fieldError(QStringLiteral("hours_per_week"), "nothing changed");
    // The day only belongs to new hours or a new wage (a new title alone starts no benefits-session clock).
    if (update.contains("hours_per_week") || update.contains("hourly_wage")) {
      update["terms_changed_on"] = toCoreValue(*rowNamed(rows, QStringLiteral("terms_changed_on")));
    }
  }
  COACH_TRY(store.update(id, update));
  return id;
}

}  // namespace coach::app
