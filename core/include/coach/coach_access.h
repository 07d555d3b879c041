/* coach/coach_access.h: the access log (NEN 7513), the participant export and retention part of the C API
 * (docs/access-log.md). Included by coach/coach.h, inside its extern "C" block and after its types; include
 * coach/coach.h, never this file alone. coach.h's conventions (status codes, errors, ownership, threads) hold
 * for every function here; each may be called from any thread (the profile serialises them).
 *
 * The log itself needs no call: every read, write, export and erasure of a participant's data through this API
 * records an access event (coalesced within 15 minutes for reads and writes), and a read whose event cannot be
 * written fails instead of handing out data. */
#ifndef COACH_COACH_ACCESS_H
#define COACH_COACH_ACCESS_H

#ifndef COACH_COACH_H
#error "include coach/coach.h, which includes this header after the types it needs"
#endif

/* ---- access log, export and retention (docs/access-log.md) ---------------------------------------------- */

/* One participant's access log, oldest first, as a JSON array of {"id", "at": "YYYY-MM-DDTHH:MM" (Amsterdam),
 * "actor", "device", "participant", "action": "read"|"write"|"export"|"erase", "on_behalf_of": text or null}.
 * `from` and `to` ("YYYY-MM-DD", inclusive) may be NULL: no bound. Works for an erased participant's id (the log
 * keeps ids only). Reading the log is not logged. COACH_ERR_INVALID_ARGUMENT for a malformed id or day. */
COACH_API coach_status coach_access_log(coach_profile* profile, const char* participant_id, const char* from,
                                        const char* to, char** json_out, coach_error** error);

/* Everything this device holds about one participant as JSON ({"format": "coach.participant-export.v1",
 * "exported_at", "exported_by", "device", "participant", "records", "unresolved_conflicts"}), for an access
 * request; logged as an "export" event (on behalf of `on_behalf_of`, may be NULL) before it is handed out.
 * COACH_ERR_NOT_FOUND when the id is not a participant on this device. */
COACH_API coach_status coach_participant_export(coach_profile* profile, const char* participant_id,
                                                const char* on_behalf_of, char** json_out, coach_error** error);

/* What is past its retention term on `today` ("YYYY-MM-DD"; NULL: today): {"today", "terms":
 * {"care_dossier_years", "subsidy_years_after_settlement", "access_log_years"}, "participants_past_term":
 * [{"participant", "last_change", "kept_until", "subsidy_open"}], "participants_held_by_subsidy": [...],
 * "access_events_past_term": [id]}. Ids and dates only. */
COACH_API coach_status coach_retention_report(coach_profile* profile, const char* today, char** json_out,
                                              coach_error** error);

#endif /* COACH_COACH_ACCESS_H */
