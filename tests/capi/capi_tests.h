/* capi_tests.h: the test cases of test_capi_sync.c and test_capi_devices.c and the shared profile options helper of test_capi.c. */
#ifndef COACH_TESTS_CAPI_TESTS_H
#define COACH_TESTS_CAPI_TESTS_H

#include <stddef.h>

#include "coach/coach.h"

/* Options for a throwaway profile `<dir>/<name>.db` (path written into `path`), with the test-only low cost. */
coach_profile_options test_profile_options(const char* dir, const char* name, char* path, size_t size);

void sync_over_builtin_http(void);
void sync_over_host_transport(void);
void host_transport_failures(void);
void devices_enrol_approve_revoke(void);
void devices_recovery(void);
void access_log_and_export(void);

#endif
