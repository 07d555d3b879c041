/* coach/coach.h: the C API of libcoach, for the Android (JNI) and iOS (Swift) apps and any other host that
 * cannot bind C++. It opens a device profile, reads and writes records as JSON, answers the timeline, agenda
 * and caseload queries, sets up a team lead's first device, enrols, approves, revokes and recovers devices, and
 * syncs, over the built-in HTTP(S) transport or over the host's own networking. docs/capi.md has the
 * ownership rules, a thread-safety table, how the apps bind it and the host transport contract.
 *
 * Conventions (every function follows all of them):
 *  1. Every function returns a coach_status: COACH_OK (0) on success, else one of the COACH_ERR_* codes below.
 *  2. Every function that can fail takes a last parameter `coach_error** error`. On failure, when `error` is
 *     not NULL, *error receives a new coach_error (code, wire id, message in plain English saying what went
 *     wrong and what to do); on success *error is left untouched. Pass NULL when the code is enough.
 *  3. Everything the API allocates and hands out (strings, errors, profiles) is released with the one
 *     coach_free(). Strings are UTF-8, NUL-terminated. Out-parameters are written only on success.
 *     Pointers the host passes in are borrowed for the duration of the call only.
 *  4. JSON goes in and out as text: records are {"id", "kind", "shard", "archived", "fields": {name: value}};
 *     lists are JSON arrays. Field names and kinds are those of docs/model.md (`coach fields KIND`).
 *  5. No C++ exception crosses this API: every function catches everything and answers COACH_ERR_INTERNAL
 *     (or COACH_ERR_INVALID_ARGUMENT for a NULL argument that must not be NULL).
 *  6. Thread-safety is stated per function. In short: a coach_profile may be used from several threads at
 *     once (calls are serialised inside); coach_free(profile) must not race with any other call on it.
 *  7. No message contains a passphrase, a device token, a record's field values or a request's body.
 *
 * Error codes are the product's one list (core/include/coach/error.hpp, ids in proto/PROTOCOL.md): the value
 * here is that list's position plus one, and a compile-time check in core/src/capi keeps the two in step.
 */
#ifndef COACH_COACH_H
#define COACH_COACH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define COACH_API __attribute__((visibility("default")))
#else
#define COACH_API
#endif

/* The version of this header. coach_api_version() returns the library's; a host checks they are equal. */
#define COACH_API_VERSION 1

typedef int coach_status;

enum {
  COACH_OK = 0,
  COACH_ERR_INVALID_ARGUMENT = 1,      /* a bad argument: NULL, bad JSON, unknown option */
  COACH_ERR_VALIDATION_FAILED = 2,     /* a record failed validation: the message names kind and field */
  COACH_ERR_NOT_FOUND = 3,             /* no such record (or setting, or server route) */
  COACH_ERR_ALREADY_EXISTS = 4,        /* a profile already exists at that path; the device is in a team */
  COACH_ERR_WRONG_PASSPHRASE = 5,      /* the passphrase does not open this profile */
  COACH_ERR_STORE_LOCKED = 6,          /* the profile is locked: unlock it first */
  COACH_ERR_DECRYPT_FAILED = 7,
  COACH_ERR_CRYPTO_FAILURE = 8,
  COACH_ERR_STORAGE_ERROR = 9,
  COACH_ERR_STORAGE_FULL = 10,         /* the disk is full; nothing was written */
  COACH_ERR_SCHEMA_TOO_NEW = 11,       /* the profile was written by a newer app: update the app */
  COACH_ERR_CLOCK_DRIFT = 12,          /* this device's (or another's) clock is wrong */
  COACH_ERR_ENVELOPE_MALFORMED = 13,
  COACH_ERR_SIGNATURE_INVALID = 14,
  COACH_ERR_SEQUENCE_GAP = 15,
  COACH_ERR_SEQUENCE_REPLAYED = 16,
  COACH_ERR_CHAIN_BROKEN = 17,
  COACH_ERR_UNKNOWN_KEY = 18,
  COACH_ERR_WRONG_TEAM = 19,
  COACH_ERR_UNAUTHORIZED = 20,         /* the server does not know the device token: enrol again */
  COACH_ERR_DEVICE_REVOKED = 21,       /* this device was revoked by the team */
  COACH_ERR_PAYLOAD_TOO_LARGE = 22,
  COACH_ERR_RATE_LIMITED = 23,         /* try later; coach_error.retry_after_seconds says when */
  COACH_ERR_PROTOCOL_UNSUPPORTED = 24, /* app and server speak different protocols: update one */
  COACH_ERR_UNAVAILABLE = 25,          /* the server cannot be reached; nothing is lost, sync later */
  COACH_ERR_INTERNAL = 26,             /* a bug or an unexpected answer: report it */
  COACH_ERR_DEVICE_PENDING = 27,       /* this device waits for a team lead's approval */
  COACH_ERR_FORBIDDEN = 28             /* the device's role does not allow this (a team lead's action) */
};

