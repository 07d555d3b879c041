// labels.cpp: kind, field and rule names and the due-date words (labels.hpp); enumeration values are in
// labels_values.cpp.
#include "labels.hpp"

#include <QCoreApplication>
#include <QDate>
#include <QLocale>

#include <map>
#include <string_view>

namespace coach::app::labels {
namespace {

using Table = std::map<std::string_view, const char*>;

const Table& kinds() {
  static const Table t{
      {"participant", QT_TRANSLATE_NOOP("Labels", "participant")},
      {"trajectory", QT_TRANSLATE_NOOP("Labels", "trajectory")},
      {"vocational_profile", QT_TRANSLATE_NOOP("Labels", "vocational profile")},
      {"employer", QT_TRANSLATE_NOOP("Labels", "employer")},
      {"employer_contact", QT_TRANSLATE_NOOP("Labels", "employer contact")},
      {"job", QT_TRANSLATE_NOOP("Labels", "job")},
      {"support_contact", QT_TRANSLATE_NOOP("Labels", "support contact")},
      {"benefits_session", QT_TRANSLATE_NOOP("Labels", "benefits session")},
      {"meeting", QT_TRANSLATE_NOOP("Labels", "meeting")},
      {"consent", QT_TRANSLATE_NOOP("Labels", "consent")},
      {"outreach_attempt", QT_TRANSLATE_NOOP("Labels", "outreach attempt")},
      {"pause", QT_TRANSLATE_NOOP("Labels", "pause")},
      {"access_event", QT_TRANSLATE_NOOP("Labels", "access event")},
      {"fidelity_score", QT_TRANSLATE_NOOP("Labels", "fidelity score")},
      {"participant_note", QT_TRANSLATE_NOOP("Labels", "note")},
      {"job_change", QT_TRANSLATE_NOOP("Labels", "change of hours, wage or title")},
      {"job_end", QT_TRANSLATE_NOOP("Labels", "end of a job")},
  };
  return t;
}

const Table& fields() {
  static const Table t{
      {"contact_at", QT_TRANSLATE_NOOP("Labels", "When")},
      {"contact_on", QT_TRANSLATE_NOOP("Labels", "Day")},
      {"session_on", QT_TRANSLATE_NOOP("Labels", "Day")},
      {"employer_id", QT_TRANSLATE_NOOP("Labels", "Employer")},
      {"participant_id", QT_TRANSLATE_NOOP("Labels", "Participant")},
      {"job_id", QT_TRANSLATE_NOOP("Labels", "Job")},
      {"mode", QT_TRANSLATE_NOOP("Labels", "How")},
      {"participant_present", QT_TRANSLATE_NOOP("Labels", "Participant took part")},
      {"purpose", QT_TRANSLATE_NOOP("Labels", "Purpose")},
      {"outcome", QT_TRANSLATE_NOOP("Labels", "Outcome")},
      {"matches_preferences", QT_TRANSLATE_NOOP("Labels", "Matches the participant's preferences")},
      {"duration_minutes", QT_TRANSLATE_NOOP("Labels", "Minutes")},
      {"note", QT_TRANSLATE_NOOP("Labels", "Note")},
      {"place", QT_TRANSLATE_NOOP("Labels", "Where")},
      {"with_whom", QT_TRANSLATE_NOOP("Labels", "With whom")},
      {"type", QT_TRANSLATE_NOOP("Labels", "Kind of support")},
      {"next_planned_on", QT_TRANSLATE_NOOP("Labels", "Next contact planned")},
      {"counsellor", QT_TRANSLATE_NOOP("Labels", "Counsellor")},
      {"topics", QT_TRANSLATE_NOOP("Labels", "Topics")},
      {"before_start", QT_TRANSLATE_NOOP("Labels", "Before the job started")},
      {"coach", QT_TRANSLATE_NOOP("Labels", "Coach")},
      {"title", QT_TRANSLATE_NOOP("Labels", "Job title")},
      {"start_date", QT_TRANSLATE_NOOP("Labels", "First working day")},
      {"hours_per_week", QT_TRANSLATE_NOOP("Labels", "Hours per week")},
      {"hourly_wage", QT_TRANSLATE_NOOP("Labels", "Gross hourly wage (euro)")},
      {"contract_type", QT_TRANSLATE_NOOP("Labels", "Contract")},
      {"start_on", QT_TRANSLATE_NOOP("Labels", "Start")},
      {"reason", QT_TRANSLATE_NOOP("Labels", "Reason")},
      {"review_on", QT_TRANSLATE_NOOP("Labels", "Review on")},
      {"terms_changed_on", QT_TRANSLATE_NOOP("Labels", "New hours or wage from")},
      {"end_date", QT_TRANSLATE_NOOP("Labels", "Last working day")},
      {"end_reason", QT_TRANSLATE_NOOP("Labels", "Why the job ended")},
      {"end_initiated_by", QT_TRANSLATE_NOOP("Labels", "Ended by")},
      {"end_heard_on", QT_TRANSLATE_NOOP("Labels", "Heard of the end on")},
  };
  return t;
}

const Table& rules() {
  static const Table t{
      {"v12_before_start", QT_TRANSLATE_NOOP("Labels", "contact in the week before the job starts")},
      {"v12_first_days", QT_TRANSLATE_NOOP("Labels", "contact in the first days of the job")},
      {"v12_weekly", QT_TRANSLATE_NOOP("Labels", "weekly contact (first month)")},
      {"v12_monthly", QT_TRANSLATE_NOOP("Labels", "monthly contact (first year)")},
      {"v12_job_loss", QT_TRANSLATE_NOOP("Labels", "contact after the job ended")},
      {"v4_first_employer_contact", QT_TRANSLATE_NOOP("Labels", "first employer contact (30 days)")},
      {"v1_benefits_before_start", QT_TRANSLATE_NOOP("Labels", "benefits session before the start")},
      {"v1_benefits_after_change", QT_TRANSLATE_NOOP("Labels", "benefits session after a change of hours or wage")},
  };
  return t;
}

QString readable(const QString& id) {
  QString s = id;
  s.replace(QLatin1Char('_'), QLatin1Char(' '));
  return s;
}

QString lookup(const Table& table, const QString& id) {
  const std::string key = id.toStdString();
  auto it = table.find(key);
  return it == table.end() ? readable(id) : QCoreApplication::translate("Labels", it->second);
}

}  // namespace

QString kind(const QString& k) { return lookup(kinds(), k); }
QString field(const QString& f) { return lookup(fields(), f); }
QString rule(const QString& r) { return lookup(rules(), r); }
bool hasField(const QString& f) { return fields().count(f.toStdString()) > 0; }

QString due(qint64 daysLeft) {
  const int days = static_cast<int>(daysLeft < 0 ? -daysLeft : daysLeft);
  if (daysLeft < 0) return QCoreApplication::translate("Labels", "%n day(s) overdue", "", days);
  if (daysLeft == 0) return QCoreApplication::translate("Labels", "due today");
  return QCoreApplication::translate("Labels", "due in %n day(s)", "", days);
}

QString day(const QString& isoDay, const QString& language) {
  const QDate d = QDate::fromString(isoDay.left(10), Qt::ISODate);
  if (!d.isValid()) return isoDay;
  const QLocale locale(language == QLatin1String("en") ? QLocale::English : QLocale::Dutch);
  QString text = locale.toString(d, QStringLiteral("ddd d MMM yyyy"));
  if (isoDay.size() > 11) text += QLatin1Char(' ') + isoDay.mid(11, 5);
  return text;
}

}  // namespace coach::app::labels
