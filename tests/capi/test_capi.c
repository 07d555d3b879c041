/* test_capi.c: the C API (coach/coach.h) tested from C, as an Android or iOS binding uses it: profiles
 * (create, lock, unlock, a wrong passphrase), records as JSON (add, edit, get, list, archive), the queries,
 * and errors (bad JSON, unknown kinds, NULL arguments) with codes and messages. test_capi_sync.c syncs with a
 * real coach-syncd. Every string and error the API returns is freed: under the asan preset, LeakSanitizer
 * proves it at exit.
 *
 * Runs every case, or those whose names contain the first argument. Exit status 0 when every check held. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capi_check.h"
#include "capi_tests.h"
#include "syncd_child.h"

static const char* kPassphrase = "correct horse battery";

coach_profile_options test_profile_options(const char* dir, const char* name, char* path, size_t size) {
  snprintf(path, size, "%s/%s.db", dir, name);
  coach_profile_options o;
  memset(&o, 0, sizeof o);
  o.path = path;
  o.actor = "marieke";
  o.passphrase = kPassphrase;
  o.scrypt_n = 1024; /* tests only: see coach.h */
  o.durability = COACH_DURABILITY_NORMAL;
  return o;
}

static void profile_lifecycle(void) {
  coach_error* err = NULL;
  char dir[512], path[600];
  CHECK(temp_dir_make(dir, sizeof dir));
  coach_profile_options o = test_profile_options(dir, "profile", path, sizeof path);
  coach_profile* p = NULL;
  OK(coach_profile_create(&o, &p, &err));
  CHECK(p != NULL);
  char* info = NULL;
  OK(coach_profile_info(p, &info, &err));
  CHECK(contains(info, "\"locked\":false") && contains(info, "\"actor\":\"marieke\"") && contains(info, "\"team\":null"));
  coach_free(info);

  OK(coach_profile_lock(p, &err));
  int locked = -1;
  OK(coach_profile_is_locked(p, &locked, &err));
  CHECK(locked == 1);
  char* list = NULL;
  FAILS_WITH(COACH_ERR_STORE_LOCKED, coach_record_list(p, "participant", NULL, 0, &list, &err));
  CHECK(list == NULL);
  FAILS_WITH(COACH_ERR_WRONG_PASSPHRASE, coach_profile_unlock(p, "wrong horse", &err));
  CHECK(!contains(last_message(), "wrong horse"));
  OK(coach_profile_is_locked(p, &locked, &err));
  CHECK(locked == 1);
  OK(coach_profile_unlock(p, kPassphrase, &err));
  OK(coach_profile_is_locked(p, &locked, &err));
  CHECK(locked == 0);
  char* id = NULL;
  OK(coach_record_add(p, "participant", "{\"name\": \"Sanne de Vries\", \"coach\": \"marieke\"}", &id, &err));
  coach_free(id);
  coach_free(p); /* closes it */

  FAILS_WITH(COACH_ERR_ALREADY_EXISTS, coach_profile_create(&o, &p, &err));
  o.passphrase = "wrong horse";
  p = NULL;
  FAILS_WITH(COACH_ERR_WRONG_PASSPHRASE, coach_profile_open(&o, &p, &err));
  CHECK(p == NULL);
  o.passphrase = kPassphrase;
  OK(coach_profile_open(&o, &p, &err));
  OK(coach_record_list(p, "participant", NULL, 0, &list, &err));
  CHECK(contains(list, "Sanne de Vries"));
  coach_free(list);
  coach_free(p);

  coach_profile_options missing = test_profile_options(dir, "nobody", path, sizeof path);
  FAILS_WITH(COACH_ERR_NOT_FOUND, coach_profile_open(&missing, &p, &err));
  missing.scrypt_n = 1000;
  FAILS_WITH(COACH_ERR_INVALID_ARGUMENT, coach_profile_create(&missing, &p, &err));
  CHECK(contains(last_message(), "scrypt_n"));
  temp_dir_remove(dir);
}

