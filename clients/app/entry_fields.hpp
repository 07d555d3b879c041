// entry_fields.hpp: the fields a quick-entry form shows for a kind, their editors, choices and defaults, and
// the translation of a value as the coach typed or chose it into the JSON the core validates. The field list,
// types, enumerations and ranges come from the core's schema (coach/schema_info.hpp); which of them a quick
// entry shows, in what order, and their defaults (today, now, face-to-face, the participant you came from,
// recent employers first) are this file's. Whether a value is valid is the core's to say (Store::add).
//
// Thread-safety: functions of the UI thread.
#pragma once

#include <QString>
#include <QStringList>
#include <QVariant>
#include <QVariantList>

#include <vector>

#include <nlohmann/json.hpp>

#include "coach/store.hpp"

namespace coach::app {

struct FieldRow {
  QString name;        // the core's field name
  QString editor;      // "choice", "multi", "text", "note", "date", "datetime", "bool", "number"
  bool required = false;
  QVariantList choices;  // [{value, label}] for choice and multi, in the order shown
  QVariant value;      // QString (choice, text, note, date, datetime, number), bool, QStringList (multi)
  QString error;       // the core's verdict in the coach's words, next to the field
};

struct EntryContext {
  QString kind;            // a record kind, or "participant_note" (a dated line added to the participant's note)
  QString participantId;   // the participant you came from ("" for a generic employer contact)
  QString relatedId;       // the job (or trajectory) an agenda item is about
  QString today;           // "YYYY-MM-DD"
  QString now;             // "YYYY-MM-DDTHH:MM"
};

// The kinds the quick-entry screen offers.
bool isQuickEntryKind(const QString& kind);

// The rows of the form for `context`, with defaults and choices read from the store (employers, jobs).
std::vector<FieldRow> buildFields(Store& store, const EntryContext& context);

// The JSON value for the core, or null when the row is empty; the core validates it.
nlohmann::json toCoreValue(const FieldRow& row);

// The core's validation message ("kind.field: what") in the coach's words; `field` is set to the field it names.
QString explainValidation(const std::string& message, QString& field);

}  // namespace coach::app
