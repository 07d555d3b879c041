// faultproxy/http_framing.cpp: MessageReader, the end of one HTTP/1.1 message on a stream (http_framing.hpp).
// Framing follows RFC 9112 section 6: no body for HEAD answers, 1xx, 204 and 304; else chunked, else
// Content-Length, else (answers only) until the connection closes; a request without either has no body.
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>

#include "http_framing.hpp"

namespace coach::faults {
namespace {

constexpr std::size_t kMaxHead = 64 * 1024;
constexpr std::size_t kMaxBody = 256u * 1024 * 1024;

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

Error notHttp(std::string_view why) {
  return makeError(ErrorCode::InvalidArgument, "the stream is not HTTP/1.x the proxy can frame: " + std::string(why));
}

struct Head {
  bool chunked = false;
  bool hasLength = false;
  std::size_t length = 0;
  bool close = false;
};

Result<Head> parseHead(std::string_view head, Message& m, MessageKind kind) {
  const std::size_t firstEnd = head.find("\r\n");
  const std::string_view first = head.substr(0, firstEnd);
  Head h;
  if (kind == MessageKind::Response) {
    if (first.substr(0, 5) != "HTTP/" || first.size() < 12) return notHttp("no status line");
    const std::string_view code = first.substr(9, 3);
    if (std::from_chars(code.data(), code.data() + 3, m.status).ec != std::errc()) return notHttp("no status code");
    h.close = first.substr(0, 8) == "HTTP/1.0";
  } else {
    if (first.find(" HTTP/1.") == std::string_view::npos) return notHttp("no request line");
    m.isHead = first.substr(0, 5) == "HEAD ";
    h.close = first.ends_with("HTTP/1.0");
  }
  for (std::size_t pos = firstEnd + 2; pos < head.size();) {
    const std::size_t end = std::min(head.find("\r\n", pos), head.size());
    const std::string_view line = head.substr(pos, end - pos);
    pos = end + 2;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string name = lower(trim(line.substr(0, colon)));
    const std::string value = lower(trim(line.substr(colon + 1)));
    if (name == "transfer-encoding" && value.find("chunked") != std::string::npos) h.chunked = true;
    if (name == "connection" && value.find("close") != std::string::npos) h.close = true;
    if (name == "connection" && value.find("keep-alive") != std::string::npos) h.close = false;
    if (name == "content-length") {
      const auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), h.length);
      if (ec != std::errc() || p != value.data() + value.size() || h.length > kMaxBody) return notHttp("bad Content-Length");
      h.hasLength = true;
    }
  }
  return h;
}

}  // namespace

Result<std::size_t> MessageReader::fill(std::chrono::milliseconds idle, const std::atomic<bool>& stop) {
  const auto deadline = std::chrono::steady_clock::now() + idle;
  for (;;) {
    if (stop) return makeError(ErrorCode::Unavailable, "the proxy is stopping");
    pollfd p{socket_.fd(), POLLIN, 0};
    const int ready = ::poll(&p, 1, 100);
    if (ready < 0 && errno != EINTR) return makeError(ErrorCode::Unavailable, "waiting for data failed");
    if (ready > 0) break;
    if (std::chrono::steady_clock::now() > deadline) return makeError(ErrorCode::Unavailable, "nothing arrived in time");
  }
  char buf[16384];
  ssize_t n = 0;
  do {
    n = ::recv(socket_.fd(), buf, sizeof buf, 0);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return makeError(ErrorCode::Unavailable, "the connection failed while reading");
  buffer_.append(buf, static_cast<std::size_t>(n));
  return static_cast<std::size_t>(n);
}

Result<Message> MessageReader::read(MessageKind kind, bool requestWasHead, std::chrono::milliseconds idle,
                                    const std::atomic<bool>& stop) {
  Message m;
  std::size_t headEnd = std::string::npos;
  while ((headEnd = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (buffer_.size() > kMaxHead) return notHttp("a head over 64 KiB");
    COACH_ASSIGN_OR_RETURN(std::size_t got, fill(idle, stop));
    if (got == 0) {
      if (buffer_.empty()) return makeError(ErrorCode::NotFound, "the peer closed the connection");
      return makeError(ErrorCode::Unavailable, "the peer closed the connection within a message head");
    }
  }
  m.headBytes = headEnd + 4;
  COACH_ASSIGN_OR_RETURN(Head h, parseHead(std::string_view(buffer_).substr(0, headEnd + 2), m, kind));
  m.closeAfter = h.close;
  m.bytes = buffer_.substr(0, m.headBytes);
  buffer_.erase(0, m.headBytes);
  const bool noBody = kind == MessageKind::Response &&
                      (requestWasHead || m.status / 100 == 1 || m.status == 204 || m.status == 304);
  if (noBody) return m;
  if (h.chunked) {
    COACH_TRY(readChunked(m, idle, stop));
  } else if (h.hasLength) {
    COACH_TRY(readBody(m, h.length, idle, stop));
  } else if (kind == MessageKind::Response) {
    m.closeAfter = true;
    COACH_TRY(readToEnd(m, idle, stop));
  }
  return m;
}

Status MessageReader::readBody(Message& m, std::size_t length, std::chrono::milliseconds idle,
                               const std::atomic<bool>& stop) {
  while (buffer_.size() < length) {
    COACH_ASSIGN_OR_RETURN(std::size_t got, fill(idle, stop));
    if (got == 0) return makeError(ErrorCode::Unavailable, "the peer closed the connection within a body");
  }
  m.bytes.append(buffer_, 0, length);
  buffer_.erase(0, length);
  return {};
}

Status MessageReader::readChunked(Message& m, std::chrono::milliseconds idle, const std::atomic<bool>& stop) {
  for (;;) {
    std::size_t lineEnd = std::string::npos;
    while ((lineEnd = buffer_.find("\r\n")) == std::string::npos) {
      if (buffer_.size() > kMaxHead) return notHttp("a chunk size line over 64 KiB");
      COACH_ASSIGN_OR_RETURN(std::size_t got, fill(idle, stop));
      if (got == 0) return makeError(ErrorCode::Unavailable, "the peer closed the connection within a chunk");
    }
    std::size_t size = 0;
    const auto [p, ec] = std::from_chars(buffer_.data(), buffer_.data() + lineEnd, size, 16);
    if (ec != std::errc() || size > kMaxBody || m.bytes.size() > kMaxBody) return notHttp("a bad chunk size");
    (void)p;
    if (size == 0) {
      // The last chunk, then trailers up to a blank line.
      std::size_t end = std::string::npos;
      while ((end = buffer_.find("\r\n\r\n", lineEnd)) == std::string::npos) {
        if (buffer_.size() > kMaxHead) return notHttp("trailers over 64 KiB");
        COACH_ASSIGN_OR_RETURN(std::size_t got, fill(idle, stop));
        if (got == 0) return makeError(ErrorCode::Unavailable, "the peer closed the connection within trailers");
      }
      m.bytes.append(buffer_, 0, end + 4);
      buffer_.erase(0, end + 4);
      return {};
    }
    COACH_TRY(readBody(m, lineEnd + 2 + size + 2, idle, stop));
  }
}

Status MessageReader::readToEnd(Message& m, std::chrono::milliseconds idle, const std::atomic<bool>& stop) {
  for (;;) {
    m.bytes += buffer_;
    buffer_.clear();
    if (m.bytes.size() > kMaxBody) return notHttp("a body over 256 MiB");
    COACH_ASSIGN_OR_RETURN(std::size_t got, fill(idle, stop));
    if (got == 0) return {};
  }
}

}  // namespace coach::faults
