// catalogue_access.cpp: messages of `coach access-log` and `coach retention` (docs/access-log.md), in Dutch and
// English (messages.hpp). Placeholders must match in both languages.
#include "catalogue.hpp"

namespace coach::cli {
namespace {

constexpr MessageEntry kAccess[] = {
    {"kind.retention_rule", "bewaartermijn", "retention rule"},
    {"cmd.access_log",
     "Toon wie de gegevens van een deelnemer heeft ingezien, gewijzigd, geëxporteerd of gewist (NEN 7513), van alle "
     "apparaten van het team na synchronisatie; werkt ook voor een gewiste deelnemer",
     "Show who read, changed, exported or erased a participant's data (NEN 7513), from every device of the team "
     "once synced; works for an erased participant too"},
    {"example.access_log", "coach access-log 3f2a9c0d1e4b5a697887766554433221 --from 01-01-2026 --to vandaag",
     "coach access-log 3f2a9c0d1e4b5a697887766554433221 --from 2026-01-01 --to today"},
    {"opt.access_from", "Vanaf deze dag (29-01-2026, 2026-01-29, vandaag ...)", "From this day (2026-01-29, 29-01-2026, today ...)"},
    {"opt.access_to", "Tot en met deze dag", "Up to and including this day"},
    {"access.bad_id", "'{}' is geen deelnemer-id: dat zijn 32 tekens 0-9 en a-f (coach list participant, coach erasures).",
     "'{}' is not a participant id: that is 32 characters 0-9 and a-f (coach list participant, coach erasures)."},
    {"access.bad_range", "de eerste dag (--from) ligt na de laatste (--to): draai ze om.",
     "the first day (--from) is after the last (--to): swap them."},
    {"access.none", "Het inzagelog op dit apparaat heeft geen regels over {} in deze periode (synchroniseer om die van "
                    "andere apparaten te zien).",
     "The access log on this device holds no entries about {} in this period (sync to see those of other devices)."},
    {"access.footer", "{} regel(s). Het log bevat alleen nummers en tijden, geen gegevens over de deelnemer.",
     "{} entries. The log holds ids and times only, no data about the participant."},
    {"access.own_work", "eigen werk", "own work"},
    {"access.action_read", "ingezien", "read"},
    {"access.action_write", "gewijzigd", "changed"},
    {"access.action_export", "geëxporteerd", "exported"},
    {"access.action_erase", "gewist", "erased"},
    {"label.access_when", "wanneer", "when"},
    {"label.access_who", "wie", "who"},
    {"label.access_device", "apparaat", "device"},
    {"label.access_action", "handeling", "action"},
    {"label.access_behalf", "namens", "on behalf of"},
    {"cmd.retention",
     "Toon wat over zijn bewaartermijn is (dossiers 20 jaar na de laatste wijziging, subsidieadministratie tot de "
     "afrekening, inzagelog 5 jaar); met --purge wist een teamleider het",
     "Show what is past its retention term (dossiers 20 years after the last change, subsidy administration until "
     "settled, access log 5 years); with --purge a team lead erases it"},
    {"example.retention", "coach retention --date 01-03-2026", "coach retention --date 2026-03-01"},
    {"opt.retention_date", "Reken voor deze dag in plaats van vandaag", "Compute for this day instead of today"},
    {"opt.retention_purge",
     "Wis wat over zijn termijn is: deelnemers op alle apparaten en de server (teamleider), oude inzagelogregels op dit apparaat",
     "Erase what is past its term: participants on every device and the server (team lead), old access log entries on this device"},
    {"retention.terms", "Bewaartermijnen: dossier {} jaar na de laatste wijziging, subsidieadministratie {} jaar na de "
                        "afrekening, inzagelog {} jaar.",
     "Retention terms: dossier {} years after the last change, subsidy administration {} years after settlement, "
     "access log {} years."},
    {"retention.summary", "Op {}: {} deelnemer(s) over de termijn, {} vastgehouden door een niet-afgerekende subsidie, "
                          "{} inzagelogregel(s) over de termijn.",
     "On {}: {} participant(s) past their term, {} held by an unsettled subsidy, {} access log entries past their term."},
    {"label.last_change", "laatste wijziging", "last change"},
    {"label.kept_until", "bewaren tot en met", "kept until"},
    {"label.retention_state", "stand", "state"},
    {"retention.held", "subsidie loopt nog", "subsidy not settled"},
    {"retention.to_erase", "te wissen", "to erase"},
    {"retention.lead_only", "alleen het apparaat van een teamleider mag deelnemers wissen: vraag het je teamleider. De "
                            "oude inzagelogregels op dit apparaat zijn wel verwijderd.",
     "only a team lead's device may erase participants: ask your team lead. The old access log entries on this device "
     "were removed."},
    {"retention.purged", "{} deelnemer(s) gewist op dit apparaat en de server (de andere apparaten volgen bij hun "
                         "synchronisatie), {} oude inzagelogregel(s) verwijderd.",
     "{} participant(s) erased on this device and the server (the other devices follow at their sync), {} old access "
     "log entries removed."},
};

}  // namespace

std::span<const MessageEntry> catalogueAccess() { return kAccess; }

}  // namespace coach::cli
