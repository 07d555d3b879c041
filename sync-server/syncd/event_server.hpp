// syncd/event_server.hpp: coach-syncd's plain-HTTP listener: cpp-httplib's request handling (parsing, routing,
// the Api's handlers, answers) with a connection model of our own, so that a worker thread is held only while a
// request is read and answered, never while a kept-alive connection waits idle for the next request.
//
// Why: cpp-httplib 0.11 hands every accepted connection to one pool thread for the connection's whole life,
// idle keep-alive waits included. With 16 workers and 100 devices that keep their connection between syncs, 84
// devices waited in the pool's queue in waves (sync p99 16 s while the server's own time per request was 5-20
// ms; docs/BENCHMARKS.md). Here:
//   - the accept loop stays cpp-httplib's (Server::listen_after_bind), but its task queue runs the "process this
//     socket" step inline, and that step (process_and_close_socket, overridden) only registers the socket;
//   - one poller thread watches every idle connection with epoll (one-shot), closes those idle longer than the
//     keep-alive time, and puts a connection that has bytes to read on a ready queue;
//   - `workers` threads take ready connections, answer the requests whose bytes are there (Server::
//     process_request, the seam the fuzz target uses too) and give the connection back to the poller;
//   - a connection above `maxConnections` gets a 503 with Retry-After and is closed; the listen backlog is
//     raised from cpp-httplib's compiled-in 5 (a burst of devices would otherwise wait for SYN retries).
// Open connections cost a file descriptor and a few hundred bytes, not a thread.
//
// It lives in a header because the coach-syncd target's source list is not ours to change; server.cpp is the
// only file that includes it.
//
// Thread-safety: configure before listen; stop() (httplib::Server::stop) from any thread. Internally `mu_`
// guards the connection table and the ready queue; a connection's bytes are touched only by the one worker
// that took it from the queue (its state is Busy), or under `mu_` while it is Parked.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <httplib.h>

namespace coach::syncd {

struct EventServerOptions {
  int workers = 16;                 // threads answering requests
  int keepAliveSeconds = 2;         // an idle connection is closed after this long
  std::size_t keepAliveMaxCount = 1000;  // requests on one connection, then it is closed
  int readTimeoutSeconds = 30;      // a started request must keep arriving within this
  int writeTimeoutSeconds = 30;
  std::size_t maxConnections = 10000;  // open connections; more get 503 and are closed
  int backlog = 4096;               // listen(2) backlog (the kernel caps it at net.core.somaxconn)
};

// What the listener counts, for /metrics. Thread-safe (atomics).
struct ConnectionCounters {
  std::atomic<std::int64_t> open{0};
  std::atomic<std::int64_t> busy{0};  // connections a worker is answering right now
  std::atomic<std::uint64_t> accepted{0};
  std::atomic<std::uint64_t> refused{0};  // over maxConnections
};

namespace event_detail {

using Clock = std::chrono::steady_clock;

// Waits up to `millis` for `events` on `fd`; true when they are there.
inline bool waitFor(int fd, short events, int millis) {
  pollfd p{fd, events, 0};
  for (;;) {
    const int n = ::poll(&p, 1, millis);
    if (n >= 0) return n > 0;
    if (errno != EINTR) return false;
  }
}

inline void addressOf(const sockaddr_storage& a, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (a.ss_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(&a);
    ::inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text);
    port = ntohs(v4->sin_port);
  } else if (a.ss_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&a);
    ::inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text);
    port = ntohs(v6->sin6_port);
  }
  ip = text;
}

enum class State : std::uint8_t { Parked, Ready, Busy };

struct Conn {
  std::uint64_t id = 0;
  int fd = -1;
  State state = State::Busy;
  std::string remoteIp, localIp;
  int remotePort = 0, localPort = 0;
  std::string buffer;  // bytes read ahead of the parser (cpp-httplib reads header lines a byte at a time)
  std::size_t pos = 0;
  std::size_t served = 0;
  bool refuse = false;  // over the connection limit: answered 503 as soon as its request arrives
  Clock::time_point idleSince;
  ~Conn() {
    if (fd >= 0) ::close(fd);
  }
  bool buffered() const { return pos < buffer.size(); }
};

