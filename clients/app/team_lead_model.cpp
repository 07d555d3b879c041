// team_lead_model.cpp: the fidelity summary and the weekly employer contacts per coach (team_lead_model.hpp).
#include "team_lead_model.hpp"

#include <QCoreApplication>
#include <QDate>

#include <map>
#include <string_view>

#include "coach/figures.hpp"
#include "labels.hpp"

namespace coach::app {
namespace {

constexpr int kWeeksShown = 6;

const std::map<std::string_view, const char*>& titles() {
  static const std::map<std::string_view, const char*> t{
      {"s1", QT_TRANSLATE_NOOP("TeamLead", "Caseload size")},
      {"s2", QT_TRANSLATE_NOOP("TeamLead", "Employment services staff")},
      {"s3", QT_TRANSLATE_NOOP("TeamLead", "Vocational generalists")},
      {"o1", QT_TRANSLATE_NOOP("TeamLead", "Integration with treatment: team assignment")},
      {"o2", QT_TRANSLATE_NOOP("TeamLead", "Integration with treatment: frequent team contact")},
      {"o3", QT_TRANSLATE_NOOP("TeamLead", "Collaboration with UWV and the municipality")},
      {"o4", QT_TRANSLATE_NOOP("TeamLead", "Vocational unit")},
      {"o5", QT_TRANSLATE_NOOP("TeamLead", "Role of the employment supervisor")},
      {"o6", QT_TRANSLATE_NOOP("TeamLead", "Zero exclusion criteria")},
      {"o7", QT_TRANSLATE_NOOP("TeamLead", "Agency focus on competitive employment")},
      {"o8", QT_TRANSLATE_NOOP("TeamLead", "Executive team support for IPS")},
      {"v1", QT_TRANSLATE_NOOP("TeamLead", "Benefits planning")},
      {"v2", QT_TRANSLATE_NOOP("TeamLead", "Disclosure")},
      {"v3", QT_TRANSLATE_NOOP("TeamLead", "Ongoing work-based assessment")},
      {"v4", QT_TRANSLATE_NOOP("TeamLead", "Rapid search for competitive jobs")},
      {"v5", QT_TRANSLATE_NOOP("TeamLead", "Individualised job search")},
      {"v6", QT_TRANSLATE_NOOP("TeamLead", "Job development: frequent employer contact")},
      {"v7", QT_TRANSLATE_NOOP("TeamLead", "Job development: quality of employer contact")},
      {"v8", QT_TRANSLATE_NOOP("TeamLead", "Diversity of job types")},
      {"v9", QT_TRANSLATE_NOOP("TeamLead", "Diversity of employers")},
      {"v10", QT_TRANSLATE_NOOP("TeamLead", "Competitive jobs")},
      {"v11", QT_TRANSLATE_NOOP("TeamLead", "Individualised follow-along supports")},
      {"v12", QT_TRANSLATE_NOOP("TeamLead", "Time-unlimited follow-along supports")},
      {"v13", QT_TRANSLATE_NOOP("TeamLead", "Community-based services")},
      {"v14", QT_TRANSLATE_NOOP("TeamLead", "Assertive engagement and outreach")},
  };
  return t;
}

}  // namespace

TeamLeadModel::TeamLeadModel(Session& session, QObject* parent) : QObject(parent), session_(session) {
  connect(&session_, &Session::dataChanged, this, &TeamLeadModel::refresh);
  connect(&session_, &Session::languageChanged, this, &TeamLeadModel::refresh);
}

QString TeamLeadModel::itemTitle(const QString& code, const QString& english) {
  auto it = titles().find(code.toStdString());
  return it == titles().end() ? english : QCoreApplication::translate("TeamLead", it->second);
}

void TeamLeadModel::readWeekly(const QStringList& evidence) {
  weeks_.clear();
  coaches_.clear();
  for (const QString& line : evidence) {
    const qsizetype colon = line.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0) continue;
    const QStringList tokens = line.mid(colon + 1).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QStringList weeks;
    QVariantList counts;
    for (qsizetype i = 0; i + 1 < tokens.size(); i += 2) {
      weeks << tokens[i];
      counts << tokens[i + 1].toInt();
    }
    weeks_ = weeks;
    coaches_ << QVariantMap{{QStringLiteral("coach"), line.left(colon)}, {QStringLiteral("counts"), counts}};
  }
}

void TeamLeadModel::refresh() {
  Store* store = session_.store();
  error_.clear();
  items_.clear();
  if (store == nullptr) {
    emit changed();
    return;
  }
  const std::string today = session_.today().toStdString();
  auto quarter = quarterPeriod(quarterOf(today));
  FidelityOptions options;
  options.period = quarter.ok() ? quarter.value() : Period{today, today};
  auto report = computeFidelity(*store, options);
  if (!report.ok()) {
    error_ = Session::explain(report.error());
    emit changed();
    return;
  }
  const FidelityReport& r = report.value();
  period_ = labels::day(QString::fromStdString(r.period.from), session_.language()) + QStringLiteral(" – ") +
            labels::day(QString::fromStdString(r.period.to), session_.language());
  total_ = r.total;
  scored_ = r.scoredItems;
  band_ = labels::value(QString::fromStdString(r.band));
  for (const FidelityItem& item : r.items) {
    const QString code = QString::fromStdString(item.code);
    items_ << QVariantMap{{QStringLiteral("code"), code.toUpper()},
                          {QStringLiteral("title"), itemTitle(code, QString::fromStdString(item.title))},
                          {QStringLiteral("score"), item.score ? QString::number(*item.score) : QStringLiteral("–")},
                          {QStringLiteral("figure"), QString::fromStdString(item.rawFigure)},
                          {QStringLiteral("computed"), item.computed}};
  }
  // The weekly counts: V6 over the last whole weeks up to this week's Sunday.
  const QDate day = QDate::fromString(session_.today(), Qt::ISODate);
  const QDate sunday = day.addDays(7 - day.dayOfWeek());
  FidelityOptions weekly;
  weekly.period = Period{sunday.addDays(-7 * kWeeksShown + 1).toString(Qt::ISODate).toStdString(),
                         sunday.toString(Qt::ISODate).toStdString()};
  auto recent = computeFidelity(*store, weekly);
  QStringList evidence;
  if (recent.ok()) {
    for (const FidelityItem& item : recent.value().items) {
      if (item.code != "v6") continue;
      for (const auto& line : item.evidence) evidence << QString::fromStdString(line);
    }
  }
  readWeekly(evidence);
  emit changed();
}

}  // namespace coach::app
