/* coach/coach_devices.h: the device lifecycle and erasure part of the C API (docs/keys.md, docs/erasure.md):
 * enrolment, approval with fingerprints, revocation, exposure, recovery, erasure of a participant. Included by
 * coach/coach.h, inside its extern "C" block and after its types; include coach/coach.h, never this file alone.
 * coach.h's conventions (status codes, errors, ownership, threads) hold for every function here. */
#ifndef COACH_COACH_DEVICES_H
#define COACH_COACH_DEVICES_H

#ifndef COACH_COACH_H
#error "include coach/coach.h, which includes this header after the types it needs"
#endif

/* ---- devices of the team (docs/keys.md) ------------------------------------------------------------------ */

/* Every function of this section talks to the server (`server` as for coach_sync; NULL: the settings) and, like
 * coach_sync, runs one at a time per profile (a second waits); other calls on the profile proceed meanwhile.
 * Server errors come as they are: COACH_ERR_UNAVAILABLE (try later; nothing changed), COACH_ERR_UNAUTHORIZED,
 * COACH_ERR_DEVICE_REVOKED, COACH_ERR_DEVICE_PENDING (a waiting device may only list devices and join),
 * COACH_ERR_FORBIDDEN (a team lead's action from a coach's device). Thread-safety: any thread. */

/* Enrols a coach's device with the one-time code from the admin (`coach-syncd admin enrol-code`): registers its
 * public keys, keeps server.url, server.token (secret), server.ca_file and the team it waits for in the profile.
 * *json_out: {"team", "device", "role": "coach"|"lead", "state": "pending"|"approved", "fingerprint": "1234 5678
 * 9012 3456 7890"}. Show the fingerprint: the team lead compares it with theirs before approving. Then call
 * coach_device_join until it answers 1. A lead code enrols a team lead's device that gets its keys with
 * coach_team_recover instead. COACH_ERR_ALREADY_EXISTS when the device is in a team; a wrong or used code:
 * COACH_ERR_UNAUTHORIZED. */
COACH_API coach_status coach_device_enrol(coach_profile* profile, const coach_server* server, const char* enrol_code,
                                          char** json_out, coach_error** error);

/* One non-blocking look whether a team lead approved this device: *joined_out = 1 when it now holds the team
 * keys (and syncs from now on), 0 when it still waits (call again later: on a timer, or when the app comes to
 * the foreground). 1 at once for a device in a team already. COACH_ERR_NOT_FOUND when it never enrolled;
 * COACH_ERR_DECRYPT_FAILED when the grant does not open (damaged, or not for this device: tell the team lead). */
COACH_API coach_status coach_device_join(coach_profile* profile, const coach_server* server, int* joined_out,
                                         coach_error** error);

/* The team's devices as a JSON array of {"id", "role", "state": "pending"|"approved"|"revoked", "fingerprint"
 * (computed on THIS device from the keys the server handed out), "epoch", "enrolled_at", "last_seen_at",
 * "revoked_at" (Unix milliseconds; 0: never), "approved_by", "self": bool}. */
COACH_API coach_status coach_devices_list(coach_profile* profile, const coach_server* server, char** json_out,
                                          coach_error** error);

/* A team lead's device approves the waiting device `device_id` after the lead compared fingerprints:
 * `fingerprint` is what the other device's screen shows (spaces do not matter). When it differs from the one
 * computed here, COACH_ERR_INVALID_ARGUMENT and nothing is approved (the server may have swapped the device's
 * keys). COACH_ERR_NOT_FOUND: no such device; COACH_ERR_ALREADY_EXISTS: it is not waiting. */
COACH_API coach_status coach_device_approve(coach_profile* profile, const coach_server* server, const char* device_id,
                                            const char* fingerprint, coach_error** error);

/* A team lead's device revokes `device_id` (a lost phone): its token stops working at once and a new team key
 * epoch starts, wrapped to the remaining devices only. COACH_ERR_INVALID_ARGUMENT for this device itself. */
COACH_API coach_status coach_device_revoke(coach_profile* profile, const coach_server* server, const char* device_id,
                                           coach_error** error);

/* For the privacy officer's breach decision: *json_out {"device", "last_seen_at", "revoked_at", "participants":
 * [{"id", "name"}]}, the participants whose records existed at the device's last sync, with the name as this
 * device decrypts it (null when this device does not hold that participant). The JSON holds names: show it to
 * the privacy officer, never log it. Needs the profile unlocked. */
COACH_API coach_status coach_device_exposure(coach_profile* profile, const coach_server* server, const char* device_id,
                                             char** json_out, coach_error** error);

/* Restores the team keys from the recovery key (printed once by coach_team_create) on a team lead's new device,
 * when no team lead device is left. `enrol_code`: a lead code to enrol with first, or NULL when
 * coach_device_enrol enrolled the device with one already. *json_out: {"team", "device", "role": "lead",
 * "state": "approved"}. COACH_ERR_INVALID_ARGUMENT for a typo (checked before the code is used or anything is
 * sent; the message never quotes the key), COACH_ERR_DECRYPT_FAILED for another team's key,
 * COACH_ERR_FORBIDDEN for a coach's code. */
COACH_API coach_status coach_team_recover(coach_profile* profile, const coach_server* server, const char* enrol_code,
                                          const char* recovery_key, char** json_out, coach_error** error);

/* *fingerprint_out: this device's fingerprint, the 20 digits (five groups of four) it shows while it waits for
 * approval. No server involved. Thread-safety: any thread. */
COACH_API coach_status coach_device_fingerprint(coach_profile* profile, char** fingerprint_out, coach_error** error);

/* ---- erasure (docs/erasure.md) --------------------------------------------------------------------------- */

/* A team lead's device erases the participant `participant_id` everywhere (AVG art. 17): the server keeps
 * tombstones only, this device deletes the participant's records and keys at once, every other device at its next
 * sync. Cannot be undone: ask the lead to confirm first (the CLI has the name typed). Needs the server: offline
 * nothing is erased (COACH_ERR_UNAVAILABLE). COACH_ERR_FORBIDDEN on a coach's device, COACH_ERR_NOT_FOUND for a
 * participant this device does not know. *json_out (may be NULL): {"erased", "index", "erased_at", "keys_renewed",
 * "new_recovery_key" (only when renewed: the team's new recovery key after the erasure; show once, never store)}. */
COACH_API coach_status coach_participant_erase(coach_profile* profile, const coach_server* server,
                                               const char* participant_id, char** json_out, coach_error** error);

/* The erasures carried out on this device, for the privacy officer: *json_out {"erasures": [{"participant",
 * "erased_at", "by_device", "index", "carried_out_at"}]}, oldest first; ids and times only, never a name. */
COACH_API coach_status coach_erasures(coach_profile* profile, char** json_out, coach_error** error);

#endif /* COACH_COACH_DEVICES_H */
