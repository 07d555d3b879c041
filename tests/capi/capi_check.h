/* capi_check.h: a small test harness for the C API's tests, in C: named test cases that read as sentences,
 * CHECK for a condition, OK for a call that must succeed and FAILS_WITH for one that must fail with a given
 * code (its coach_error checked: code, wire id and a message, then freed). Each test case declares
 * `coach_error* err = NULL;`, which OK and FAILS_WITH use and leave NULL (every error is freed, so ASan's leak
 * check covers the error path too).
 *
 * Thread-safety: single-threaded (the test runs its cases one after another). */
#ifndef COACH_TESTS_CAPI_CHECK_H
#define COACH_TESTS_CAPI_CHECK_H

#include "coach/coach.h"

/* Records a failed check (file, line, what) and counts it. */
void check_failed(const char* file, int line, const char* what, const char* detail);
/* The number of failed checks so far, and of all checks made. */
int check_failure_count(void);
int check_count(void);
void check_counted(void);

/* Checks `status` is COACH_OK; on failure reports err's message. Frees *err. Returns 1 on success. */
int check_ok(coach_status status, coach_error** err, const char* file, int line, const char* what);
/* Checks `status` is `expected` and *err says so with a message; keeps the message for last_message(); frees
 * *err. Returns 1 when all that holds. */
int check_fails(coach_status expected, coach_status status, coach_error** err, const char* file, int line,
                const char* what);
/* The message of the last error FAILS_WITH checked ("" before any). */
const char* last_message(void);
/* retry_after_seconds of the last error FAILS_WITH checked. */
unsigned last_retry_after(void);

/* 1 when `haystack` contains `needle` (both may be NULL: then 0). */
int contains(const char* haystack, const char* needle);

#define CHECK(cond)                                                         \
  do {                                                                      \
    check_counted();                                                        \
    if (!(cond)) check_failed(__FILE__, __LINE__, #cond, "");               \
  } while (0)
#define OK(call) check_ok((call), &err, __FILE__, __LINE__, #call)
#define FAILS_WITH(code, call) check_fails((code), (call), &err, __FILE__, __LINE__, #call)

typedef void (*test_case_fn)(void);
typedef struct test_case {
  const char* name; /* a sentence with [tags] */
  test_case_fn run;
} test_case;

#endif