/* A failure. Allocated by the library in one block; release it with coach_free(). */
typedef struct coach_error {
  coach_status code;            /* one of COACH_ERR_* */
  const char* id;               /* the wire id, e.g. "wrong_passphrase" (inside this block) */
  const char* message;          /* for a person: what went wrong and what to do (inside this block) */
  uint32_t retry_after_seconds; /* rate_limited, unavailable: wait this long before retrying; 0 when absent */
  uint64_t expected_sequence;   /* sequence_gap: the device sequence the server expects; 0 when absent */
} coach_error;

/* Releases anything this API handed out: a string, a coach_error, or a coach_profile (which closes it: its
 * keys are wiped and its database is closed). NULL is ignored. Never pass memory the API did not hand out, or
 * the same object twice. Thread-safety: any thread; the object must not be in use by another call. */
COACH_API void coach_free(void* object);

/* COACH_API_VERSION of the library that is linked. Never fails. Thread-safety: any thread. */
COACH_API int coach_api_version(void);

/* *json_out: {"library": "0.1.0", "api": 1, "protocol": 1, "schema": <profile schema level>}.
 * Thread-safety: any thread. */
COACH_API coach_status coach_version(char** json_out, coach_error** error);

/* The wire id of a code ("invalid_argument"), or "unknown" for a value that is not a code. The string is
 * static (not freed). Never fails. Thread-safety: any thread. */
COACH_API const char* coach_error_id(coach_status code);

/* ---- profiles ------------------------------------------------------------------------------------------- */

typedef struct coach_profile coach_profile;

enum {
  COACH_DURABILITY_FULL = 0,  /* every write is on stable storage before the call returns (the default) */
  COACH_DURABILITY_NORMAL = 1 /* survives an app crash; the newest writes may roll back on a power cut */
};

/* How a profile is found and opened. Zero-initialise it ({0}) and set what you need. */
typedef struct coach_profile_options {
  const char* path;       /* the profile's database file, e.g. <app files dir>/profile.db (required) */
  const char* actor;      /* the coach's staff handle recorded with changes (required) */
  const char* passphrase; /* the passphrase (required; a keystore-derived secret on a phone) */
  /* scrypt cost for a NEW profile (an existing one opens with the cost it was made with). 0 = the default
   * (N = 2^15, r = 8, p = 1: 32 MiB, ~0.1 s). N must be a power of two; tests may use N = 1024 (never in an
   * app: it makes a stolen profile's passphrase cheap to guess). */
  uint64_t scrypt_n;
  uint32_t scrypt_r;
  uint32_t scrypt_p;
  int durability;         /* COACH_DURABILITY_* */
} coach_profile_options;

/* Creates a new profile at options->path and returns it unlocked in *profile_out.
 * COACH_ERR_ALREADY_EXISTS when a profile is there; COACH_ERR_INVALID_ARGUMENT for a missing option or a bad
 * cost. Thread-safety: any thread. */
COACH_API coach_status coach_profile_create(const coach_profile_options* options, coach_profile** profile_out,
                                            coach_error** error);

/* Opens the existing profile at options->path (upgrading its schema) and unlocks it with the passphrase.
 * COACH_ERR_NOT_FOUND when there is none, COACH_ERR_WRONG_PASSPHRASE when the passphrase does not open it
 * (nothing is opened), COACH_ERR_SCHEMA_TOO_NEW for a newer app's profile. Thread-safety: any thread. */
COACH_API coach_status coach_profile_open(const coach_profile_options* options, coach_profile** profile_out,
                                          coach_error** error);

/* Wipes every key from memory: until coach_profile_unlock, every call that reads or writes records fails with
 * COACH_ERR_STORE_LOCKED. Locking a locked profile does nothing. Thread-safety: any thread (waits for a call
 * in progress on the profile, including a sync, to finish its current step). */
COACH_API coach_status coach_profile_lock(coach_profile* profile, coach_error** error);

