// labels.hpp: what the coach reads for the core's identifiers: kinds, fields, enumeration values and agenda
// rules, in the chosen language (Qt's translation system: English source texts, Dutch in i18n/app_nl.ts).
// The core keeps snake_case English values (coach/schema_info.hpp); nothing here decides anything, it only
// names. An identifier without a label comes out readable ("no_vacancy" -> "no vacancy") and is a test failure.
//
// Thread-safety: pure functions over constant tables; call them on the UI thread (translators are global).
#pragma once

#include <QString>

namespace coach::app::labels {

QString kind(const QString& kind);
QString field(const QString& field);
QString value(const QString& value);
QString rule(const QString& rule);
// True when `value` (or field, kind, rule) has a label of its own; for the tests.
bool hasValue(const QString& value);
bool hasField(const QString& field);

// "3 days overdue", "due today", "due in 2 days".
QString due(qint64 daysLeft);
// "2026-03-02" -> "ma 2 mrt 2026" / "Mon 2 Mar 2026" in the chosen language.
QString day(const QString& isoDay, const QString& language);

}  // namespace coach::app::labels
