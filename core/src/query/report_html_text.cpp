// The report pages' words in Dutch and English (query/report_html.hpp). The core's own texts (an item's raw
// figure, rule and warnings) stay English on both pages, as the CLI keeps the core's detail in English.
#include <array>
#include <map>

#include "query/report_html.hpp"

namespace coach::report {
namespace {

struct Words {
  std::string_view key;
  std::string_view nl;
  std::string_view en;
};

constexpr Words kWords[] = {
    {"generated", "gemaakt op", "made on"},
    {"footer",
     "Berekend op dit apparaat uit de gestructureerde gegevens (datums, keuzes, aantallen); er is niets "
     "ontsleuteld, dus geen naam of notitie kan op deze pagina staan. Regels: docs/figures.md.",
     "Computed on this device from the structured records (dates, choices, numbers); nothing was decrypted, so no "
     "name or note can be on this page. Rules: docs/figures.md."},
    {"warnings", "Waarschuwingen: ontbrekende gegevens", "Warnings: missing data"},
    {"warnings_note",
     "Wat hier ontbreekt, verandert een cijfer. Vul het aan in de gegevens; het cijfer zegt hoe het "
     "nu is meegeteld.",
     "What is missing here changes a figure. Fill it in; the figure says how it was counted meanwhile."},
    {"records", "gegevens", "records"},
    {"fidelity_title", "IPS-25 modelgetrouwheid", "IPS-25 fidelity"},
    {"period", "periode", "period"},
    {"total", "Totaal", "Total"},
    {"band", "Oordeel", "Band"},
    {"scored", "Gescoord", "Scored"},
    {"range", "bij ontbrekende items", "with the missing items"},
    {"items", "De 25 items tegen hun ankers", "The 25 items against their anchors"},
    {"items_note",
     "Elke balk is de score op de schaal 1-5. Blauw: berekend uit de gegevens; oranje: handmatige score van de "
     "teamleider; grijs gestreept: nog geen score.",
     "Each bar is the score on the 1-5 scale. Blue: computed from the records; orange: the team lead's manual "
     "score; grey dashed: not scored yet."},
    {"legend_computed", "berekend", "computed"},
    {"legend_manual", "handmatig", "manual"},
    {"legend_none", "geen score", "no score"},
    {"item", "item", "item"},
    {"title", "onderwerp", "title"},
    {"score", "score", "score"},
    {"source", "bron", "source"},
    {"figure", "cijfer", "figure"},
    {"drill", "gegevens", "records"},
    {"item_table", "Items met hun cijfer en het aantal gegevens waaruit ze komen",
     "Items with their figure and the number of records they come from"},
    {"evidence", "Bewijs voor de handmatig te scoren items", "Evidence for the items scored by hand"},
    {"weekly", "Werkgeverscontacten per week (V6)", "Employer contacts per week (V6)"},
    {"weekly_note",
     "Face-to-face werkgeverscontacten per coach per ISO-week (ma-zo, Amsterdamse tijd); de norm is 6 of meer. "
     "Telefoon, e-mail en video tellen niet. Een gevulde stip: de week is door de teamleider beoordeeld.",
     "Face-to-face employer contacts per coach per ISO week (Mon-Sun, Amsterdam time); the norm is 6 or more. "
     "Phone, e-mail and video do not count. A filled dot: the team lead reviewed the week."},
    {"weekly_none", "Geen hele ISO-week in deze periode, of geen coach.",
     "No whole ISO week in this period, or no coach."},
    {"norm", "norm 6", "norm 6"},
    {"reviewed", "beoordeeld", "reviewed"},
    {"not_reviewed", "niet beoordeeld", "not reviewed"},
    {"coach", "coach", "coach"},
    {"mean", "gemiddeld", "mean"},
    {"week_table_note", "Groen: norm gehaald; \u2713: beoordeeld.", "Green: norm met; \u2713: reviewed."},
    {"band.exemplary", "voorbeeldig (115+)", "exemplary (115+)"},
    {"band.good", "goed (100-114)", "good (100-114)"},
    {"band.fair", "redelijk (74-99)", "fair (74-99)"},
    {"band.not_ips", "geen IPS (onder 74)", "not IPS (below 74)"},
    {"band.incomplete", "nog onvolledig", "incomplete"},
    {"outcomes_title", "IPS-uitkomsten", "IPS outcomes"},
    {"rate", "Werk per kwartaal", "Employment per quarter"},
    {"rate_note",
     "Aandeel deelnemers met betaald werk op enige dag van het kwartaal, van alle deelnemers in begeleiding "
     "(balken); de lijn is het aandeel met duurzaam werk.",
     "Share of participants with a paid job on some day of the quarter, of all participants served (bars); the "
     "line is the share with a durable job."},
    {"paid_job", "betaald werk", "paid job"},
    {"durable_job", "duurzaam werk", "durable job"},
    {"quarter", "kwartaal", "quarter"},
    {"served", "in begeleiding", "served"},
    {"per_quarter", "Per kwartaal", "Per quarter"},
    {"per_quarter_note",
     "Tussen haakjes het aandeel: van de deelnemers in begeleiding, bij \u2018zonder werk bij instroom\u2019 van "
     "die groep, bij uitkeringsadvies van de baanstarts.",
     "In brackets the share: of the participants served; for \u2018out of work at entry\u2019 of that group; for "
     "benefits counselling of the job starts."},
    {"paid_job_ooew", "waarvan betaald werk", "of whom paid job"},
    {"this_period", "Cijfers van de periode", "Figures of the period"},
    {"count", "aantal", "count"},
    {"denominator", "noemer", "denominator"},
    {"share", "aandeel", "share"},
    {"over", "van", "of"},
    {"distributions", "Tijden, uren en lonen", "Times, hours and wages"},
    {"n", "n", "n"},
    {"median", "mediaan", "median"},
    {"min", "min", "min"},
    {"max", "max", "max"},
    {"measured_over", "gemeten over", "measured over"},
    {"end_reasons", "Redenen van einde van banen", "Why jobs ended"},
    {"reason", "reden", "reason"},
    {"no_jobs_ended", "Geen baan geëindigd in de periode.", "No job ended in the period."},
    {"starts", "baanstarts", "job starts"},
    {"first_starts", "eerste banen", "first jobs"},
    {"with_benefits", "met uitkeringsadvies vooraf", "with benefits counselling first"},
    {"ooew", "zonder werk bij instroom", "out of work at entry"},
    {"running", "trajecten lopend", "trajectories running"},
    {"started", "trajecten gestart", "trajectories started"},
    {"ended", "trajecten beëindigd", "trajectories ended"},
    {"durable_rule", "duurzaam = minstens {} weken", "durable = at least {} weeks"},
    {"days_contact", "dagen tot eerste face-to-face werkgeverscontact", "days to first face-to-face employer contact"},
    {"days_job", "dagen tot eerste baan", "days to first job"},
    {"tenure", "duur van geëindigde banen (dagen)", "tenure of jobs that ended (days)"},
    {"hours", "uren per week (lopende banen, laatste dag)", "hours per week (jobs running on the last day)"},
    {"wage", "bruto uurloon in euro (idem)", "gross hourly wage in euro (same jobs)"},
    {"d_contact", "trajecten met eerste contact in de periode", "trajectories whose first contact fell in the period"},
    {"d_job", "trajecten met eerste baan in de periode", "trajectories whose first job started in the period"},
    {"d_tenure", "banen geëindigd in de periode", "jobs that ended in the period"},
    {"d_running", "banen lopend op de laatste dag", "jobs running on the last day"},
    {"d_served", "deelnemers in begeleiding", "participants served"},
    {"d_ooew", "in begeleiding en zonder werk bij instroom", "served and out of work at entry"},
    {"d_starts", "baanstarts in de periode", "job starts in the period"},
    {"plain_count", "(telling)", "(a count)"},
};

// Dutch titles of the IPS-25 items as Phrenos' Dutch scale names them (shortened where long).
constexpr std::array<std::pair<std::string_view, std::string_view>, 25> kDutchTitles{{
    {"s1", "Caseload"},
    {"s2", "Medewerkers gericht op werk"},
    {"s3", "Generalistische taakopvatting"},
    {"o1", "Integratie met behandeling via teamtoewijzing"},
    {"o2", "Integratie met behandeling via frequent contact"},
    {"o3", "Samenwerking met UWV en gemeente"},
    {"o4", "IPS-eenheid"},
    {"o5", "Rol van de IPS-supervisor"},
    {"o6", "Geen uitsluitingscriteria"},
    {"o7", "Organisatie gericht op regulier werk"},
    {"o8", "Steun van het management voor IPS"},
    {"v1", "Advies over uitkering en inkomen"},
    {"v2", "Openheid over de aandoening"},
    {"v3", "Doorlopende, werkgerichte diagnostiek"},
    {"v4", "Snel zoeken naar regulier werk"},
    {"v5", "Individueel zoeken naar werk"},
    {"v6", "Jobhunting: frequent werkgeverscontact"},
    {"v7", "Jobhunting: kwaliteit van werkgeverscontact"},
    {"v8", "Diversiteit van soorten banen"},
    {"v9", "Diversiteit van werkgevers"},
    {"v10", "Reguliere banen"},
    {"v11", "Individuele ondersteuning na plaatsing"},
    {"v12", "Ondersteuning zonder tijdslimiet"},
    {"v13", "Werken in de maatschappij"},
    {"v14", "Actieve betrokkenheid en outreach"},
}};

constexpr Words kValues[] = {
    {"other_job", "andere baan", "other job"},
    {"quit", "zelf gestopt", "quit"},
    {"dismissed", "ontslagen", "dismissed"},
    {"contract_not_renewed", "contract niet verlengd", "contract not renewed"},
    {"temporary_job_ended", "tijdelijke baan afgelopen", "temporary job ended"},
    {"health", "gezondheid", "health"},
    {"moved", "verhuisd", "moved"},
    {"other", "anders", "other"},
    {"unknown", "onbekend", "unknown"},
};

}  // namespace

std::string_view tr(ReportLanguage lang, std::string_view key) {
  for (const Words& w : kWords) {
    if (w.key == key) return lang == ReportLanguage::Dutch ? w.nl : w.en;
  }
  return key;
}

std::string itemTitle(ReportLanguage lang, const FidelityItem& item) {
  if (lang == ReportLanguage::English) return item.title;
  for (const auto& [code, title] : kDutchTitles) {
    if (code == item.code) return std::string(title);
  }
  return item.title;
}

std::string valueLabel(ReportLanguage lang, std::string_view value) {
  for (const Words& w : kValues) {
    if (w.key == value) return std::string(lang == ReportLanguage::Dutch ? w.nl : w.en);
  }
  return std::string(value);
}

}  // namespace coach::report