// cpp-httplib's view of one connection while a worker answers it: reads through the connection's read-ahead
// buffer, waits for bytes at most the read timeout, writes with MSG_NOSIGNAL within the write timeout.
class ConnStream final : public httplib::Stream {
 public:
  ConnStream(Conn& c, int readMillis, int writeMillis) : c_(c), readMillis_(readMillis), writeMillis_(writeMillis) {}
  bool is_readable() const override { return c_.buffered() || waitFor(c_.fd, POLLIN, readMillis_); }
  bool is_writable() const override { return waitFor(c_.fd, POLLOUT, writeMillis_); }
  ssize_t read(char* ptr, std::size_t size) override {
    if (!c_.buffered()) {
      if (!waitFor(c_.fd, POLLIN, readMillis_)) return -1;
      c_.buffer.resize(kReadAhead);
      ssize_t n = -1;
      do {
        n = ::recv(c_.fd, c_.buffer.data(), kReadAhead, 0);
      } while (n < 0 && errno == EINTR);
      c_.buffer.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
      c_.pos = 0;
      if (n <= 0) return n;
    }
    const std::size_t take = std::min(size, c_.buffer.size() - c_.pos);
    std::copy_n(c_.buffer.data() + c_.pos, take, ptr);
    c_.pos += take;
    return static_cast<ssize_t>(take);
  }
  ssize_t write(const char* ptr, std::size_t size) override {
    if (!is_writable()) return -1;
    ssize_t n = -1;
    do {
      n = ::send(c_.fd, ptr, size, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    return n;
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = c_.remoteIp;
    port = c_.remotePort;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = c_.localIp;
    port = c_.localPort;
  }
  socket_t socket() const override { return c_.fd; }

 private:
  static constexpr std::size_t kReadAhead = 16 * 1024;
  Conn& c_;
  int readMillis_, writeMillis_;
};

}  // namespace event_detail

class EventServer final : public httplib::Server {
 public:
  explicit EventServer(EventServerOptions options) : options_(options) {
    // cpp-httplib calls this when listening starts; its queue hands each accepted socket to adopt() at once.
    new_task_queue = [this] { return new InlineQueue(*this); };
  }
  ~EventServer() override { shutdownLoop(); }
  EventServer(const EventServer&) = delete;
  EventServer& operator=(const EventServer&) = delete;

  // After bind_to_port / bind_to_any_port: a backlog that holds a burst of devices connecting at once.
  bool raiseBacklog() const { return svr_sock_ != INVALID_SOCKET && ::listen(svr_sock_, options_.backlog) == 0; }
  const ConnectionCounters& counters() const { return counters_; }

 private:
  using Conn = event_detail::Conn;
  using State = event_detail::State;

  class InlineQueue final : public httplib::TaskQueue {
   public:
    explicit InlineQueue(EventServer& s) : s_(s) { s_.startLoop(); }
    void enqueue(std::function<void()> fn) override { fn(); }
    void shutdown() override { s_.shutdownLoop(); }

   private:
    EventServer& s_;
  };

  // Called inline on the accept thread for every accepted socket (httplib::Server's private virtual).
  bool process_and_close_socket(socket_t sock) override {
    adopt(sock);
    return true;
  }

  void startLoop() {
    std::lock_guard lock(mu_);
    if (running_) return;
    stopping_ = false;
    pollerStop_ = false;
    epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
    wake_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = 0;  // connection ids start at 1
    ::epoll_ctl(epoll_, EPOLL_CTL_ADD, wake_, &ev);
    running_ = true;
    poller_ = std::thread([this] { pollLoop(); });
    for (int i = 0; i < std::max(1, options_.workers); ++i) workers_.emplace_back([this] { workLoop(); });
  }

  // Stops taking connections: idle ones are closed at once, requests already arriving are answered (with
  // Connection: close), then the threads end. Idempotent.
  void shutdownLoop() {
    {
      std::lock_guard lock(mu_);
      if (!running_) return;
      stopping_ = true;
      std::erase_if(conns_, [](const auto& e) { return e.second->state == State::Parked; });
      counters_.open = static_cast<std::int64_t>(conns_.size());
    }
    ready_cv_.notify_all();
    for (auto& w : workers_) w.join();
    workers_.clear();
    pollerStop_ = true;
    const std::uint64_t one = 1;
    (void)!::write(wake_, &one, sizeof one);
    poller_.join();
    std::lock_guard lock(mu_);
    conns_.clear();
    counters_.open = 0;
    ::close(epoll_);
    ::close(wake_);
    running_ = false;
  }

