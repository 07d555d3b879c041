// catalogue_sync.cpp: messages of sync, conflicts, export and the team commands, and every sync server
// failure in plain words, in Dutch and English (messages.hpp). Placeholders must match in both languages.
#include "catalogue.hpp"

namespace coach::cli {
namespace {

constexpr MessageEntry kSync[] = {
    {"sync.progress", "verzonden: {} wijzigingen, ontvangen: {} wijzigingen", "sent: {} changes, received: {} changes"},
    {"sync.done", "Gesynchroniseerd: {} wijzigingen verzonden, {} ontvangen, {} nieuwe conflicten.",
     "Synced: {} changes sent, {} received, {} new conflicts."},
    {"sync.see_conflicts", "Bekijk de conflicten met 'coach conflicts'.", "See the conflicts with 'coach conflicts'."},
    {"sync.warning", "Let op: {}", "Note: {}"},
    {"conflicts.none", "Geen conflicten.", "No conflicts."},
    {"conflicts.how", "Los op met 'coach conflicts resolve NUMMER --keep huidig|ander|beide'.",
     "Resolve with 'coach conflicts resolve NUMBER --keep current|other|both'."},
    {"conflicts.bad_keep", "--keep '{}' kan niet; kies huidig, ander of beide (current, other, both).",
     "--keep '{}' is not possible; choose current, other or both (huidig, ander, beide)."},
    {"conflicts.bad_number", "er is geen conflict nummer {} (er zijn er {}); 'coach conflicts' toont ze.",
     "there is no conflict number {} (there are {}); 'coach conflicts' lists them."},
    {"conflicts.resolved", "Conflict {} opgelost ({} van {}); de keuze gaat bij de volgende sync naar het team.",
     "Conflict {} resolved ({} of {}); the choice goes to the team at the next sync."},
    {"label.current", "huidige tekst", "current text"},
    {"label.other", "andere tekst", "other text"},
    {"label.record", "gegeven", "record"},
    {"export.not_participant", "{} is geen deelnemer; geef het id van een deelnemer (coach list participant).",
     "{} is not a participant; give the id of a participant (coach list participant)."},
    {"export.write_failed", "het bestand {} kon niet worden geschreven; kies een andere plek met --output.",
     "the file {} could not be written; choose another place with --output."},
    {"export.written", "{} gegevens geëxporteerd naar {} (alleen voor jou leesbaar). De export staat in het inzagelog.",
     "{} records exported to {} (readable by you only). The export is in the access log."},
    {"team.already", "dit apparaat hoort al bij team {}; een tweede team kan niet in hetzelfde profiel.",
     "this device already belongs to team {}; a second team cannot share the profile."},
    {"team.created", "Team {} klaar op dit apparaat (rol: {}). De teamsleutels staan versleuteld in het profiel.",
     "Team {} ready on this device (role: {}). The team keys are encrypted in the profile."},
    {"team.recovery",
     "Herstelsleutel van het team (wordt maar één keer getoond; schrijf hem op en bewaar hem veilig, buiten dit apparaat):\n  {}",
     "The team's recovery key (shown only this once; write it down and keep it safe, away from this device):\n  {}"},
    {"team.next", "Synchroniseer met 'coach sync'.", "Sync with 'coach sync'."},

    // The sync server in plain words.
    {"server.not_joined", "dit apparaat hoort nog niet bij een team: 'coach team create' (teamleider) of 'coach enrol' (coach) koppelt het.",
     "this device is not in a team yet: 'coach team create' (team lead) or 'coach enrol' (coach) joins one."},
    {"server.bad_settings", "de serverinstelling klopt niet: {}", "the server setting is not right: {}"},
    {"server.unreachable", "de server {} is niet bereikbaar (geen verbinding).", "the server {} cannot be reached (no connection)."},
    {"server.timeout", "de server {} antwoordt niet op tijd.", "the server {} does not answer in time."},
    {"server.changes_safe", "Je wijzigingen staan veilig op dit apparaat en gaan mee bij de volgende sync.",
     "Your changes are safe on this device and will be sent at the next sync."},
    {"server.enrol_later", "Er is niets veranderd; probeer het later opnieuw of vraag de beheerder of de server draait.",
     "Nothing changed; try again later or ask your admin whether the server is running."},
    {"server.certificate", "het certificaat van de server {} kon niet worden gecontroleerd; er is niets verstuurd. Vraag de beheerder om het juiste CA-bestand (--ca-file).",
     "the certificate of the server {} could not be verified; nothing was sent. Ask your admin for the right CA file (--ca-file)."},
    {"server.rate_limited", "de server {} is even te druk of weigert te veel pogingen; probeer het over {} seconden opnieuw.",
     "the server {} is busy or refuses too many attempts; try again in {} seconds."},
    {"server.clock", "de klok van dit apparaat staat verkeerd; de server weigert wijzigingen uit de toekomst. Zet datum en tijd automatisch en synchroniseer opnieuw. Je wijzigingen blijven bewaard.",
     "this device's clock is wrong; the server refuses changes from the future. Set the date and time automatically and sync again. Your changes are kept."},
    {"server.revoked", "dit apparaat is ingetrokken en mag niet meer synchroniseren. Wat nog niet verzonden was staat alleen op dit apparaat: neem contact op met je teamleider.",
     "this device has been revoked and may no longer sync. What was not sent yet is only on this device: contact your team lead."},
    {"server.pending", "dit apparaat wacht nog op goedkeuring door een teamleider. Laat de teamleider het goedkeuren en vergelijk samen de vingerafdruk op beide schermen.",
     "this device is still waiting for a team lead's approval. Ask your team lead to approve it, comparing the fingerprint on both screens."},
    {"server.forbidden", "dat mag alleen het apparaat van een teamleider. Vraag het je teamleider.",
     "only a team lead's device may do that. Ask your team lead."},
    {"server.unauthorized", "de server herkent dit apparaat niet (meer). Vraag de beheerder of teamleider om het opnieuw aan te melden.",
     "the server does not (or no longer) recognise this device. Ask your admin or team lead to enrol it again."},
    {"server.bad_code", "de aanmeldcode wordt niet geaccepteerd: verkeerd getypt, al gebruikt of verlopen. Vraag de beheerder om een nieuwe code.",
     "the enrolment code is not accepted: mistyped, already used or expired. Ask your admin for a new code."},
    {"server.wrong_team", "de server hoort bij een ander team dan dit apparaat; controleer het serveradres.",
     "the server belongs to another team than this device; check the server address."},
    {"server.protocol", "de server spreekt een andere versie van het protocol; werk coach bij.",
     "the server speaks another version of the protocol; please update coach."},
    {"server.other", "synchroniseren met {} lukte niet: {}", "syncing with {} did not work: {}"},
};

}  // namespace

std::span<const MessageEntry> catalogueSync() { return kSync; }

}  // namespace coach::cli
