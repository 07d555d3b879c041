/* syncd_child.h: the real coach-syncd as a child process of a C test (the C counterpart of
 * tests/support/syncd_process.hpp): its own data directory, a free port on 127.0.0.1 (it binds port 0 and logs
 * the one it got in its "listening" line), its JSON-lines log in a file, the first start's team and lead
 * enrolment code read from that log, and a stop with SIGTERM. COACH_SYNCD_BINARY is the path CMake passes in.
 * Also a throwaway directory helper.
 *
 * Thread-safety: one thread. */
#ifndef COACH_TESTS_CAPI_SYNCD_CHILD_H
#define COACH_TESTS_CAPI_SYNCD_CHILD_H

#include <sys/types.h>

typedef struct syncd_child {
  pid_t pid;
  char dir[512];       /* the server's data directory */
  char log_path[600];  /* its stdout and stderr */
  int port;
  char url[64];        /* "http://127.0.0.1:<port>" */
  char team[64];       /* the team its first start made */
  char enrol_code[64]; /* the team lead's one-time enrolment code (secret: never print it) */
} syncd_child;

/* Starts coach-syncd with its data under `work_dir` and waits (at most 30 s) until it listens and has logged its
 * first start. Returns 1 on success; 0 with the reason on stderr. */
int syncd_start(syncd_child* server, const char* work_dir);
/* SIGTERM and wait. Returns 1 when it exited with status 0. */
int syncd_stop(syncd_child* server);

/* Makes a new directory under TMPDIR (or /tmp) into `path` (at least 256 bytes). Returns 1 on success. */
int temp_dir_make(char* path, unsigned long size);
/* Removes the directory and everything in it. */
void temp_dir_remove(const char* path);

#endif
