/* test_capi_devices.c: the device lifecycle through the C API against the real coach-syncd on 127.0.0.1 (a free
 * port): a coach's device enrols and waits, the lead refuses a wrong fingerprint and approves the right one, the
 * device joins on its next non-blocking look and reads what the lead wrote, a concurrent edit gives a conflict
 * the coach resolves; the phone is revoked (its sync is refused) and its exposure names the participant; a new
 * lead device restores the keys from the recovery key, after a mistyped key is refused without using the code. */
#define _POSIX_C_SOURCE 200809L /* popen, pclose */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capi_check.h"
#include "capi_tests.h"
#include "syncd_child.h"

/* The string value of "key" in compact JSON (the API's own output) into `out`; 1 when found. */
static int json_string(const char* json, const char* key, char* out, size_t size) {
  char pattern[64];
  snprintf(pattern, sizeof pattern, "\"%s\":\"", key);
  const char* at = json != NULL ? strstr(json, pattern) : NULL;
  if (at == NULL) return 0;
  at += strlen(pattern);
  const char* end = strchr(at, '"');
  if (end == NULL || (size_t)(end - at) >= size) return 0;
  memcpy(out, at, (size_t)(end - at));
  out[end - at] = '\0';
  return 1;
}

/* A one-time code from `coach-syncd admin enrol-code` for the server's team ("--lead" or ""); 1 on success. */
static int admin_code(const syncd_child* server, const char* lead, char* code, size_t size) {
  char command[1400], line[512] = "", all[2048] = "";
  snprintf(command, sizeof command, "%s admin --data '%s' --json enrol-code --team %s %s 2>&1", COACH_SYNCD_BINARY,
           server->dir, server->team, lead);
  FILE* p = popen(command, "r");
  if (p == NULL) return 0;
  while (fgets(line, sizeof line, p) != NULL) strncat(all, line, sizeof all - strlen(all) - 1);
  const int rc = pclose(p);
  /* Pretty-printed: drop spaces after colons so json_string finds the field. */
  char compact[2048];
  size_t n = 0;
  for (const char* c = all; *c != '\0' && n + 1 < sizeof compact; ++c) {
    if ((*c == ' ' && c > all && c[-1] == ':') || *c == '\n') continue;
    compact[n++] = *c;
  }
  compact[n] = '\0';
  return rc == 0 && json_string(compact, "code", code, size);
}

typedef struct world {
  char dir[512];
  syncd_child server;
  coach_profile* lead;
  coach_profile* anna;
  char recovery[128];
  char anna_id[64];
  char anna_fingerprint[64];
} world;

static coach_profile* new_profile(const world* w, const char* name) {
  coach_error* err = NULL;
  char path[700];
  coach_profile* p = NULL;
  coach_profile_options o = test_profile_options(w->dir, name, path, sizeof path);
  return OK(coach_profile_create(&o, &p, &err)) ? p : NULL;
}

static int world_start(world* w) {
  coach_error* err = NULL;
  memset(w, 0, sizeof *w);
  if (!temp_dir_make(w->dir, sizeof w->dir)) return 0;
  if (!syncd_start(&w->server, w->dir)) {
    check_failed(__FILE__, __LINE__, "syncd_start", w->server.log_path);
    return 0;
  }
  w->lead = new_profile(w, "lead");
  w->anna = new_profile(w, "anna");
  if (w->lead == NULL || w->anna == NULL) return 0;
  coach_server server;
  memset(&server, 0, sizeof server);
  server.url = w->server.url;
  char* json = NULL;
  if (!OK(coach_team_create(w->lead, &server, w->server.enrol_code, &json, &err))) return 0;
  const int found = json_string(json, "recovery_key", w->recovery, sizeof w->recovery);
  coach_free(json);
  return found;
}

static void world_stop(world* w) {
  coach_free(w->lead);
  coach_free(w->anna);
  syncd_stop(&w->server);
  temp_dir_remove(w->dir);
}

static char* add_participant(coach_profile* p, const char* name) {
  coach_error* err = NULL;
  char fields[256], *id = NULL;
  snprintf(fields, sizeof fields, "{\"name\": \"%s\", \"coach\": \"anna\"}", name);
  OK(coach_record_add(p, "participant", fields, &id, &err));
  return id;
}

