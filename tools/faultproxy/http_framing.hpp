// faultproxy/http_framing.hpp: just enough HTTP/1.1 to find where one message ends on a byte stream, so the
// fault proxy can act per request (drop it, cut it, send it twice) on a kept-alive connection.
//
// Provides Socket (an owned file descriptor with loopback listen/connect, a full send, and a reset that sends
// RST), and MessageReader, which reads one request or response from a socket: the head up to the blank line,
// then the body by Content-Length, chunked transfer coding, or (responses only) until the peer closes. The
// message comes back as the exact bytes received, to forward unchanged. Nothing is interpreted beyond
// framing; a head over 64 KiB or a body over 256 MiB is refused.
//
// Thread-safety: a Socket or MessageReader is used by one thread at a time. Reads wait in steps of 100 ms and
// give up when the caller's stop flag is set, so nothing blocks a stopping proxy for long.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "coach/result.hpp"

namespace coach::faults {

class Socket {
 public:
  Socket() = default;
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket() { close(); }
  Socket(Socket&& other) noexcept : fd_(other.fd_.exchange(-1)) {}
  Socket& operator=(Socket&& other) noexcept;
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  // A socket listening on 127.0.0.1:port (0: a free port, see localPort()).
  static Result<Socket> listenLoopback(std::uint16_t port);
  // A connection to 127.0.0.1:port. There is deliberately no way to name another host.
  static Result<Socket> connectLoopback(std::uint16_t port);

  int fd() const { return fd_.load(); }
  bool valid() const { return fd() >= 0; }
  std::uint16_t localPort() const;
  // Sends every byte (MSG_NOSIGNAL); false when the peer is gone.
  bool sendAll(std::string_view bytes) const;
  // Closes with SO_LINGER {1, 0}: the peer gets RST instead of FIN.
  void reset();
  // True when the peer has closed or reset the connection (checked without blocking or consuming data).
  bool peerClosed() const;
  void close();

 private:
  std::atomic<int> fd_{-1};
};

enum class MessageKind { Request, Response };

struct Message {
  std::string bytes;        // head and body exactly as received
  std::size_t headBytes = 0;
  bool closeAfter = false;  // "Connection: close" (or an answer framed by the end of the stream)
  bool isHead = false;      // a HEAD request (its answer has no body)
  int status = 0;           // responses: the status code
};

class MessageReader {
 public:
  explicit MessageReader(const Socket& socket) : socket_(socket) {}
  // The next message. NotFound when the stream ended cleanly before a new message began; Unavailable when it
  // ended or failed within one, or nothing came for `idle`; InvalidArgument when it is not HTTP/1.x framing.
  // `requestWasHead` tells a response reader that the request was HEAD. `stop` ends the wait early.
  Result<Message> read(MessageKind kind, bool requestWasHead, std::chrono::milliseconds idle,
                       const std::atomic<bool>& stop);

 private:
  Result<std::size_t> fill(std::chrono::milliseconds idle, const std::atomic<bool>& stop);
  Status readBody(Message& m, std::size_t length, std::chrono::milliseconds idle, const std::atomic<bool>& stop);
  Status readChunked(Message& m, std::chrono::milliseconds idle, const std::atomic<bool>& stop);
  Status readToEnd(Message& m, std::chrono::milliseconds idle, const std::atomic<bool>& stop);

  const Socket& socket_;
  std::string buffer_;  // received bytes not yet handed out
};

}  // namespace coach::faults
