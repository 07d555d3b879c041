/* capi_check.c: the test harness of capi_check.h. */
#include "capi_check.h"

#include <stdio.h>
#include <string.h>

static int failures = 0;
static int checks = 0;
static char message[2048] = "";
static unsigned retry_after = 0;

void check_failed(const char* file, int line, const char* what, const char* detail) {
  ++failures;
  fprintf(stderr, "%s:%d: FAILED: %s%s%s\n", file, line, what, detail[0] ? "\n    " : "", detail);
}

int check_failure_count(void) { return failures; }
int check_count(void) { return checks; }
void check_counted(void) { ++checks; }

int check_ok(coach_status status, coach_error** err, const char* file, int line, const char* what) {
  ++checks;
  int ok = status == COACH_OK && *err == NULL;
  if (!ok) {
    char detail[2300];
    snprintf(detail, sizeof detail, "status %d (%s): %s", status, coach_error_id(status),
             *err != NULL ? (*err)->message : "(no error object)");
    check_failed(file, line, what, detail);
  }
  coach_free(*err);
  *err = NULL;
  return ok;
}

int check_fails(coach_status expected, coach_status status, coach_error** err, const char* file, int line,
                const char* what) {
  ++checks;
  const coach_error* e = *err;
  int ok = status == expected && e != NULL && e->code == expected && e->message != NULL && e->message[0] != '\0' &&
           e->id != NULL && strcmp(e->id, coach_error_id(expected)) == 0;
  if (!ok) {
    char detail[2300];
    snprintf(detail, sizeof detail, "expected %s, got status %d (%s): %s", coach_error_id(expected), status,
             coach_error_id(status), e != NULL ? e->message : "(no error object)");
    check_failed(file, line, what, detail);
  }
  snprintf(message, sizeof message, "%s", e != NULL && e->message != NULL ? e->message : "");
  retry_after = e != NULL ? e->retry_after_seconds : 0;
  coach_free(*err);
  *err = NULL;
  return ok;
}

const char* last_message(void) { return message; }
unsigned last_retry_after(void) { return retry_after; }

int contains(const char* haystack, const char* needle) {
  return haystack != NULL && needle != NULL && strstr(haystack, needle) != NULL;
}
