/* test_capi_sync.c: the C API's team setup and sync against the real coach-syncd on 127.0.0.1 (a free port):
 * over the built-in HTTP transport, and over a host transport written in C (loopback_http.c) with the progress
 * callback observed, and the host transport's failures (no network, a busy server, a broken callback). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capi_check.h"
#include "capi_tests.h"
#include "loopback_http.h"
#include "syncd_child.h"

typedef struct progress_log {
  int calls;
  coach_sync_progress last;
} progress_log;

static void on_progress(void* user_data, const coach_sync_progress* progress) {
  progress_log* log = user_data;
  ++log->calls;
  log->last = *progress;
}

/* The unsigned number after "key": in a JSON text, or -1. */
static long long json_number(const char* json, const char* key) {
  char pattern[64];
  snprintf(pattern, sizeof pattern, "\"%s\":", key);
  const char* at = json != NULL ? strstr(json, pattern) : NULL;
  return at != NULL ? strtoll(at + strlen(pattern), NULL, 10) : -1;
}

/* A server and a new profile in a new directory; 0 (after a failed check) when either cannot start. */
typedef struct fixture {
  char dir[512];
  char path[600];
  syncd_child server;
  coach_profile* profile;
} fixture;

static int fixture_start(fixture* f) {
  coach_error* err = NULL;
  f->profile = NULL;
  if (!temp_dir_make(f->dir, sizeof f->dir)) return 0;
  if (!syncd_start(&f->server, f->dir)) {
    check_failed(__FILE__, __LINE__, "syncd_start", f->server.log_path);
    return 0;
  }
  coach_profile_options o = test_profile_options(f->dir, "lead", f->path, sizeof f->path);
  return OK(coach_profile_create(&o, &f->profile, &err));
}

static void fixture_stop(fixture* f) {
  coach_free(f->profile);
  syncd_stop(&f->server);
  temp_dir_remove(f->dir);
}

static void add_participant(coach_profile* p, const char* name) {
  coach_error* err = NULL;
  char fields[256], *id = NULL;
  snprintf(fields, sizeof fields, "{\"name\": \"%s\", \"coach\": \"marieke\"}", name);
  OK(coach_record_add(p, "participant", fields, &id, &err));
  coach_free(id);
}

void sync_over_builtin_http(void) {
  coach_error* err = NULL;
  fixture f;
  if (!fixture_start(&f)) {
    fixture_stop(&f);
    return;
  }
  coach_server server;
  memset(&server, 0, sizeof server);
  server.url = f.server.url;
  char *json = NULL, *value = NULL;
  if (OK(coach_team_create(f.profile, &server, f.server.enrol_code, &json, &err))) {
    CHECK(contains(json, f.server.team) && contains(json, "\"role\":\"lead\""));
    coach_free(json);
  }
  OK(coach_setting_get(f.profile, "server.url", &value, &err));
  CHECK(value != NULL && strcmp(value, f.server.url) == 0);
  coach_free(value);
  OK(coach_setting_get(f.profile, "server.token", &value, &err));
  CHECK(value != NULL && strlen(value) > 8);
  char token[256] = "";
  snprintf(token, sizeof token, "%s", value != NULL ? value : "");
  coach_free(value);
  OK(coach_profile_info(f.profile, &json, &err));
  CHECK(contains(json, f.server.team));
  coach_free(json);
  FAILS_WITH(COACH_ERR_ALREADY_EXISTS, coach_team_create(f.profile, &server, f.server.enrol_code, &json, &err));

  add_participant(f.profile, "Sanne de Vries");
  add_participant(f.profile, "Pieter Jansen");
  progress_log progress = {0, {0, 0, 0, 0}};
  if (OK(coach_sync(f.profile, NULL, on_progress, &progress, &json, &err))) { /* all from the settings */
    CHECK(json_number(json, "pushed_changes") >= 2 && json_number(json, "pushed_envelopes") >= 1);
    CHECK(progress.calls >= 1 && (long long)progress.last.changes_pushed == json_number(json, "pushed_changes"));
    CHECK(progress.last.bytes_pushed > 0);
    coach_free(json);
  }
  OK(coach_sync(f.profile, NULL, NULL, NULL, &json, &err));
  CHECK(json_number(json, "pushed_changes") == 0);
  coach_free(json);
  OK(coach_sync(f.profile, NULL, NULL, NULL, NULL, &err)); /* the report is optional */

  CHECK(syncd_stop(&f.server));
  add_participant(f.profile, "Mohammed El Amrani");
  FAILS_WITH(COACH_ERR_UNAVAILABLE, coach_sync(f.profile, NULL, NULL, NULL, &json, &err));
  CHECK(contains(last_message(), "safe on this device") && contains(last_message(), f.server.url));
  CHECK(token[0] != '\0' && !contains(last_message(), token));
  fixture_stop(&f);
}