/* Unlocks a locked profile. COACH_ERR_WRONG_PASSPHRASE leaves it locked. Unlocking an unlocked profile checks
 * the passphrase all the same. Thread-safety: any thread. */
COACH_API coach_status coach_profile_unlock(coach_profile* profile, const char* passphrase, coach_error** error);

/* *locked_out = 1 when locked, 0 when not. Thread-safety: any thread. */
COACH_API coach_status coach_profile_is_locked(coach_profile* profile, int* locked_out, coach_error** error);

/* *json_out: {"device": id, "actor": handle, "locked": bool, "team": id or null, "today": "YYYY-MM-DD"}.
 * Works on a locked profile ("team" is then null). Thread-safety: any thread. */
COACH_API coach_status coach_profile_info(coach_profile* profile, char** json_out, coach_error** error);

/* ---- device settings (kept in the profile) ---------------------------------------------------------------- */

enum {
  COACH_SETTING_PLAIN = 0, /* stored as is in the profile file */
  COACH_SETTING_SECRET = 1 /* sealed by the profile's master key (a device token) */
};

/* Names are 1-64 of [a-z0-9_.-]; values at most 64 KiB. The sync uses "server.url", "server.token" (secret)
 * and "server.ca_file". Thread-safety: any thread. */
COACH_API coach_status coach_setting_put(coach_profile* profile, const char* name, const char* value, int kind,
                                         coach_error** error);
/* *value_out: the value, or NULL (and COACH_OK) when the setting was never set. */
COACH_API coach_status coach_setting_get(coach_profile* profile, const char* name, char** value_out,
                                         coach_error** error);
COACH_API coach_status coach_setting_remove(coach_profile* profile, const char* name, coach_error** error);

/* ---- records -------------------------------------------------------------------------------------------- */

/* Adds a record of `kind` with `fields_json` ({"name": "...", ...}) through the one write path (validated,
 * stamped, queued for sync, all or nothing). *id_out: the new record's id. COACH_ERR_INVALID_ARGUMENT for
 * text that is not a JSON object, COACH_ERR_VALIDATION_FAILED for an unknown kind or field or a bad value
 * (the message names kind and field, never the value). Thread-safety: any thread. */
COACH_API coach_status coach_record_add(coach_profile* profile, const char* kind, const char* fields_json,
                                        char** id_out, coach_error** error);

/* Changes the listed fields of record `id` (null clears an optional field). COACH_ERR_NOT_FOUND for an
 * unknown id. Thread-safety: any thread. */
COACH_API coach_status coach_record_edit(coach_profile* profile, const char* id, const char* fields_json,
                                         coach_error** error);

enum {
  COACH_ARCHIVE = 1,  /* hide the record from lists (reversible; erasure is a separate operation) */
  COACH_RESTORE = 0   /* show it again */
};
/* Archives or restores record `id` (COACH_ARCHIVE / COACH_RESTORE). Thread-safety: any thread. */
COACH_API coach_status coach_record_archive(coach_profile* profile, const char* id, int archive,
                                            coach_error** error);

/* *json_out: the record as a JSON object. COACH_ERR_NOT_FOUND for an unknown id. Thread-safety: any thread. */
COACH_API coach_status coach_record_get(coach_profile* profile, const char* id, char** json_out,
                                        coach_error** error);

enum { COACH_LIST_INCLUDE_ARCHIVED = 1 };
/* *json_out: a JSON array of the records of `kind`, newest first. `where_json` (NULL for all) is {field: value}
 * equality on non-sensitive fields. `flags`: 0 or COACH_LIST_INCLUDE_ARCHIVED. COACH_ERR_INVALID_ARGUMENT for
 * an unknown kind. Thread-safety: any thread. */
COACH_API coach_status coach_record_list(coach_profile* profile, const char* kind, const char* where_json, int flags,
                                         char** json_out, coach_error** error);

/* *json_out: the description of record kind `kind` ({"name", "shard", "date_field", "help", "fields": [{"name",
 * "type", "required", "sensitive", "values", ...}]}), or of every kind as an array when `kind` is NULL: what an
 * app needs to build its forms. COACH_ERR_INVALID_ARGUMENT for an unknown kind. Thread-safety: any thread. */
COACH_API coach_status coach_kinds_describe(const char* kind, char** json_out, coach_error** error);

/* ---- conflicts ------------------------------------------------------------------------------------------ */

/* *json_out: a JSON array of the free-text values that lost to a concurrent edit and wait for the coach:
 * {"record_id", "kind", "field", "losing_value", "losing_device", "losing_hlc", "current_value"}.
 * Thread-safety: any thread. */
