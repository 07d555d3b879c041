/* test_capi_access.c: the access log, the participant export and the retention report of the C API
 * (coach/coach_access.h; docs/access-log.md), used from C as a mobile binding would: reads and writes through the
 * API leave PHI-free events that coach_access_log returns; an export is logged as an export; bad ids and days are
 * refused without quoting them; every string and error is freed (LeakSanitizer checks under the asan preset). */
#include <stdio.h>
#include <string.h>

#include "capi_check.h"
#include "capi_tests.h"
#include "syncd_child.h"

/* How many times `needle` occurs in `haystack`. */
static int occurrences(const char* haystack, const char* needle) {
  int n = 0;
  for (const char* at = haystack; at != NULL && (at = strstr(at, needle)) != NULL; at += strlen(needle)) ++n;
  return n;
}

void access_log_and_export(void) {
  coach_error* err = NULL;
  char dir[512], path[600];
  CHECK(temp_dir_make(dir, sizeof dir));
  coach_profile_options o = test_profile_options(dir, "profile", path, sizeof path);
  coach_profile* p = NULL;
  if (!OK(coach_profile_create(&o, &p, &err))) return;
  char *sanne = NULL, *json = NULL;
  OK(coach_record_add(p, "participant", "{\"name\": \"Sanne de Vries\", \"coach\": \"marieke\", \"municipality\": \"Utrecht\"}",
                      &sanne, &err));
  if (sanne == NULL) return;
  OK(coach_record_get(p, sanne, &json, &err));
  coach_free(json);
  json = NULL;
  OK(coach_record_get(p, sanne, &json, &err)); /* within 15 minutes: coalesced */
  coach_free(json);
  json = NULL;

  OK(coach_access_log(p, sanne, NULL, NULL, &json, &err));
  CHECK(json != NULL && json[0] == '[');
  CHECK(occurrences(json, "\"action\":\"write\"") == 1);
  CHECK(occurrences(json, "\"action\":\"read\"") == 1);
  CHECK(contains(json, "\"actor\":\"marieke\"") && contains(json, sanne));
  CHECK(!contains(json, "Sanne") && !contains(json, "Utrecht"));
  coach_free(json);
  json = NULL;

  OK(coach_participant_export(p, sanne, "participant", &json, &err));
  CHECK(contains(json, "coach.participant-export.v1") && contains(json, "Sanne de Vries"));
  coach_free(json);
  json = NULL;
  OK(coach_access_log(p, sanne, "2000-01-01", "2100-12-31", &json, &err));
  CHECK(occurrences(json, "\"action\":\"export\"") == 1 && contains(json, "\"on_behalf_of\":\"participant\""));
  coach_free(json);
  json = NULL;
  OK(coach_access_log(p, sanne, "2100-01-01", NULL, &json, &err));
  CHECK(json != NULL && strcmp(json, "[]") == 0);
  coach_free(json);
  json = NULL;

  /* An erased or unknown participant's id is a valid question: the answer may be empty. */
  OK(coach_access_log(p, "0123456789abcdef0123456789abcdef", NULL, NULL, &json, &err));
  CHECK(json != NULL && strcmp(json, "[]") == 0);
  coach_free(json);
  json = NULL;
  FAILS_WITH(COACH_ERR_INVALID_ARGUMENT, coach_access_log(p, "Sanne de Vries", NULL, NULL, &json, &err));
  CHECK(!contains(last_message(), "Sanne"));
  FAILS_WITH(COACH_ERR_INVALID_ARGUMENT, coach_access_log(p, sanne, "01-03-2026", NULL, &json, &err));
  FAILS_WITH(COACH_ERR_INVALID_ARGUMENT, coach_access_log(p, NULL, NULL, NULL, &json, &err));
  FAILS_WITH(COACH_ERR_NOT_FOUND, coach_participant_export(p, "0123456789abcdef0123456789abcdef", NULL, &json, &err));
  CHECK(json == NULL);
  FAILS_WITH(COACH_ERR_VALIDATION_FAILED,
             coach_record_add(p, "access_event", "{\"at\": \"2026-03-02T10:00\", \"actor\": \"x\", \"participant_ref\": "
                                                 "\"0123456789abcdef0123456789abcdef\", \"action\": \"read\"}", &json, &err));

  OK(coach_retention_report(p, "2099-01-01", &json, &err));
  CHECK(contains(json, "\"care_dossier_years\":20") && contains(json, sanne) && !contains(json, "Sanne"));
  coach_free(json);
  json = NULL;
  FAILS_WITH(COACH_ERR_INVALID_ARGUMENT, coach_retention_report(p, "morgen", &json, &err));
  coach_free(sanne);
  coach_free(p);
  temp_dir_remove(dir);
}
