// catalogue_erase.cpp: messages of `coach erase participant` and `coach erasures` (docs/erasure.md), in Dutch
// and English (messages.hpp). Placeholders must match in both languages.
#include "catalogue.hpp"

namespace coach::cli {
namespace {

constexpr MessageEntry kErase[] = {
    {"cmd.erase", "Wis gegevens overal: op elk apparaat van het team en op de server (AVG art. 17; teamleider)",
     "Erase data everywhere: on every device of the team and on the server (GDPR art. 17; team lead)"},
    {"example.erase", "coach erase participant 3f2a9c0d1e4b5a697887766554433221", "coach erase participant 3f2a9c0d1e4b5a697887766554433221"},
    {"cmd.erase_participant",
     "Wis een deelnemer en alles over hem of haar onherroepelijk; de andere apparaten volgen bij hun volgende synchronisatie",
     "Erase a participant and everything about them for good; the other devices follow at their next sync"},
    {"example.erase_participant", "coach erase participant 3f2a9c0d1e4b5a697887766554433221 --yes",
     "coach erase participant 3f2a9c0d1e4b5a697887766554433221 --yes"},
    {"cmd.erasures", "Toon de wissingen die dit apparaat heeft uitgevoerd (alleen nummers en tijden, geen namen)",
     "List the erasures carried out on this device (ids and times only, no names)"},
    {"example.erasures", "coach erasures", "coach erasures"},
    {"opt.erase_yes", "Bevestig het wissen zonder de naam te typen (voor scripts)",
     "Confirm the erasure without typing the name (for scripts)"},
    {"erase.not_found", "dit apparaat kent geen deelnemer {}: controleer het nummer, of synchroniseer eerst. Er is niets gewist.",
     "this device knows no participant {}: check the id, or sync first. Nothing was erased."},
    {"erase.need_yes", "wissen kan niet ongedaan worden gemaakt: voeg --yes toe om te bevestigen, of start het in een terminal. Er is niets gewist.",
     "erasure cannot be undone: add --yes to confirm, or run it in a terminal. Nothing was erased."},
    {"erase.confirm", "Dit wist {} ({}) onherroepelijk, op alle apparaten en op de server. Typ de naam om te bevestigen: ",
     "This erases {} ({}) for good, on every device and on the server. Type the name to confirm: "},
    {"erase.not_confirmed", "de naam klopt niet: er is niets gewist.", "the name does not match: nothing was erased."},
    {"erase.lead_only", "alleen het apparaat van een teamleider mag een deelnemer wissen: vraag het je teamleider. Er is niets gewist.",
     "only a team lead's device may erase a participant: ask your team lead. Nothing was erased."},
    {"erase.done",
     "{} is gewist op dit apparaat en op de server (wissing {}). De andere apparaten wissen bij hun volgende synchronisatie; "
     "'coach erasures' toont het verslag zonder naam.",
     "{} was erased on this device and on the server (erasure {}). The other devices erase at their next sync; "
     "'coach erasures' shows the record, without the name."},
    {"erase.new_recovery_key",
     "De sleutels van het team zijn vernieuwd, zodat ook een oude back-up van de server niets van deze deelnemer "
     "meer opent. Nieuwe herstelsleutel (alleen nu getoond; schrijf hem op, bewaar hem veilig en vernietig de oude):\n  {}",
     "The team's keys were renewed, so that not even an old backup of the server opens anything of this participant. "
     "New recovery key (shown only now; write it down, keep it safe and destroy the old one):\n  {}"},
    {"erase.keys_pending",
     "De sleutels van het team konden nog niet worden vernieuwd (de server was niet bereikbaar). Je volgende 'coach sync' "
     "doet dat en toont dan de nieuwe herstelsleutel.",
     "The team's keys could not be renewed yet (the server could not be reached). Your next 'coach sync' does it and "
     "shows the new recovery key then."},
    {"erasures.none", "Er zijn op dit apparaat geen wissingen uitgevoerd.", "No erasures were carried out on this device."},
    {"label.erasure_index", "nr.", "no."},
    {"label.participant_id", "deelnemer-id", "participant id"},
    {"label.erased_at", "gewist op", "erased at"},
    {"label.by_device", "door apparaat", "by device"},
    {"label.carried_out_at", "hier uitgevoerd", "carried out here"},
};

}  // namespace

std::span<const MessageEntry> catalogueErase() { return kErase; }

}  // namespace coach::cli