COACH_API coach_status coach_conflicts_list(coach_profile* profile, char** json_out, coach_error** error);

enum {
  COACH_KEEP_CURRENT = 0, /* the current value stays */
  COACH_KEEP_LOSING = 1,  /* the losing value comes back */
  COACH_KEEP_BOTH = 2     /* both, current first, separated by an empty line */
};
/* Resolves one conflict (`conflict_json`: one element of coach_conflicts_list's array, as given) with a new
 * edit that supersedes both versions and syncs like any other. Thread-safety: any thread. */
COACH_API coach_status coach_conflict_resolve(coach_profile* profile, const char* conflict_json, int resolution,
                                              coach_error** error);

/* ---- queries -------------------------------------------------------------------------------------------- */

/* *json_out: a JSON array of every record of the participant's shard, newest business date first.
 * Thread-safety: any thread. */
COACH_API coach_status coach_timeline_get(coach_profile* profile, const char* participant_id, char** json_out,
                                          coach_error** error);

/* *json_out: a JSON array of agenda items {"rule", "participant_id", "participant" (name), "coach",
 * "record_id", "due" ("YYYY-MM-DD"), "days_left", "overdue", "detail"} (what is due and overdue, DOMAIN.md's
 * rules; clients translate by "rule").
 * `options_json` (NULL for the defaults): {"today": "YYYY-MM-DD", "coach": handle, "horizon_days": n}.
 * Thread-safety: any thread. */
COACH_API coach_status coach_agenda_get(coach_profile* profile, const char* options_json, char** json_out,
                                        coach_error** error);

/* *json_out: a JSON array of caseload entries {"coach", "participant_id", "participant" (name),
 * "trajectory_status", "last_contact", "active"}, one per participant. `today` ("YYYY-MM-DD") may be NULL: today
 * in Europe/Amsterdam by the device's clock. Thread-safety: any thread. */
COACH_API coach_status coach_caseload_get(coach_profile* profile, const char* today, char** json_out,
                                          coach_error** error);

/* ---- talking to the sync server ------------------------------------------------------------------------- */

/* The host transport: the host app carries the bytes of each HTTP request the core built and brings back the
 * answer. The contract (docs/capi.md, "Host transport"):
 *  - send `method` to `url` with every header of `headers` and the `body` (add Content-Length and Host as
 *    your HTTP stack does); follow no redirect; verify TLS as the platform does (never turn it off);
 *  - on an answer, whatever its HTTP status (4xx and 5xx answers are answers): call
 *    coach_http_answer_set_status, coach_http_answer_set_retry_after when the answer has a Retry-After header,
 *    coach_http_answer_append_body for the body (in one piece or several), then return COACH_HTTP_ANSWERED;
 *  - when no answer arrived, return COACH_HTTP_UNREACHABLE, COACH_HTTP_TIMEOUT or COACH_HTTP_CERTIFICATE,
 *    optionally after coach_http_answer_set_reason with plain words (never the token or a body);
 *  - never log the Authorization header (it holds the device token) or the bodies (ciphertext).
 * The callback is called on the thread that called coach_sync / coach_team_create, one request at a time,
 * and only during that call. The request and answer objects are valid only during the callback. */
typedef struct coach_http_header {
  const char* name;
  const char* value;
} coach_http_header;

typedef struct coach_http_request {
  const char* method; /* "GET" or "POST" */
  const char* url;    /* "https://sync.example.org:443/v1/push" */
  const char* path;   /* "/v1/push" */
  const coach_http_header* headers;
  size_t header_count;
  const char* body; /* JSON; not NUL-terminated: use body_length (0 for GET) */
  size_t body_length;
} coach_http_request;

typedef struct coach_http_answer coach_http_answer;

enum {
  COACH_HTTP_ANSWERED = 0,    /* an answer arrived (any status) and was handed over */
  COACH_HTTP_UNREACHABLE = 1, /* no connection: refused, no route, name unknown, reset, TLS handshake failed */
  COACH_HTTP_TIMEOUT = 2,     /* connecting or waiting for the answer took too long */
  COACH_HTTP_CERTIFICATE = 3  /* the server's certificate could not be verified: ask the admin */
};

typedef int (*coach_http_exchange_fn)(void* user_data, const coach_http_request* request,
                                      coach_http_answer* answer);

typedef struct coach_host_transport {
  coach_http_exchange_fn exchange;
  void* user_data; /* passed to exchange as is */
} coach_host_transport;