  void adopt(int fd) {
    ++counters_.accepted;
    auto c = std::make_unique<Conn>();
    c->fd = fd;
    const int on = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    sockaddr_storage a{};
    socklen_t len = sizeof a;
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0) event_detail::addressOf(a, c->remoteIp, c->remotePort);
    len = sizeof a;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0) event_detail::addressOf(a, c->localIp, c->localPort);
    std::lock_guard lock(mu_);
    if (stopping_ || conns_.size() >= options_.maxConnections + kRefusing) {
      ++counters_.refused;
      return;  // ~Conn closes it: not even a 503 can be afforded
    }
    c->refuse = conns_.size() >= options_.maxConnections;
    if (c->refuse) ++counters_.refused;
    c->id = nextId_++;
    park(*c);
    conns_.emplace(c->id, std::move(c));
    counters_.open = static_cast<std::int64_t>(conns_.size());
  }

  // Too many connections: reads what the client sent (closing with unread bytes would reset the connection and
  // lose the answer), then says so in the protocol's error body and closes.
  static void refuse(Conn& c) {
    static const std::string kBody =
        R"json({"error":{"id":"unavailable","message":"the server has too many open connections; retry in a second (COACH_SYNCD_MAX_CONNECTIONS)"}})json";
    static const std::string kAnswer =
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: 1\r\nConnection: close\r\n"
        "Content-Length: " + std::to_string(kBody.size()) + "\r\n\r\n" + kBody;
    char sink[16 * 1024];
    while (::recv(c.fd, sink, sizeof sink, MSG_DONTWAIT) > 0) {
    }
    (void)!::send(c.fd, kAnswer.data(), kAnswer.size(), MSG_NOSIGNAL);
    ::shutdown(c.fd, SHUT_WR);
  }

  // Under mu_: hands the connection to the poller until its next bytes arrive.
  void park(Conn& c) {
    c.state = State::Parked;
    std::string().swap(c.buffer);  // nothing is buffered here; an idle connection keeps no read-ahead memory
    c.pos = 0;
    c.idleSince = event_detail::Clock::now();
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
    ev.data.u64 = c.id;
    if (::epoll_ctl(epoll_, EPOLL_CTL_MOD, c.fd, &ev) != 0) ::epoll_ctl(epoll_, EPOLL_CTL_ADD, c.fd, &ev);
  }

  void pollLoop() {
    std::vector<epoll_event> events(512);
    auto lastSweep = event_detail::Clock::now();
    for (;;) {
      const int n = ::epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), 200);
      if (pollerStop_) return;
      std::unique_lock lock(mu_);
      bool woke = false;
      for (int i = 0; i < n; ++i) {
        const auto it = conns_.find(events[static_cast<std::size_t>(i)].data.u64);
        if (it == conns_.end() || it->second->state != State::Parked) continue;  // the wake fd, or closed since
        it->second->state = State::Ready;
        ready_.push_back(it->second.get());
        woke = true;
      }
      const auto now = event_detail::Clock::now();
      if (now - lastSweep > std::chrono::milliseconds(250)) {
        lastSweep = now;
        const auto idleLimit = std::chrono::seconds(options_.keepAliveSeconds);
        std::erase_if(conns_, [&](const auto& e) {
          return e.second->state == State::Parked && now - e.second->idleSince > idleLimit;
        });
        counters_.open = static_cast<std::int64_t>(conns_.size());
      }
      lock.unlock();
      if (woke) ready_cv_.notify_all();
    }
  }

  void workLoop() {
    std::unique_lock lock(mu_);
    for (;;) {
      ready_cv_.wait(lock, [&] { return !ready_.empty() || stopping_; });
      if (ready_.empty()) return;  // stopping, and nothing left that was already arriving
      Conn* c = ready_.front();
      ready_.pop_front();
      c->state = State::Busy;
      ++counters_.busy;
      lock.unlock();
      const bool keep = answer(*c);
      lock.lock();
      --counters_.busy;
      if (keep && !stopping_ && c->buffered()) {  // requests already read ahead: queue again, no bytes will wake it
        c->state = State::Ready;
        ready_.push_back(c);
        ready_cv_.notify_one();
      } else if (keep && !stopping_) {
        park(*c);
      } else {
        conns_.erase(c->id);
        counters_.open = static_cast<std::int64_t>(conns_.size());
      }
    }
  }

  // Answers the requests whose bytes are there (a few at most, then the connection queues again). False when
  // the connection is to be closed.
  bool answer(Conn& c) {
    if (c.refuse) {
      refuse(c);
      return false;
    }
    event_detail::ConnStream stream(c, options_.readTimeoutSeconds * 1000, options_.writeTimeoutSeconds * 1000);
    for (int i = 0; i < 4; ++i) {
      const bool last = stopping_ || c.served + 1 >= options_.keepAliveMaxCount;
      bool clientClosed = false;
      const bool ok = process_request(stream, last, clientClosed, nullptr);
      ++c.served;
      if (!ok || last || clientClosed) return false;
      if (!c.buffered() && !event_detail::waitFor(c.fd, POLLIN, 0)) return true;
    }
    return true;
  }

  // Connections over the limit that are still answered with a 503 (beyond these they are closed at once).
  static constexpr std::size_t kRefusing = 256;

  EventServerOptions options_;
  ConnectionCounters counters_;
  std::mutex mu_;
  std::condition_variable ready_cv_;
  bool running_ = false;              // guarded by mu_
  std::atomic<bool> stopping_{false};  // set under mu_; answer() reads it to close instead of keeping alive
  std::atomic<bool> pollerStop_{false};
  std::unordered_map<std::uint64_t, std::unique_ptr<Conn>> conns_;  // guarded by mu_
  std::deque<Conn*> ready_;     // guarded by mu_
  std::uint64_t nextId_ = 1;    // guarded by mu_
  int epoll_ = -1, wake_ = -1;
  std::thread poller_;
  std::vector<std::thread> workers_;
};

}  // namespace coach::syncd
