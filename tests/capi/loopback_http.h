/* loopback_http.h: a host transport written in C for the C API's tests: a plain HTTP/1.1 client over a
 * loopback TCP socket (one connection per request, "Connection: close"), standing in for a phone's HTTP stack.
 * It carries the bytes of each request the core built and hands the answer back through the coach_http_answer_*
 * functions, and notes what it carried so a test can check it.
 *
 * Thread-safety: one exchange at a time per loopback_http (the core never calls a transport concurrently). */
#ifndef COACH_TESTS_CAPI_LOOPBACK_HTTP_H
#define COACH_TESTS_CAPI_LOOPBACK_HTTP_H

#include "coach/coach.h"

typedef struct loopback_http {
  /* What was carried. */
  int requests;
  int enrols, pushes, pulls, other;
  int enrols_with_authorization;  /* must stay 0: enrolment carries no token */
  int requests_without_auth;      /* requests other than enrolment without "Authorization: Bearer" */
  int posts_without_json;         /* POSTs without "Content-Type: application/json" */
  int answers_over_one_piece;     /* bodies handed over in more than one coach_http_answer_append_body */
  int api_failures;               /* coach_http_answer_* calls that failed */
  /* Faults to play instead of carrying the request. */
  int unreachable; /* answer COACH_HTTP_UNREACHABLE with a reason, without any traffic */
  int busy;        /* answer 503 with Retry-After: 7 and an "unavailable" error body, without any traffic */
} loopback_http;

/* The coach_http_exchange_fn; user_data is a loopback_http*. Only http://127.0.0.1:PORT URLs. */
int loopback_http_exchange(void* user_data, const coach_http_request* request, coach_http_answer* answer);

#endif