static void records_as_json(void) {
  coach_error* err = NULL;
  char dir[512], path[600];
  CHECK(temp_dir_make(dir, sizeof dir));
  coach_profile_options o = test_profile_options(dir, "profile", path, sizeof path);
  coach_profile* p = NULL;
  if (!OK(coach_profile_create(&o, &p, &err))) return;
  char *sanne = NULL, *pieter = NULL, *json = NULL;
  OK(coach_record_add(p, "participant", "{\"name\": \"Sanne de Vries\", \"coach\": \"marieke\"}", &sanne, &err));
  OK(coach_record_add(p, "participant", "{\"name\": \"Pieter Jansen\", \"coach\": \"youssef\"}", &pieter, &err));
  CHECK(sanne != NULL && strlen(sanne) == 32 && pieter != NULL && strcmp(sanne, pieter) != 0);

  OK(coach_record_edit(p, sanne, "{\"municipality\": \"Utrecht\"}", &err));
  OK(coach_record_get(p, sanne, &json, &err));
  CHECK(contains(json, "\"kind\":\"participant\"") && contains(json, "\"municipality\":\"Utrecht\"") &&
        contains(json, "\"name\":\"Sanne de Vries\"") && contains(json, sanne));
  coach_free(json);

  OK(coach_record_list(p, "participant", "{\"coach\": \"marieke\"}", 0, &json, &err));
  CHECK(contains(json, sanne) && !contains(json, pieter) && json[0] == '[');
  coach_free(json);

  OK(coach_record_archive(p, pieter, COACH_ARCHIVE, &err));
  OK(coach_record_list(p, "participant", NULL, 0, &json, &err));
  CHECK(contains(json, sanne) && !contains(json, pieter));
  coach_free(json);
  OK(coach_record_list(p, "participant", NULL, COACH_LIST_INCLUDE_ARCHIVED, &json, &err));
  CHECK(contains(json, sanne) && contains(json, pieter));
  coach_free(json);
  OK(coach_record_archive(p, pieter, COACH_RESTORE, &err));
  OK(coach_record_get(p, pieter, &json, &err));
  CHECK(contains(json, "\"archived\":false"));
  coach_free(json);

  char fields[256], *trajectory = NULL;
  snprintf(fields, sizeof fields, "{\"participant_id\": \"%s\", \"status\": \"job_search\", \"referral_source\": \"self\", \"referral_date\": \"2026-02-01\"}", sanne);
  if (OK(coach_record_add(p, "trajectory", fields, &trajectory, &err))) {
    OK(coach_timeline_get(p, sanne, &json, &err));
    CHECK(contains(json, trajectory) && contains(json, "\"kind\":\"trajectory\""));
    coach_free(json);
  }
  coach_free(trajectory);
  OK(coach_caseload_get(p, "2026-03-02", &json, &err));
  CHECK(contains(json, sanne) && contains(json, "Sanne de Vries"));
  coach_free(json);
  OK(coach_agenda_get(p, "{\"today\": \"2026-03-02\", \"horizon_days\": 30}", &json, &err));
  CHECK(json != NULL && json[0] == '[');
  coach_free(json);
  coach_free(sanne);
  coach_free(pieter);
  coach_free(p);
  temp_dir_remove(dir);
}