/* Anna's device enrols, waits, is refused with a wrong fingerprint, approved with the right one, and joins. */
static void enrol_and_approve(world* w) {
  coach_error* err = NULL;
  coach_server server;
  memset(&server, 0, sizeof server);
  server.url = w->server.url;
  char code[64] = "", *json = NULL, *fingerprint = NULL;
  CHECK(admin_code(&w->server, "", code, sizeof code));
  if (OK(coach_device_enrol(w->anna, &server, code, &json, &err))) {
    CHECK(contains(json, "\"state\":\"pending\"") && contains(json, "\"role\":\"coach\""));
    CHECK(contains(json, w->server.team));
    CHECK(json_string(json, "device", w->anna_id, sizeof w->anna_id));
    CHECK(json_string(json, "fingerprint", w->anna_fingerprint, sizeof w->anna_fingerprint));
    coach_free(json);
  }
  if (OK(coach_device_fingerprint(w->anna, &fingerprint, &err))) {
    CHECK(strcmp(fingerprint, w->anna_fingerprint) == 0 && strlen(fingerprint) == 24);
    coach_free(fingerprint);
  }
  int joined = -1;
  OK(coach_device_join(w->anna, NULL, &joined, &err));
  CHECK(joined == 0);

  if (OK(coach_devices_list(w->lead, NULL, &json, &err))) {
    CHECK(contains(json, w->anna_id) && contains(json, "\"state\":\"pending\"") && contains(json, w->anna_fingerprint));
    coach_free(json);
  }
  const char* wrong = "1111 2222 3333 4444 5555";
  FAILS_WITH(COACH_ERR_INVALID_ARGUMENT, coach_device_approve(w->lead, NULL, w->anna_id, wrong, &err));
  CHECK(contains(last_message(), "fingerprints differ") && contains(last_message(), "nothing was approved"));
  OK(coach_device_join(w->anna, NULL, &joined, &err));
  CHECK(joined == 0);
  FAILS_WITH(COACH_ERR_INVALID_ARGUMENT, coach_device_approve(w->lead, NULL, w->anna_id, NULL, &err));
  FAILS_WITH(COACH_ERR_NOT_FOUND, coach_device_approve(w->lead, NULL, "0123456789abcdef0123456789abcdef",
                                                       w->anna_fingerprint, &err));
  OK(coach_device_approve(w->lead, NULL, w->anna_id, w->anna_fingerprint, &err));
  FAILS_WITH(COACH_ERR_ALREADY_EXISTS, coach_device_approve(w->lead, NULL, w->anna_id, w->anna_fingerprint, &err));
  OK(coach_device_join(w->anna, NULL, &joined, &err));
  CHECK(joined == 1);
  OK(coach_device_join(w->anna, NULL, &joined, &err)); /* asking again is harmless */
  CHECK(joined == 1);
}

