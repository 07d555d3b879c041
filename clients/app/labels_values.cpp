// labels_values.cpp: the words for the enumeration values the app shows (labels.hpp). English source texts;
// the Dutch ones are in i18n/app_nl.ts.
#include <QCoreApplication>

#include <map>
#include <string_view>

#include "labels.hpp"

namespace coach::app::labels {
namespace {

const std::map<std::string_view, const char*>& values() {
  static const std::map<std::string_view, const char*> t{
      // how (employer and support contacts)
      {"face_to_face", QT_TRANSLATE_NOOP("Labels", "face to face")},
      {"phone", QT_TRANSLATE_NOOP("Labels", "phone")},
      {"email", QT_TRANSLATE_NOOP("Labels", "e-mail")},
      {"video", QT_TRANSLATE_NOOP("Labels", "video")},
      // purpose of an employer contact
      {"learn_needs", QT_TRANSLATE_NOOP("Labels", "learn the employer's needs")},
      {"introduce_service", QT_TRANSLATE_NOOP("Labels", "introduce the service")},
      {"present_candidate", QT_TRANSLATE_NOOP("Labels", "present a candidate")},
      {"arrange_interview", QT_TRANSLATE_NOOP("Labels", "arrange an interview")},
      {"accompany_interview", QT_TRANSLATE_NOOP("Labels", "accompany an interview")},
      {"negotiate_offer_or_accommodation", QT_TRANSLATE_NOOP("Labels", "negotiate offer or accommodation")},
      {"support_after_hire", QT_TRANSLATE_NOOP("Labels", "support after hire")},
      // outcome
      {"information", QT_TRANSLATE_NOOP("Labels", "information")},
      {"follow_up_planned", QT_TRANSLATE_NOOP("Labels", "follow-up planned")},
      {"interview", QT_TRANSLATE_NOOP("Labels", "interview")},
      {"offer", QT_TRANSLATE_NOOP("Labels", "offer")},
      {"no_vacancy", QT_TRANSLATE_NOOP("Labels", "no vacancy")},
      // support contacts
      {"workplace", QT_TRANSLATE_NOOP("Labels", "at the workplace")},
      {"elsewhere", QT_TRANSLATE_NOOP("Labels", "elsewhere")},
      {"participant", QT_TRANSLATE_NOOP("Labels", "participant")},
      {"employer", QT_TRANSLATE_NOOP("Labels", "employer")},
      {"co_worker", QT_TRANSLATE_NOOP("Labels", "co-worker")},
      {"family", QT_TRANSLATE_NOOP("Labels", "family")},
      {"team_member", QT_TRANSLATE_NOOP("Labels", "team member")},
      {"uwv", QT_TRANSLATE_NOOP("Labels", "UWV")},
      {"municipality", QT_TRANSLATE_NOOP("Labels", "municipality")},
      {"preparing_start", QT_TRANSLATE_NOOP("Labels", "preparing the start")},
      {"first_days", QT_TRANSLATE_NOOP("Labels", "first days")},
      {"on_site_coaching", QT_TRANSLATE_NOOP("Labels", "on-site coaching")},
      {"employer_consult", QT_TRANSLATE_NOOP("Labels", "employer consult")},
      {"problem_solving", QT_TRANSLATE_NOOP("Labels", "problem solving")},
      {"income_and_benefits", QT_TRANSLATE_NOOP("Labels", "income and benefits")},
      {"career_development", QT_TRANSLATE_NOOP("Labels", "career development")},
      {"relapse_support", QT_TRANSLATE_NOOP("Labels", "relapse support")},
      {"step_down", QT_TRANSLATE_NOOP("Labels", "step-down")},
      // benefits sessions
      {"benefit_effects", QT_TRANSLATE_NOOP("Labels", "effects on benefits")},
      {"wage_cost_subsidy", QT_TRANSLATE_NOOP("Labels", "wage-cost subsidy")},
      {"tax_and_allowances", QT_TRANSLATE_NOOP("Labels", "tax and allowances")},
      {"debts", QT_TRANSLATE_NOOP("Labels", "debts")},
      {"reporting_income", QT_TRANSLATE_NOOP("Labels", "reporting income")},
      {"other", QT_TRANSLATE_NOOP("Labels", "other")},
      // jobs
      {"permanent", QT_TRANSLATE_NOOP("Labels", "permanent")},
      {"fixed_term", QT_TRANSLATE_NOOP("Labels", "fixed-term")},
      {"on_call", QT_TRANSLATE_NOOP("Labels", "on call")},
      {"agency", QT_TRANSLATE_NOOP("Labels", "agency")},
      {"payroll", QT_TRANSLATE_NOOP("Labels", "payroll")},
      {"self_employed", QT_TRANSLATE_NOOP("Labels", "self-employed")},
      {"work_learn", QT_TRANSLATE_NOOP("Labels", "work and learn")},
      // why and by whom a job ended
      {"other_job", QT_TRANSLATE_NOOP("Labels", "another job")},
      {"quit", QT_TRANSLATE_NOOP("Labels", "resigned")},
      {"dismissed", QT_TRANSLATE_NOOP("Labels", "dismissed")},
      {"contract_not_renewed", QT_TRANSLATE_NOOP("Labels", "contract not renewed")},
      {"temporary_job_ended", QT_TRANSLATE_NOOP("Labels", "temporary job ended")},
      {"moved", QT_TRANSLATE_NOOP("Labels", "moved")},
      {"mutual", QT_TRANSLATE_NOOP("Labels", "both")},
      // pauses
      {"hospital_admission", QT_TRANSLATE_NOOP("Labels", "hospital admission")},
      {"health", QT_TRANSLATE_NOOP("Labels", "health")},
      {"personal_circumstances", QT_TRANSLATE_NOOP("Labels", "personal circumstances")},
      {"participant_request", QT_TRANSLATE_NOOP("Labels", "at the participant's request")},
      // trajectory status
      {"referred", QT_TRANSLATE_NOOP("Labels", "referred")},
      {"engaged", QT_TRANSLATE_NOOP("Labels", "engaged")},
      {"job_search", QT_TRANSLATE_NOOP("Labels", "job search")},
      {"working", QT_TRANSLATE_NOOP("Labels", "working")},
      {"paused", QT_TRANSLATE_NOOP("Labels", "paused")},
      {"closed", QT_TRANSLATE_NOOP("Labels", "closed")},
      // fidelity bands
      {"exemplary", QT_TRANSLATE_NOOP("Labels", "exemplary")},
      {"good", QT_TRANSLATE_NOOP("Labels", "good")},
      {"fair", QT_TRANSLATE_NOOP("Labels", "fair")},
      {"not_ips", QT_TRANSLATE_NOOP("Labels", "not IPS")},
      {"incomplete", QT_TRANSLATE_NOOP("Labels", "incomplete")},
  };
  return t;
}

}  // namespace

QString value(const QString& v) {
  auto it = values().find(v.toStdString());
  if (it == values().end()) {
    QString s = v;
    return s.replace(QLatin1Char('_'), QLatin1Char(' '));
  }
  return QCoreApplication::translate("Labels", it->second);
}

bool hasValue(const QString& v) { return values().count(v.toStdString()) > 0; }

}  // namespace coach::app::labels