static void errors_say_what_went_wrong(void) {
  coach_error* err = NULL;
  char dir[512], path[600];
  CHECK(temp_dir_make(dir, sizeof dir));
  coach_profile_options o = test_profile_options(dir, "profile", path, sizeof path);
  coach_profile* p = NULL;
  if (!OK(coach_profile_create(&o, &p, &err))) return;
  char *id = NULL, *json = NULL;
  FAILS_WITH(COACH_ERR_INVALID_ARGUMENT, coach_record_add(p, "participant", "{\"name\": \"Sanne de Vr", &id, &err));
  CHECK(contains(last_message(), "fields_json") && contains(last_message(), "not valid JSON"));
  CHECK(!contains(last_message(), "Sanne")); /* never the data */
  CHECK(id == NULL);
  FAILS_WITH(COACH_ERR_INVALID_ARGUMENT, coach_record_add(p, "participant", "[\"Sanne\"]", &id, &err));
  CHECK(contains(last_message(), "JSON object") && !contains(last_message(), "Sanne"));
  FAILS_WITH(COACH_ERR_VALIDATION_FAILED, coach_record_add(p, "spaceship", "{\"name\": \"x\"}", &id, &err));
  CHECK(contains(last_message(), "spaceship") && contains(last_message(), "not a record kind"));
  FAILS_WITH(COACH_ERR_VALIDATION_FAILED,
             coach_record_add(p, "participant", "{\"name\": \"Sanne\", \"coach\": \"m\", \"shoe_size\": 44}", &id, &err));
  CHECK(contains(last_message(), "shoe_size") && !contains(last_message(), "Sanne"));
  FAILS_WITH(COACH_ERR_VALIDATION_FAILED, coach_record_add(p, "participant", "{\"coach\": \"marieke\"}", &id, &err));
  CHECK(contains(last_message(), "name"));
  FAILS_WITH(COACH_ERR_INVALID_ARGUMENT, coach_record_list(p, "spaceship", NULL, 0, &json, &err));
  FAILS_WITH(COACH_ERR_INVALID_ARGUMENT, coach_record_list(p, "participant", NULL, 8, &json, &err));
  FAILS_WITH(COACH_ERR_NOT_FOUND, coach_record_get(p, "0123456789abcdef0123456789abcdef", &json, &err));
  FAILS_WITH(COACH_ERR_INVALID_ARGUMENT, coach_agenda_get(p, "{\"tomorrow\": true}", &json, &err));
  CHECK(contains(last_message(), "tomorrow"));
  FAILS_WITH(COACH_ERR_INVALID_ARGUMENT, coach_record_get(NULL, "x", &json, &err));
  CHECK(contains(last_message(), "profile") && contains(last_message(), "NULL"));
  FAILS_WITH(COACH_ERR_INVALID_ARGUMENT, coach_record_add(p, "participant", NULL, &id, &err));
  FAILS_WITH(COACH_ERR_INVALID_ARGUMENT, coach_record_archive(p, "x", 7, &err));
  FAILS_WITH(COACH_ERR_INVALID_ARGUMENT, coach_sync(p, NULL, NULL, NULL, &json, &err));
  CHECK(contains(last_message(), "server.url"));
  CHECK(json == NULL && id == NULL);
  /* Without an error out-parameter the code still tells. */
  CHECK(coach_record_get(p, "0123456789abcdef0123456789abcdef", &json, NULL) == COACH_ERR_NOT_FOUND);
  /* Settings: plain and secret, and unset. */
  char* value = NULL;
  OK(coach_setting_put(p, "server.token", "s3cret-token", COACH_SETTING_SECRET, &err));
  OK(coach_setting_get(p, "server.token", &value, &err));
  CHECK(value != NULL && strcmp(value, "s3cret-token") == 0);
  coach_free(value);
  value = NULL;
  OK(coach_setting_get(p, "server.url", &value, &err));
  CHECK(value == NULL);
  FAILS_WITH(COACH_ERR_INVALID_ARGUMENT, coach_setting_put(p, "server.url", "x", 5, &err));
  coach_free(p);
  temp_dir_remove(dir);
}

static void versions_and_codes(void) {
  coach_error* err = NULL;
  char* json = NULL;
  CHECK(coach_api_version() == COACH_API_VERSION);
  OK(coach_version(&json, &err));
  CHECK(contains(json, "\"api\":1") && contains(json, "\"protocol\":1") && contains(json, "\"library\""));
  coach_free(json);
  CHECK(strcmp(coach_error_id(COACH_ERR_WRONG_PASSPHRASE), "wrong_passphrase") == 0);
  CHECK(strcmp(coach_error_id(COACH_ERR_INTERNAL), "internal") == 0);
  CHECK(strcmp(coach_error_id(999), "unknown") == 0 && strcmp(coach_error_id(COACH_OK), "unknown") == 0);
  FAILS_WITH(COACH_ERR_INVALID_ARGUMENT, coach_version(NULL, &err));
  coach_free(NULL); /* allowed */
}

