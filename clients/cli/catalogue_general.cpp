// catalogue_general.cpp: messages about the command line, dates and values, the profile and errors from the
// core, in Dutch and English (messages.hpp). Placeholders are fmt's "{}" and must match in both languages.
#include "catalogue.hpp"

namespace coach::cli {
namespace {

constexpr MessageEntry kGeneral[] = {
    // The command line itself.
    {"app.description", "coach: de IPS-coach-companion op de opdrachtregel. Gegevens blijven versleuteld op dit apparaat.",
     "coach: the IPS coach companion on the command line. Data stays encrypted on this device."},
    {"cli.options", "Opties", "Options"},
    {"cli.commands", "Opdrachten", "Commands"},
    {"cli.example", "Voorbeeld:", "Example:"},
    {"cli.label.Usage", "Gebruik", "Usage"},
    {"cli.label.OPTIONS", "OPTIES", "OPTIONS"},
    {"cli.label.SUBCOMMAND", "OPDRACHT", "COMMAND"},
    {"cli.label.SUBCOMMANDS", "OPDRACHTEN", "COMMANDS"},
    {"cli.label.Positionals", "Argumenten", "Arguments"},
    {"cli.label.REQUIRED", "VERPLICHT", "REQUIRED"},
    {"cli.label.Env", "Omgeving", "Env"},
    {"cli.label.Needs", "Vereist", "Needs"},
    {"cli.label.Excludes", "Sluit uit", "Excludes"},
    {"cli.label.TEXT", "TEKST", "TEXT"},
    {"cli.label.INT", "GETAL", "INT"},
    {"cli.label.UINT", "GETAL", "UINT"},
    {"cli.label.FLOAT", "GETAL", "FLOAT"},
    {"cli.parse_error", "de opdracht klopt niet: {}. Zie 'coach --help' of 'coach OPDRACHT --help'.",
     "the command is not right: {}. See 'coach --help' or 'coach COMMAND --help'."},
    {"cli.no_command", "geef een opdracht; 'coach --help' toont ze allemaal.",
     "give a command; 'coach --help' lists them all."},
    {"opt.help", "Toon deze hulp en stop", "Print this help and exit"},
    {"opt.home", "Map van het profiel (standaard $XDG_DATA_HOME/coach of ~/.local/share/coach)",
     "Folder of the profile (default $XDG_DATA_HOME/coach or ~/.local/share/coach)"},
    {"opt.lang", "Taal: nl of en (anders LC_ALL, LC_MESSAGES of LANG; standaard nl)",
     "Language: nl or en (else LC_ALL, LC_MESSAGES or LANG; default nl)"},
    {"opt.json", "Uitvoer als JSON, voor scripts", "Output as JSON, for scripts"},
    {"lang.invalid", "--lang: '{}' is geen taal van coach; gebruik --lang nl of --lang en.",
     "--lang: '{}' is not a language of coach; use --lang nl or --lang en."},
    {"internal.error", "er ging iets mis in coach zelf; er is niets half opgeslagen. Meld dit aan de beheerder.",
     "something went wrong inside coach; nothing was half saved. Please report this to your admin."},
    {"testnow.invalid", "COACH_TEST_NOW '{}' is geen tijdstip JJJJ-MM-DDTUU:MM (alleen voor tests; laat het anders leeg).",
     "COACH_TEST_NOW '{}' is not a time YYYY-MM-DDTHH:MM (for tests only; otherwise leave it unset)."},

    // Dates and values.
    {"date.invalid", "'{}' is geen datum. Typ bijvoorbeeld 29-01-2026, 2026-01-29, vandaag, gisteren of morgen.",
     "'{}' is not a date. Type for example 29-01-2026, 2026-01-29, today, yesterday or tomorrow."},
    {"datetime.no_time", "'{}' heeft geen tijd. Typ bijvoorbeeld '29-01-2026 14:30', 'vandaag 9:15' of 'nu'.",
     "'{}' has no time. Type for example '2026-01-29 14:30', 'today 9:15' or 'now'."},
    {"datetime.invalid", "'{}' is geen datum met tijd. Typ bijvoorbeeld '29-01-2026 14:30', 'vandaag 9:15' of 'nu'.",
     "'{}' is not a date with a time. Type for example '2026-01-29 14:30', 'today 9:15' or 'now'."},
    {"field.invalid", "{}.{}: {}", "{}.{}: {}"},
    {"field.not_integer", "'{}' is geen geheel getal", "'{}' is not a whole number"},
    {"field.not_decimal", "'{}' is geen getal (bijvoorbeeld 24 of 14,25)", "'{}' is not a number (for example 24 or 14.25)"},
    {"field.not_bool", "'{}' is geen ja of nee", "'{}' is not yes or no"},
    {"field.not_in_values", "'{}' is geen toegestane waarde; kies uit: {}", "'{}' is not an allowed value; choose from: {}"},
    {"assign.no_equals", "'{}' is geen veld=waarde. 'coach fields {}' toont de velden.",
     "'{}' is not field=value. 'coach fields {}' lists the fields."},
    {"assign.unknown_field", "'{0}' is geen veld van {1}. 'coach fields {1}' toont de velden.",
     "'{0}' is not a field of {1}. 'coach fields {1}' lists the fields."},
    {"assign.twice", "het veld '{}' staat er twee keer; geef het één keer.", "the field '{}' is given twice; give it once."},
    {"kind.unknown", "'{}' is geen soort gegeven. Soorten: {}.", "'{}' is not a record kind. Kinds: {}."},
    {"value.yes", "ja", "yes"},
    {"value.no", "nee", "no"},

    // The profile and its passphrase.
    {"passphrase.prompt", "Wachtwoordzin van het profiel: ", "Passphrase of the profile: "},
    {"passphrase.again", "Nogmaals ter controle: ", "Again, to check: "},
    {"passphrase.mismatch", "de twee wachtwoordzinnen verschillen; probeer het opnieuw.",
     "the two passphrases differ; please try again."},
    {"passphrase.too_short", "de wachtwoordzin is te kort; kies er een van minstens {} tekens.",
     "the passphrase is too short; choose one of at least {} characters."},
    {"passphrase.none", "geen wachtwoordzin: start coach in een terminal, of zet COACH_PASSPHRASE_FILE op een bestand met de wachtwoordzin.",
     "no passphrase: run coach in a terminal, or set COACH_PASSPHRASE_FILE to a file holding the passphrase."},
    {"passphrase.file_unreadable", "het wachtwoordbestand '{}' (COACH_PASSPHRASE_FILE) is niet te lezen; controleer pad en rechten.",
     "the passphrase file '{}' (COACH_PASSPHRASE_FILE) cannot be read; check its path and permissions."},
    {"passphrase.file_empty", "het wachtwoordbestand '{}' (COACH_PASSPHRASE_FILE) is leeg; zet de wachtwoordzin op de eerste regel.",
     "the passphrase file '{}' (COACH_PASSPHRASE_FILE) is empty; put the passphrase on its first line."},
    {"profile.missing", "er is nog geen profiel in {}. Maak er een met 'coach init --actor JOUWNAAM', of kies een ander met --home.",
     "there is no profile in {} yet. Make one with 'coach init --actor YOURNAME', or choose another with --home."},
    {"profile.exists", "in {} staat al een profiel; kies een andere map met --home.",
     "{} already holds a profile; choose another folder with --home."},
    {"profile.mkdir_failed", "de map {} kon niet worden gemaakt ({}); kies een andere met --home.",
     "the folder {} could not be made ({}); choose another with --home."},

    // Errors from the core: a translated lead, the core's detail (English) after it.
    {"core.validation_failed", "dat kan niet worden opgeslagen: {}", "that cannot be saved: {}"},
    {"core.not_found", "niet gevonden: {}", "not found: {}"},
    {"core.wrong_passphrase", "de wachtwoordzin klopt niet; er is niets geopend. Probeer het opnieuw.",
     "the passphrase is not right; nothing was opened. Please try again."},
    {"core.locked", "het profiel is vergrendeld; ontgrendel het met de wachtwoordzin.",
     "the profile is locked; unlock it with the passphrase."},
    {"core.storage_full", "de schijf is vol; er is niets opgeslagen. Maak ruimte vrij en probeer het opnieuw.",
     "the disk is full; nothing was saved. Free some space and try again."},
    {"core.schema_too_new", "dit profiel is gemaakt door een nieuwere versie van coach; werk coach bij. ({})",
     "this profile was made by a newer version of coach; please update coach. ({})"},
    {"core.already_exists", "bestaat al: {}", "already exists: {}"},
    {"core.invalid_argument", "dat klopt niet: {}", "that is not right: {}"},
    {"core.other", "het lukte niet: {}", "it did not work: {}"},

    // Record kinds as people name them.
    {"kind.participant", "deelnemer", "participant"},
    {"kind.trajectory", "traject", "trajectory"},
    {"kind.vocational_profile", "beroepsprofiel", "vocational profile"},
    {"kind.employer", "werkgever", "employer"},
    {"kind.employer_contact", "werkgeverscontact", "employer contact"},
    {"kind.job", "baan", "job"},
    {"kind.support_contact", "begeleidingscontact", "support contact"},
    {"kind.benefits_session", "inkomensgesprek", "benefits session"},
    {"kind.meeting", "overleg", "meeting"},
    {"kind.consent", "toestemming", "consent"},
    {"kind.outreach_attempt", "contactpoging", "outreach attempt"},
    {"kind.pause", "pauze", "pause"},
    {"kind.access_event", "inzagelogregel", "access log entry"},
    {"kind.fidelity_score", "modelgetrouwheidsscore", "fidelity score"},

    // Field types.
    {"type.text", "tekst", "text"},
    {"type.date", "datum", "date"},
    {"type.datetime", "datum en tijd", "date and time"},
    {"type.enum", "keuze", "choice"},
    {"type.enum set", "keuzes", "choices"},
    {"type.integer", "geheel getal", "whole number"},
    {"type.decimal", "getal", "number"},
    {"type.bool", "ja/nee", "yes/no"},
    {"type.reference", "verwijzing", "reference"},
    {"type.id", "id", "id"},
};

}  // namespace

std::span<const MessageEntry> catalogueGeneral() { return kGeneral; }

}  // namespace coach::cli