/* Within an exchange callback only. Thread-safety: the callback's thread. */
COACH_API coach_status coach_http_answer_set_status(coach_http_answer* answer, int http_status, coach_error** error);
/* `value`: the Retry-After header as received (delta-seconds; anything else counts as absent). */
COACH_API coach_status coach_http_answer_set_retry_after(coach_http_answer* answer, const char* value,
                                                         coach_error** error);
/* Appends body bytes. COACH_ERR_PAYLOAD_TOO_LARGE once the body is over the limit (64 MiB): stop reading. */
COACH_API coach_status coach_http_answer_append_body(coach_http_answer* answer, const void* data, size_t length,
                                                     coach_error** error);
/* Why no answer arrived, in plain words, for the error message (e.g. the platform's error text). */
COACH_API coach_status coach_http_answer_set_reason(coach_http_answer* answer, const char* reason,
                                                    coach_error** error);

/* Where and how to reach the sync server. Every NULL member falls back to the profile's setting ("server.url",
 * "server.token", "server.ca_file"); a NULL coach_server pointer means all from the settings. */
typedef struct coach_server {
  const char* url;     /* "https://sync.example.org" (http only to 127.0.0.1, ::1 or localhost) */
  const char* token;   /* the device token (secret) */
  const char* ca_file; /* PEM file of the CA to trust instead of the system store (built-in transport only) */
  const coach_host_transport* host; /* NULL: the built-in HTTP(S) transport; else the host carries the bytes */
  uint32_t connect_timeout_ms;      /* built-in transport; 0 = 5,000 */
  uint32_t read_timeout_ms;         /* built-in transport; 0 = 30,000 */
} coach_server;

/* ---- team setup ----------------------------------------------------------------------------------------- */

/* Provisional team setup for a team lead's FIRST device (like `coach team create`): enrols this device with the
 * one-time lead code the server printed at its first start (or `coach-syncd admin enrol-code --role lead`),
 * creates the team's keys on this device, and keeps server.url, server.token (secret) and server.ca_file in the
 * profile for later syncs. *json_out: {"team", "device", "role": "lead", "server": url}. COACH_ERR_ALREADY_EXISTS when
 * the device is in a team already; the server's errors as they come (an unknown or used code:
 * COACH_ERR_UNAUTHORIZED / COACH_ERR_NOT_FOUND). Further devices enrol with coach_device_enrol (below).
 * Thread-safety: any thread; waits for a coach_sync on the profile. */
COACH_API coach_status coach_team_create(coach_profile* profile, const coach_server* server, const char* enrol_code,
                                         char** json_out, coach_error** error);

/* ---- devices of the team and erasure: coach/coach_devices.h ----------------------------------------------- */
#include "coach/coach_devices.h"

/* ---- access log, participant export, retention: coach/coach_access.h ------------------------------------- */
#include "coach/coach_access.h"

/* ---- sync ----------------------------------------------------------------------------------------------- */

typedef struct coach_sync_progress {
  uint64_t changes_pushed;
  uint64_t bytes_pushed;
  uint64_t changes_pulled;
  uint64_t bytes_pulled;
} coach_sync_progress;

/* Called on the syncing thread after each step; the struct is valid during the call only. */
typedef void (*coach_progress_fn)(void* user_data, const coach_sync_progress* progress);

/* One full sync round: push everything waiting, then pull until nothing is left, over `server` (NULL: all from
 * the settings). `progress` may be NULL. *report_json_out (may be NULL when not wanted): {"pushed_changes",
 * "pushed_bytes", "pulled_changes", "pulled_bytes", "pushed_envelopes", "pulled_envelopes", "conflicts",
 * "snapshots_applied", "snapshots_uploaded", "warnings": [text]}. Errors: COACH_ERR_UNAVAILABLE (nothing is
 * lost: changes stay on the device), COACH_ERR_UNAUTHORIZED / COACH_ERR_DEVICE_REVOKED, COACH_ERR_CLOCK_DRIFT,
 * COACH_ERR_INVALID_ARGUMENT when no server URL or token is known. A sync interrupted anywhere resumes at the
 * next call. Thread-safety: any thread; a second coach_sync on the same profile waits for the first; other
 * calls on the profile proceed meanwhile. */
COACH_API coach_status coach_sync(coach_profile* profile, const coach_server* server, coach_progress_fn progress,
                                  void* progress_user_data, char** report_json_out, coach_error** error);

#ifdef __cplusplus
}
#endif

#endif /* COACH_COACH_H */