static void kinds_and_conflicts(void) {
  coach_error* err = NULL;
  char* json = NULL;
  OK(coach_kinds_describe("participant", &json, &err));
  CHECK(contains(json, "\"name\":\"participant\"") && contains(json, "\"birth_date\"") && contains(json, "\"required\":true"));
  coach_free(json);
  OK(coach_kinds_describe(NULL, &json, &err));
  CHECK(json != NULL && json[0] == '[' && contains(json, "\"trajectory\"") && contains(json, "\"employer\""));
  coach_free(json);
  FAILS_WITH(COACH_ERR_INVALID_ARGUMENT, coach_kinds_describe("spaceship", &json, &err));
  CHECK(contains(last_message(), "spaceship"));

  char dir[512], path[600];
  CHECK(temp_dir_make(dir, sizeof dir));
  coach_profile_options o = test_profile_options(dir, "profile", path, sizeof path);
  coach_profile* p = NULL;
  if (!OK(coach_profile_create(&o, &p, &err))) return;
  OK(coach_conflicts_list(p, &json, &err));
  CHECK(json != NULL && strcmp(json, "[]") == 0);
  coach_free(json);
  FAILS_WITH(COACH_ERR_INVALID_ARGUMENT, coach_conflict_resolve(p, "{\"record_id\": \"x\"}", COACH_KEEP_BOTH, &err));
  CHECK(contains(last_message(), "coach_conflicts_list"));
  FAILS_WITH(COACH_ERR_INVALID_ARGUMENT, coach_conflict_resolve(p, "{}", 9, &err));
  coach_free(p);
  temp_dir_remove(dir);
}

static const test_case kCases[] = {
    {"the library reports its versions and the wire id of every code [capi]", versions_and_codes},
    {"a profile is created, locked, unlocked, reopened and refuses a wrong passphrase [capi][profile]",
     profile_lifecycle},
    {"records are added, edited, read, listed, archived and queried as JSON [capi][records]", records_as_json},
    {"kinds are described for forms, and conflicts are listed and refuse a resolution of what was not listed [capi]",
     kinds_and_conflicts},
    {"bad JSON, unknown kinds and NULL arguments give codes and messages without the data [capi][errors]",
     errors_say_what_went_wrong},
    {"a team lead's first device creates the team and syncs over the built-in HTTP transport [capi][sync]",
     sync_over_builtin_http},
    {"a host transport in C carries every request of enrolment and sync, with progress [capi][sync]",
     sync_over_host_transport},
    {"a host transport's failures are errors with their reason and Retry-After, and nothing is lost [capi][sync]",
     host_transport_failures},
    {"a coach's device enrols, is approved only with its fingerprint, joins, and is revoked [capi][devices]",
     devices_enrol_approve_revoke},
    {"a new lead device restores the team keys from the recovery key; a typo is refused first [capi][devices]",
     devices_recovery},
    {"reads, writes and exports leave PHI-free access events that coach_access_log returns [capi][access-log]",
     access_log_and_export},
};

int main(int argc, char** argv) {
  const char* filter = argc > 1 ? argv[1] : NULL;
  int ran = 0;
  for (size_t i = 0; i < sizeof kCases / sizeof kCases[0]; ++i) {
    if (filter != NULL && strstr(kCases[i].name, filter) == NULL) continue;
    const int before = check_failure_count();
    kCases[i].run();
    ++ran;
    printf("%s: %s\n", check_failure_count() == before ? "passed" : "FAILED", kCases[i].name);
  }
  printf("%d case(s), %d check(s), %d failed\n", ran, check_count(), check_failure_count());
  return ran > 0 && check_failure_count() == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
