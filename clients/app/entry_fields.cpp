// entry_fields.cpp: fields, choices, defaults and value conversion of the quick-entry forms (entry_fields.hpp).
#include "entry_fields.hpp"

#include <QCoreApplication>
#include <QDate>
#include <QRegularExpression>

#include <algorithm>
#include <set>

#include "coach/schema_info.hpp"
#include "entry_job.hpp"
#include "labels.hpp"

namespace coach::app {
namespace {

// What each quick entry shows, in order: first what the coach must choose, then what has a default.
const std::map<QString, QStringList>& layouts() {
  static const std::map<QString, QStringList> l{
      {QStringLiteral("employer_contact"),
       {"employer_id", "purpose", "mode", "outcome", "contact_at", "participant_present", "duration_minutes", "note"}},
      {QStringLiteral("support_contact"),
       {"type", "mode", "contact_on", "job_id", "place", "with_whom", "duration_minutes", "next_planned_on", "note"}},
      {QStringLiteral("benefits_session"), {"session_on", "job_id", "before_start", "topics", "counsellor", "note"}},
      {QStringLiteral("job"), {"employer_id", "title", "start_date", "hours_per_week", "hourly_wage", "contract_type"}},
      {QStringLiteral("pause"), {"reason", "start_on", "review_on", "note"}},
      {QStringLiteral("participant_note"), {"note"}},
      // Editing a job (entry_job.hpp): first which job, then what changes (filled with what it is now).
      {QStringLiteral("job_change"), {"job_id", "hours_per_week", "hourly_wage", "terms_changed_on", "title"}},
      {QStringLiteral("job_end"), {"job_id", "end_date", "end_reason", "end_initiated_by", "end_heard_on"}},
  };
  return l;
}

QString str(const nlohmann::json& v) { return v.is_string() ? QString::fromStdString(v.get<std::string>()) : QString(); }

QVariantMap choice(const QString& value, const QString& label) {
  return {{QStringLiteral("value"), value}, {QStringLiteral("label"), label}};
}

// Employers, the ones this device contacted most recently first, then the others by name.
QVariantList employerChoices(Store& store) {
  QVariantList out;
  std::set<std::string> seen;
  auto employers = store.list("employer");
  std::map<std::string, QString> names;
  if (employers.ok()) {
    for (const auto& e : employers.value()) names[e.value("id", "")] = str(e["fields"].value("name", nlohmann::json()));
  }
  if (auto contacts = store.list("employer_contact"); contacts.ok()) {
    for (const auto& c : contacts.value()) {
      const std::string id = c["fields"].value("employer_id", "");
      if (names.count(id) == 0 || !seen.insert(id).second) continue;
      out << choice(QString::fromStdString(id), names[id]);
    }
  }
  std::vector<std::pair<QString, std::string>> rest;
  for (const auto& [id, name] : names) {
    if (seen.count(id) == 0) rest.emplace_back(name, id);
  }
  std::sort(rest.begin(), rest.end(), [](const auto& a, const auto& b) { return a.first.localeAwareCompare(b.first) < 0; });
  for (const auto& [name, id] : rest) out << choice(QString::fromStdString(id), name);
  return out;
}

QVariantList jobChoices(Store& store, const QString& participantId) {
  QVariantList out;
  auto jobs = store.list("job", {{"participant_id", participantId.toStdString()}});
  if (!jobs.ok()) return out;
  for (const auto& j : jobs.value()) {
    const auto& f = j["fields"];
    out << choice(QString::fromStdString(j.value("id", "")),
                  str(f.value("title", nlohmann::json())) + QStringLiteral(" (") + str(f.value("start_date", nlohmann::json())) +
                      QStringLiteral(")"));
  }
  return out;
}

QString editorFor(const schema::FieldInfo& f) {
  switch (f.type) {
    case schema::FieldType::Enum:
    case schema::FieldType::Ref: return QStringLiteral("choice");
    case schema::FieldType::EnumSet: return QStringLiteral("multi");
    case schema::FieldType::Date: return QStringLiteral("date");
    case schema::FieldType::DateTime: return QStringLiteral("datetime");
    case schema::FieldType::Bool: return QStringLiteral("bool");
    case schema::FieldType::Integer:
    case schema::FieldType::Decimal: return QStringLiteral("number");
    case schema::FieldType::Text: return f.maxLength > 200 ? QStringLiteral("note") : QStringLiteral("text");
    default: return QStringLiteral("text");
  }
}

void setDefault(FieldRow& row, const EntryContext& c) {
  static const QStringList today{QStringLiteral("contact_on"),       QStringLiteral("session_on"), QStringLiteral("start_on"),
                                 QStringLiteral("start_date"),       QStringLiteral("terms_changed_on"),
                                 QStringLiteral("end_date"),         QStringLiteral("end_heard_on")};
  if (row.editor == QLatin1String("date") && today.contains(row.name)) {
    row.value = c.today;
  } else if (row.editor == QLatin1String("datetime")) {
    row.value = QString(c.now).replace(QLatin1Char('T'), QLatin1Char(' '));
  } else if (row.name == QLatin1String("mode")) {
    row.value = QStringLiteral("face_to_face");
  } else if (row.name == QLatin1String("job_id") && !c.relatedId.isEmpty()) {
    for (const auto& ch : row.choices) {
      if (ch.toMap().value(QStringLiteral("value")).toString() == c.relatedId) row.value = c.relatedId;
    }
  } else if (row.editor == QLatin1String("bool")) {
    row.value = false;
  } else if (row.editor == QLatin1String("multi")) {
    row.value = QStringList();
  } else {
    row.value = QString();
  }
}

}  // namespace

bool isQuickEntryKind(const QString& kind) { return layouts().count(kind) > 0; }

std::vector<FieldRow> buildFields(Store& store, const EntryContext& c) {
  std::vector<FieldRow> rows;
  auto layout = layouts().find(c.kind);
  if (layout == layouts().end()) return rows;
  const bool note = c.kind == QLatin1String("participant_note");
  const bool jobEdit = isJobEdit(c.kind);
  const schema::KindInfo* kind = schema::kind(note ? "participant" : jobEdit ? "job" : c.kind.toStdString());
  for (const QString& name : layout->second) {
    if (jobEdit && name == QLatin1String("job_id")) {
      rows.push_back(currentJobRow(store, c));
      continue;
    }
    const schema::FieldInfo* f = kind == nullptr ? nullptr : kind->field(name.toStdString());
    if (f == nullptr) continue;
    if (name == QLatin1String("participant_present") && c.participantId.isEmpty()) continue;
    FieldRow row;
    row.name = name;
    row.editor = note ? QStringLiteral("note") : editorFor(*f);
    row.required = note || f->required;
    if (f->type == schema::FieldType::Enum || f->type == schema::FieldType::EnumSet) {
      for (const auto& v : f->values) row.choices << choice(QString::fromStdString(v), labels::value(QString::fromStdString(v)));
    } else if (f->type == schema::FieldType::Ref && f->refKind == "employer") {
      row.choices = employerChoices(store);
    } else if (f->type == schema::FieldType::Ref && f->refKind == "job") {
      row.choices = jobChoices(store, c.participantId);
    }
    setDefault(row, c);
    rows.push_back(std::move(row));
  }
  if (jobEdit) completeJobEdit(store, c, rows);
  return rows;
}

nlohmann::json toCoreValue(const FieldRow& row) {
  if (row.editor == QLatin1String("bool")) return row.value.toBool();
  if (row.editor == QLatin1String("multi")) {
    const QStringList items = row.value.toStringList();
    if (items.isEmpty()) return nullptr;
    nlohmann::json out = nlohmann::json::array();
    for (const auto& i : items) out.push_back(i.toStdString());
    return out;
  }
  QString text = row.value.toString().trimmed();
  if (text.isEmpty()) return nullptr;
  if (row.editor == QLatin1String("number")) text.replace(QLatin1Char(','), QLatin1Char('.'));  // 12,5 in Dutch
  if (row.editor == QLatin1String("date") || row.editor == QLatin1String("datetime")) {
    // 29-03-2026 (as the Dutch write it) or 2026-03-29; a space or a T before the time.
    static const QRegularExpression dutch(QStringLiteral("^(\\d{1,2})-(\\d{1,2})-(\\d{4})(.*)$"));
    if (auto m = dutch.match(text); m.hasMatch()) {
      text = QStringLiteral("%1-%2-%3%4").arg(m.captured(3), m.captured(2).rightJustified(2, QLatin1Char('0')),
                                              m.captured(1).rightJustified(2, QLatin1Char('0')), m.captured(4));
    }
    if (row.editor == QLatin1String("datetime")) text.replace(QLatin1Char(' '), QLatin1Char('T'));
  }
  return text.toStdString();
}

QString explainValidation(const std::string& message, QString& field) {
  const QString m = QString::fromStdString(message);
  static const QRegularExpression shape(QStringLiteral("^[a-z_]+\\.([a-z_]+): (.*)$"));
  const auto match = shape.match(m);
  field = match.hasMatch() ? match.captured(1) : QString();
  const QString what = match.hasMatch() ? match.captured(2) : m;
  static const QRegularExpression bound(QStringLiteral("(below the minimum|above the maximum) of (\\S+)"));
  if (auto b = bound.match(what); b.hasMatch()) {
    return (b.captured(1).startsWith(QLatin1String("below")) ? QCoreApplication::translate("EntryForm", "At least %1.") : QCoreApplication::translate("EntryForm", "At most %1.")).arg(b.captured(2));
  }
  if (what.startsWith(QLatin1String("is required"))) return QCoreApplication::translate("EntryForm", "Required: choose or fill this in.");
  if (what.contains(QLatin1String("is not a number"))) return QCoreApplication::translate("EntryForm", "Type a number, for example 45 or 12,5.");
  if (what.contains(QLatin1String("local date and time"))) return QCoreApplication::translate("EntryForm", "Type a day and time, for example 29-03-2026 14:30.");
  if (what.contains(QLatin1String("YYYY-MM-DD"))) return QCoreApplication::translate("EntryForm", "Type a day, for example 29-03-2026.");
  if (what.contains(QLatin1String(" is before "))) return QCoreApplication::translate("EntryForm", "This day is before the day it follows.");
  if (what.contains(QLatin1String("bytes, the maximum"))) return QCoreApplication::translate("EntryForm", "Too long: shorten the text.");
  if (what.startsWith(QLatin1String("nothing changed"))) return QCoreApplication::translate("EntryForm", "Nothing changed: type the new hours, wage or title.");
  if (what.contains(QLatin1String("participant's jobs"))) return QCoreApplication::translate("EntryForm", "Choose one of this participant's jobs.");
  if (what.contains(QLatin1String("is not one of"))) return QCoreApplication::translate("EntryForm", "Choose one of the options.");
  return QCoreApplication::translate("EntryForm", "Not accepted: %1").arg(what);
}

}  // namespace coach::app
