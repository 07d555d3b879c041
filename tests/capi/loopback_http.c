/* loopback_http.c: a plain HTTP/1.1 client over a loopback socket as a C API host transport (loopback_http.h).
 * Enough HTTP for coach-syncd's answers: a status line, headers (Content-Length, Transfer-Encoding: chunked,
 * Retry-After), a body read to the end of the connection. */
#define _GNU_SOURCE
#include "loopback_http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

typedef struct buffer {
  char* data;
  size_t size;
} buffer;

static int fail_with(coach_http_answer* answer, int outcome, const char* reason) {
  coach_http_answer_set_reason(answer, reason, NULL);
  return outcome;
}

static int send_all(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = send(fd, data, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return 0;
    data += n;
    size -= (size_t)n;
  }
  return 1;
}

static int read_all(int fd, buffer* b) {
  char chunk[16384];
  for (;;) {
    ssize_t n = recv(fd, chunk, sizeof chunk, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return 0;
    if (n == 0) return 1;
    char* grown = realloc(b->data, b->size + (size_t)n + 1);
    if (grown == NULL) return 0;
    b->data = grown;
    memcpy(b->data + b->size, chunk, (size_t)n);
    b->size += (size_t)n;
    b->data[b->size] = '\0';
  }
}

/* The value of header `name` in the head (lines after the status line), copied into out; 1 when present. */
static int header_value(const char* head, const char* name, char* out, size_t n) {
  const size_t len = strlen(name);
  for (const char* line = strstr(head, "\r\n"); line != NULL && line[2] != '\r'; line = strstr(line + 2, "\r\n")) {
    const char* start = line + 2;
    if (strncasecmp(start, name, len) == 0 && start[len] == ':') {
      const char* v = start + len + 1;
      while (*v == ' ') ++v;
      const char* end = strstr(v, "\r\n");
      size_t vlen = end != NULL ? (size_t)(end - v) : strlen(v);
      if (vlen >= n) vlen = n - 1;
      memcpy(out, v, vlen);
      out[vlen] = '\0';
      return 1;
    }
  }
  return 0;
}

/* Hands the body to the core, in pieces of at most 4 KiB as a streaming stack would. */
static void append(loopback_http* log, coach_http_answer* answer, const char* data, size_t size, int* pieces) {
  while (size > 0) {
    const size_t piece = size < 4096 ? size : 4096;
    if (coach_http_answer_append_body(answer, data, piece, NULL) != COACH_OK) ++log->api_failures;
    data += piece;
    size -= piece;
    ++*pieces;
  }
}

/* Decodes a chunked body in place of appending it; 0 when malformed. */
static int append_chunked(loopback_http* log, coach_http_answer* answer, const char* p, const char* end,
                          int* pieces) {
  for (;;) {
    char* after = NULL;
    const unsigned long size = strtoul(p, &after, 16);
    const char* line_end = strstr(p, "\r\n");
    if (after == p || line_end == NULL) return 0;
    p = line_end + 2;
    if (size == 0) return 1;
    if ((size_t)(end - p) < size + 2) return 0;
    append(log, answer, p, size, pieces);
    p += size + 2;
  }
}

static int hand_over(loopback_http* log, const buffer* b, coach_http_answer* answer) {
  int status = 0;
  if (b->data == NULL || sscanf(b->data, "HTTP/1.%*d %d", &status) != 1)
    return fail_with(answer, COACH_HTTP_UNREACHABLE, "the server closed the connection without an answer");
  const char* body = strstr(b->data, "\r\n\r\n");
  if (body == NULL) return fail_with(answer, COACH_HTTP_UNREACHABLE, "the answer's head was cut off");
  body += 4;
  const char* end = b->data + b->size;
  if (coach_http_answer_set_status(answer, status, NULL) != COACH_OK) ++log->api_failures;
  char value[128];
  if (header_value(b->data, "Retry-After", value, sizeof value) &&
      coach_http_answer_set_retry_after(answer, value, NULL) != COACH_OK)
    ++log->api_failures;
  int pieces = 0;
  if (header_value(b->data, "Transfer-Encoding", value, sizeof value) && strcasecmp(value, "chunked") == 0) {
    if (!append_chunked(log, answer, body, end, &pieces))
      return fail_with(answer, COACH_HTTP_UNREACHABLE, "a chunked answer was cut off");
  } else {
    size_t size = (size_t)(end - body);
    if (header_value(b->data, "Content-Length", value, sizeof value) && strtoul(value, NULL, 10) < size)
      size = strtoul(value, NULL, 10);
    append(log, answer, body, size, &pieces);
  }
  if (pieces > 1) ++log->answers_over_one_piece;
  return COACH_HTTP_ANSWERED;
}

static void note(loopback_http* log, const coach_http_request* r) {
  int auth = 0, json = 0;
  for (size_t i = 0; i < r->header_count; ++i) {
    if (strcmp(r->headers[i].name, "Authorization") == 0 && strncmp(r->headers[i].value, "Bearer ", 7) == 0) auth = 1;
    if (strcmp(r->headers[i].name, "Content-Type") == 0 && strcmp(r->headers[i].value, "application/json") == 0)
      json = 1;
  }
  ++log->requests;
  if (strcmp(r->path, "/v1/enrol") == 0) {
    ++log->enrols;
    log->enrols_with_authorization += auth;
  } else {
    log->requests_without_auth += !auth;
    if (strcmp(r->path, "/v1/push") == 0) ++log->pushes;
    else if (strcmp(r->path, "/v1/pull") == 0) ++log->pulls;
    else ++log->other;
  }
  if (strcmp(r->method, "POST") == 0 && !json) ++log->posts_without_json;
}

static int play_busy(coach_http_answer* answer) {
  static const char body[] = "{\"error\": {\"id\": \"unavailable\", \"message\": \"the server is being updated\"}}";
  coach_http_answer_set_status(answer, 503, NULL);
  coach_http_answer_set_retry_after(answer, "7", NULL);
  coach_http_answer_append_body(answer, body, sizeof body - 1, NULL);
  return COACH_HTTP_ANSWERED;
}

static int connect_loopback(const char* url) {
  int port = 0;
  if (sscanf(url, "http://127.0.0.1:%d/", &port) != 1 || port <= 0 || port > 65535) return -1;
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons((unsigned short)port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, (struct sockaddr*)&addr, sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

int loopback_http_exchange(void* user_data, const coach_http_request* request, coach_http_answer* answer) {
  loopback_http* log = user_data;
  note(log, request);
  if (log->unreachable) return fail_with(answer, COACH_HTTP_UNREACHABLE, "no network in this test");
  if (log->busy) return play_busy(answer);
  const int fd = connect_loopback(request->url);
  if (fd < 0) return fail_with(answer, COACH_HTTP_UNREACHABLE, "the connection was refused");
  char head[8192];
  int n = snprintf(head, sizeof head, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n", request->method, request->path);
  for (size_t i = 0; i < request->header_count && n > 0 && (size_t)n < sizeof head; ++i)
    n += snprintf(head + n, sizeof head - (size_t)n, "%s: %s\r\n", request->headers[i].name, request->headers[i].value);
  if (n > 0 && (size_t)n < sizeof head)
    n += snprintf(head + n, sizeof head - (size_t)n, "Content-Length: %zu\r\nConnection: close\r\n\r\n",
                  request->body_length);
  if (n <= 0 || (size_t)n >= sizeof head) {
    close(fd);
    return fail_with(answer, COACH_HTTP_UNREACHABLE, "the request head is too long for this test client");
  }
  buffer b = {NULL, 0};
  int sent = send_all(fd, head, (size_t)n) && send_all(fd, request->body, request->body_length);
  int received = sent && read_all(fd, &b);
  close(fd);
  int outcome = received ? hand_over(log, &b, answer)
                         : fail_with(answer, COACH_HTTP_UNREACHABLE, "the connection broke during the exchange");
  free(b.data);
  return outcome;
}
