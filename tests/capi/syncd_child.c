/* syncd_child.c: coach-syncd as a child process of a C test (syncd_child.h). */
#define _GNU_SOURCE
#include "syncd_child.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char** environ;

/* Copies the JSON string value of `"key":"` in `line` into out (size n). Returns 1 when found. */
static int json_string(const char* line, const char* key, char* out, size_t n) {
  char pattern[64];
  snprintf(pattern, sizeof pattern, "\"%s\":\"", key);
  const char* at = strstr(line, pattern);
  if (at == NULL) return 0;
  at += strlen(pattern);
  const char* end = strchr(at, '"');
  if (end == NULL || (size_t)(end - at) >= n) return 0;
  memcpy(out, at, (size_t)(end - at));
  out[end - at] = '\0';
  return 1;
}

/* Reads the log once; fills port, team and code from the lines that carry them. */
static void scan_log(syncd_child* s) {
  FILE* f = fopen(s->log_path, "r");
  if (f == NULL) return;
  char line[8192];
  while (fgets(line, sizeof line, f) != NULL) {
    if (strstr(line, "\"event\":\"listening\"") != NULL) {
      const char* p = strstr(line, "\"port\":");
      if (p != NULL) s->port = atoi(p + strlen("\"port\":"));
    }
    if (strstr(line, "\"event\":\"first_start\"") != NULL) {
      json_string(line, "team", s->team, sizeof s->team);
      json_string(line, "enrol_code", s->enrol_code, sizeof s->enrol_code);
    }
  }
  fclose(f);
}

static void sleep_ms(long ms) {
  struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
  while (nanosleep(&t, &t) == -1 && errno == EINTR) {
  }
}

static int spawn(syncd_child* s) {
  char data_env[600], listen_env[] = "COACH_SYNCD_LISTEN=127.0.0.1:0", level_env[] = "COACH_SYNCD_LOG_LEVEL=info";
  snprintf(data_env, sizeof data_env, "COACH_SYNCD_DATA=%s", s->dir);
  size_t count = 0;
  for (char** e = environ; *e != NULL; ++e) ++count;
  char** envp = calloc(count + 4, sizeof(char*));
  if (envp == NULL) return 0;
  size_t n = 0;
  for (char** e = environ; *e != NULL; ++e) {
    if (strncmp(*e, "COACH_SYNCD_", 12) != 0) envp[n++] = *e;
  }
  envp[n++] = data_env;
  envp[n++] = listen_env;
  envp[n++] = level_env;
  envp[n] = NULL;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, s->log_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawn_file_actions_addclosefrom_np(&actions, 3); /* none of the test's sockets or files */
  char binary[] = COACH_SYNCD_BINARY, serve[] = "serve";
  char* argv[] = {binary, serve, NULL};
  const int rc = posix_spawn(&s->pid, binary, &actions, NULL, argv, envp);
  posix_spawn_file_actions_destroy(&actions);
  free(envp);
  if (rc != 0) {
    fprintf(stderr, "syncd_child: cannot start %s: %s\n", binary, strerror(rc));
    s->pid = -1;
    return 0;
  }
  return 1;
}

int syncd_start(syncd_child* s, const char* work_dir) {
  memset(s, 0, sizeof *s);
  s->pid = -1;
  snprintf(s->dir, sizeof s->dir, "%s/syncd", work_dir);
  snprintf(s->log_path, sizeof s->log_path, "%s/syncd.log", work_dir);
  if (mkdir(s->dir, 0700) != 0 || !spawn(s)) return 0;
  for (int waited = 0; waited < 30000; waited += 20) {
    scan_log(s);
    if (s->port > 0 && s->enrol_code[0] != '\0' && s->team[0] != '\0') {
      snprintf(s->url, sizeof s->url, "http://127.0.0.1:%d", s->port);
      return 1;
    }
    int status = 0;
    if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
      fprintf(stderr, "syncd_child: coach-syncd exited before listening; its log is %s\n", s->log_path);
      s->pid = -1;
      return 0;
    }
    sleep_ms(20);
  }
  fprintf(stderr, "syncd_child: coach-syncd did not listen within 30 s; its log is %s\n", s->log_path);
  syncd_stop(s);
  return 0;
}

int syncd_stop(syncd_child* s) {
  if (s->pid <= 0) return 0;
  kill(s->pid, SIGTERM);
  int status = 0;
  while (waitpid(s->pid, &status, 0) == -1 && errno == EINTR) {
  }
  s->pid = -1;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int temp_dir_make(char* path, unsigned long size) {
  const char* base = getenv("TMPDIR");
  snprintf(path, size, "%s/coach-capi-XXXXXX", base != NULL && base[0] != '\0' ? base : "/tmp");
  return mkdtemp(path) != NULL;
}

static int remove_entry(const char* path, const struct stat* st, int flag, struct FTW* ftw) {
  (void)st;
  (void)flag;
  (void)ftw;
  return remove(path);
}

void temp_dir_remove(const char* path) {
  nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}