void devices_enrol_approve_revoke(void) {
  coach_error* err = NULL;
  world w;
  if (!world_start(&w)) {
    world_stop(&w);
    return;
  }
  /* Written before anna's device enrols: the server keeps last-seen times to the minute, so exposure is sure to
   * count only records older than the device's first request. */
  char* sanne = add_participant(w.lead, "Sanne de Vries");
  enrol_and_approve(&w);
  char *json = NULL, *value = NULL;
  OK(coach_sync(w.lead, NULL, NULL, NULL, NULL, &err));
  OK(coach_sync(w.anna, NULL, NULL, NULL, NULL, &err));
  if (OK(coach_record_get(w.anna, sanne, &json, &err))) {
    CHECK(contains(json, "Sanne de Vries"));
    coach_free(json);
  }

  /* A concurrent edit of the same note: the losing text is a conflict anna resolves by keeping both. */
  OK(coach_record_edit(w.lead, sanne, "{\"note\": \"Interview on Thursday.\"}", &err));
  OK(coach_record_edit(w.anna, sanne, "{\"note\": \"Prefers mornings.\"}", &err));
  OK(coach_sync(w.lead, NULL, NULL, NULL, NULL, &err));
  OK(coach_sync(w.anna, NULL, NULL, NULL, NULL, &err));
  OK(coach_sync(w.lead, NULL, NULL, NULL, NULL, &err));
  coach_profile* with_conflict = NULL;
  for (int i = 0; i < 2 && with_conflict == NULL; ++i) {
    coach_profile* p = i == 0 ? w.anna : w.lead;
    if (OK(coach_conflicts_list(p, &json, &err))) {
      if (contains(json, "\"field\":\"note\"")) {
        with_conflict = p;
        value = json;
      } else {
        coach_free(json);
      }
    }
  }
  CHECK(with_conflict != NULL);
  if (with_conflict != NULL) {
    /* The list's first (only) entry as the conflict to resolve. */
    char* first = strchr(value, '{');
    char* last = strrchr(value, '}');
    if (first != NULL && last != NULL) {
      last[1] = '\0';
      OK(coach_conflict_resolve(with_conflict, first, COACH_KEEP_BOTH, &err));
    }
    coach_free(value);
    if (OK(coach_record_get(with_conflict, sanne, &json, &err))) {
      CHECK(contains(json, "Interview on Thursday.") && contains(json, "Prefers mornings."));
      coach_free(json);
    }
  }

  /* A team lead's kinds (docs/store.md, "Roles"): Anna's device kept the role "coach" from its enrolment answer
   * and is refused with COACH_ERR_FORBIDDEN; the lead's device scores. */
  {
    const char* score = "{\"item\":\"v7\",\"period_start\":\"2026-01-01\",\"period_end\":\"2026-03-31\","
                        "\"score\":4,\"scored_on\":\"2026-04-01\"}";
    char* id = NULL;
    FAILS_WITH(COACH_ERR_FORBIDDEN, coach_record_add(w.anna, "fidelity_score", score, &id, &err));
    CHECK(id == NULL);
    CHECK(contains(last_message(), "only a team lead's device may score fidelity items"));
    if (OK(coach_record_add(w.lead, "fidelity_score", score, &id, &err))) coach_free(id);
  }

  /* Erasure: a coach may not; the lead's reaches Anna at her next sync; both keep a nameless audit entry. */
  char* joost = add_participant(w.lead, "Joost Bakker");
  OK(coach_sync(w.lead, NULL, NULL, NULL, NULL, &err));
  OK(coach_sync(w.anna, NULL, NULL, NULL, NULL, &err));
  FAILS_WITH(COACH_ERR_FORBIDDEN, coach_participant_erase(w.anna, NULL, joost, NULL, &err));
  if (OK(coach_participant_erase(w.lead, NULL, joost, &json, &err))) {
    CHECK(contains(json, joost) && contains(json, "\"index\":1"));
    coach_free(json);
  }
  OK(coach_sync(w.anna, NULL, NULL, NULL, NULL, &err));
  FAILS_WITH(COACH_ERR_NOT_FOUND, coach_record_get(w.anna, joost, &json, &err));
  for (int i = 0; i < 2; ++i) {
    if (OK(coach_erasures(i == 0 ? w.anna : w.lead, &json, &err))) {
      CHECK(contains(json, joost) && !contains(json, "Joost"));
      coach_free(json);
    }
  }
  coach_free(joost);

  /* The lost phone: revoked, its sync refused; its exposure names Sanne. */
  char lead_id[64] = "";
  if (OK(coach_profile_info(w.lead, &json, &err))) {
    CHECK(json_string(json, "device", lead_id, sizeof lead_id));
    coach_free(json);
  }
  FAILS_WITH(COACH_ERR_FORBIDDEN, coach_device_revoke(w.anna, NULL, lead_id, &err));
  CHECK(contains(last_message(), "team lead"));
  FAILS_WITH(COACH_ERR_INVALID_ARGUMENT, coach_device_revoke(w.lead, NULL, lead_id, &err));
  OK(coach_device_revoke(w.lead, NULL, w.anna_id, &err));
  FAILS_WITH(COACH_ERR_DEVICE_REVOKED, coach_sync(w.anna, NULL, NULL, NULL, NULL, &err));
  if (OK(coach_devices_list(w.lead, NULL, &json, &err))) {
    CHECK(contains(json, "\"state\":\"revoked\""));
    coach_free(json);
  }
  if (OK(coach_device_exposure(w.lead, NULL, w.anna_id, &json, &err))) {
    CHECK(contains(json, sanne) && contains(json, "\"name\":\"Sanne de Vries\"") && contains(json, "revoked_at"));
    coach_free(json);
  }
  coach_free(sanne);
  world_stop(&w);
}

void devices_recovery(void) {
  coach_error* err = NULL;
  world w;
  if (!world_start(&w)) {
    world_stop(&w);
    return;
  }
  char* sanne = add_participant(w.lead, "Sanne de Vries");
  OK(coach_sync(w.lead, NULL, NULL, NULL, NULL, &err));
  coach_profile* fresh = new_profile(&w, "fresh");
  coach_server server;
  memset(&server, 0, sizeof server);
  server.url = w.server.url;
  char code[64] = "", typo[128], *json = NULL;
  CHECK(admin_code(&w.server, "--lead", code, sizeof code));
  snprintf(typo, sizeof typo, "%s", w.recovery);
  typo[5] = typo[5] == 'A' ? 'B' : 'A';
  FAILS_WITH(COACH_ERR_INVALID_ARGUMENT, coach_team_recover(fresh, &server, code, typo, &json, &err));
  CHECK(contains(last_message(), "typo") && !contains(last_message(), typo + 5));
  int joined = -1;
  FAILS_WITH(COACH_ERR_NOT_FOUND, coach_device_join(fresh, &server, &joined, &err)); /* nothing was enrolled */
  /* The code was not used up by the typo: it enrols now and the keys come back. */
  if (OK(coach_team_recover(fresh, &server, code, w.recovery, &json, &err))) {
    CHECK(contains(json, w.server.team) && contains(json, "\"role\":\"lead\""));
    coach_free(json);
  }
  OK(coach_sync(fresh, NULL, NULL, NULL, NULL, &err));
  if (OK(coach_record_get(fresh, sanne, &json, &err))) {
    CHECK(contains(json, "Sanne de Vries"));
    coach_free(json);
  }
  FAILS_WITH(COACH_ERR_ALREADY_EXISTS, coach_team_recover(fresh, &server, NULL, w.recovery, &json, &err));
  FAILS_WITH(COACH_ERR_INVALID_ARGUMENT, coach_team_recover(fresh, &server, NULL, NULL, &json, &err));
  coach_free(sanne);
  coach_free(fresh);
  world_stop(&w);
}
