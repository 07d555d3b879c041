// catalogue_commands.cpp: the help of every command (description and example) and the results of the
// profile and record commands, in Dutch and English (messages.hpp).
#include "catalogue.hpp"

namespace coach::cli {
namespace {

constexpr MessageEntry kCommands[] = {
    {"example.coach", "coach participant add --name 'Anna de Vries'", "coach participant add --name 'Anna de Vries'"},

    // init
    {"cmd.init", "Maak het profiel van dit apparaat (versleuteld met een wachtwoordzin)",
     "Make this device's profile (encrypted with a passphrase)"},
    {"example.init", "coach init --actor marieke", "coach init --actor marieke"},
    {"opt.actor", "Jouw naam als coach (medewerkerscode)", "Your name as a coach (staff handle)"},
    {"init.ask_actor", "Jouw naam als coach (medewerkerscode): ", "Your name as a coach (staff handle): "},
    {"init.no_actor", "geef je naam als coach met --actor NAAM.", "give your name as a coach with --actor NAME."},
    {"init.done", "Profiel gemaakt in {} voor {} (apparaat {}).", "Profile made in {} for {} (device {})."},
    {"opt.keyring", "Bewaar de sleutel van het profiel in de sleutelbos van het systeem (GNOME Keyring, KWallet) in plaats van achter een wachtwoordzin",
     "Keep the profile's key in the system keyring (GNOME Keyring, KWallet) instead of behind a passphrase"},
    {"init.keyring", "De sleutel van het profiel staat in de sleutelbos van het systeem; coach vraagt geen wachtwoordzin. Zonder deze sleutelbos opent het profiel niet meer: synchroniseer vaak, dan krijgt een nieuw apparaat alles terug van het team.",
     "The profile's key is in the system keyring; coach asks no passphrase. Without this keyring the profile does not open again: sync often, so that a new device gets everything back from the team."},

    // Generic record commands.
    {"cmd.add", "Voeg een gegeven van een soort toe: coach add SOORT veld=waarde ...",
     "Add a record of a kind: coach add KIND field=value ..."},
    {"example.add", "coach add employer name='Bakkerij Jansen' sector=retail city=Utrecht",
     "coach add employer name='Jansen Bakery' sector=retail city=Utrecht"},
    {"cmd.edit", "Wijzig velden van een gegeven: coach edit ID veld=waarde ... (leeg maakt een veld leeg)",
     "Change fields of a record: coach edit ID field=value ... (empty clears a field)"},
    {"example.edit", "coach edit 3f2a... phone=0612345678 email=", "coach edit 3f2a... phone=0612345678 email="},
    {"cmd.show", "Toon één gegeven met al zijn velden", "Show one record with all its fields"},
    {"example.show", "coach show 3f2a...", "coach show 3f2a..."},
    {"cmd.list", "Toon de gegevens van een soort, nieuwste eerst (filter met veld=waarde)",
     "List the records of a kind, newest first (filter with field=value)"},
    {"example.list", "coach list job participant_id=3f2a... contract_type=permanent",
     "coach list job participant_id=3f2a... contract_type=permanent"},
    {"cmd.archive", "Archiveer een gegeven (terug te draaien met --undo)", "Archive a record (undo with --undo)"},
    {"example.archive", "coach archive 3f2a...", "coach archive 3f2a..."},
    {"cmd.fields", "Toon de soorten gegevens, of de velden van één soort", "List the record kinds, or the fields of one kind"},
    {"example.fields", "coach fields support_contact", "coach fields support_contact"},
    {"opt.kind", "Soort gegeven (coach fields toont ze)", "Record kind (coach fields lists them)"},
    {"opt.kind_optional", "Soort gegeven; zonder: alle soorten", "Record kind; without: every kind"},
    {"opt.id", "Id van het gegeven", "Id of the record"},
    {"opt.assignments", "Velden als veld=waarde", "Fields as field=value"},
    {"opt.filters", "Alleen gegevens met veld=waarde (niet op versleutelde velden)",
     "Only records with field=value (not on encrypted fields)"},
    {"opt.all", "Ook gearchiveerde gegevens", "Include archived records"},
    {"opt.undo", "Haal het gegeven terug uit het archief", "Bring the record back from the archive"},
    {"add.done", "Nieuw gegeven ({}): {}", "New record ({}): {}"},
    {"edit.done", "Gewijzigd ({}): {}", "Changed ({}): {}"},
    {"edit.nothing", "geef minstens één veld=waarde om te wijzigen.", "give at least one field=value to change."},
    {"archive.done", "Gearchiveerd ({}): {}", "Archived ({}): {}"},
    {"archive.undone", "Teruggehaald uit het archief ({}): {}", "Back from the archive ({}): {}"},
    {"record.not_found", "er is geen gegeven met id {} op dit apparaat; 'coach list SOORT' toont de ids.",
     "there is no record with id {} on this device; 'coach list KIND' shows the ids."},
    {"list.none", "Geen gegevens ({}).", "No records ({})."},
    {"label.kind", "soort", "kind"},
    {"label.archived", "gearchiveerd", "archived"},
    {"label.description", "omschrijving", "description"},
    {"label.field", "veld", "field"},
    {"label.type", "type", "type"},
    {"label.required", "verplicht", "required"},
    {"label.allowed", "toegestaan", "allowed"},
    {"label.help", "uitleg (Engels)", "help"},
    {"fields.ref", "id ({})", "id ({})"},
    {"fields.date_forms", "29-01-2026, 2026-01-29, vandaag, gisteren, morgen", "2026-01-29, 29-01-2026, today, yesterday, tomorrow"},
    {"fields.datetime_forms", "29-01-2026 14:30, vandaag 9:15, nu", "2026-01-29 14:30, today 9:15, now"},
    {"fields.bool_forms", "ja, nee", "yes, no"},
};

}  // namespace

std::span<const MessageEntry> catalogueCommands() { return kCommands; }

}  // namespace coach::cli