void sync_over_host_transport(void) {
  coach_error* err = NULL;
  fixture f;
  if (!fixture_start(&f)) {
    fixture_stop(&f);
    return;
  }
  loopback_http log;
  memset(&log, 0, sizeof log);
  coach_host_transport host = {loopback_http_exchange, &log};
  coach_server server;
  memset(&server, 0, sizeof server);
  server.url = f.server.url;
  server.host = &host;
  char* json = NULL;
  if (OK(coach_team_create(f.profile, &server, f.server.enrol_code, &json, &err))) {
    CHECK(contains(json, f.server.team));
    coach_free(json);
  }
  CHECK(log.enrols == 1 && log.enrols_with_authorization == 0);

  add_participant(f.profile, "Sanne de Vries");
  add_participant(f.profile, "Pieter Jansen");
  add_participant(f.profile, "Mohammed El Amrani");
  server.url = NULL; /* from the settings now; the host still carries */
  progress_log progress = {0, {0, 0, 0, 0}};
  if (OK(coach_sync(f.profile, &server, on_progress, &progress, &json, &err))) {
    CHECK(json_number(json, "pushed_changes") >= 3);
    CHECK(progress.calls >= 1 && (long long)progress.last.changes_pushed == json_number(json, "pushed_changes"));
    coach_free(json);
  }
  CHECK(log.pushes >= 1 && log.pulls >= 1 && log.other >= 1);
  CHECK(log.requests_without_auth == 0 && log.posts_without_json == 0 && log.api_failures == 0);

  /* The server holds what the host carried: the built-in transport finds nothing left to push. */
  OK(coach_sync(f.profile, NULL, NULL, NULL, &json, &err));
  CHECK(json_number(json, "pushed_changes") == 0);
  coach_free(json);
  fixture_stop(&f);
}

static int bogus_exchange(void* user_data, const coach_http_request* request, coach_http_answer* answer) {
  (void)request;
  (void)answer;
  ++*(int*)user_data;
  return 42;
}

void host_transport_failures(void) {
  coach_error* err = NULL;
  fixture f;
  if (!fixture_start(&f)) {
    fixture_stop(&f);
    return;
  }
  loopback_http log;
  memset(&log, 0, sizeof log);
  coach_host_transport host = {loopback_http_exchange, &log};
  coach_server server;
  memset(&server, 0, sizeof server);
  server.url = f.server.url;
  server.host = &host;
  char* json = NULL;
  OK(coach_team_create(f.profile, &server, f.server.enrol_code, &json, &err));
  coach_free(json);
  server.url = NULL;
  add_participant(f.profile, "Sanne de Vries");

  log.unreachable = 1;
  FAILS_WITH(COACH_ERR_UNAVAILABLE, coach_sync(f.profile, &server, NULL, NULL, &json, &err));
  CHECK(contains(last_message(), "no network in this test") && contains(last_message(), "safe on this device"));
  log.unreachable = 0;
  log.busy = 1;
  FAILS_WITH(COACH_ERR_UNAVAILABLE, coach_sync(f.profile, &server, NULL, NULL, &json, &err));
  CHECK(contains(last_message(), "being updated") && last_retry_after() == 7);
  log.busy = 0;

  int calls = 0;
  coach_host_transport bogus = {bogus_exchange, &calls};
  server.host = &bogus;
  FAILS_WITH(COACH_ERR_INTERNAL, coach_sync(f.profile, &server, NULL, NULL, &json, &err));
  CHECK(calls >= 1 && contains(last_message(), "42"));
  coach_host_transport missing = {NULL, NULL};
  server.host = &missing;
  FAILS_WITH(COACH_ERR_INVALID_ARGUMENT, coach_sync(f.profile, &server, NULL, NULL, &json, &err));
  CHECK(contains(last_message(), "exchange"));

  /* Nothing was lost: the change that waited through every failure goes out now. */
  server.host = &host;
  OK(coach_sync(f.profile, &server, NULL, NULL, &json, &err));
  CHECK(json_number(json, "pushed_changes") >= 1);
  coach_free(json);
  fixture_stop(&f);
}
