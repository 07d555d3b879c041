// echo_server.hpp: the HTTP floor of the benchmarks that talk to coach-syncd (../shared/BENCHMARKS.md): a minimal
// cpp-httplib server in this process on 127.0.0.1 (an ephemeral port) with coach-syncd's socket settings and
// `workers` worker threads. POST /echo answers the request body; GET /bytes/N answers N bytes.
// Thread-safety: construct and destroy on one thread; any thread may send it requests meanwhile.
#pragma once

#include <algorithm>
#include <string>
#include <thread>

#include <httplib.h>

#include "syncd_child.hpp"

namespace coach::bench {

class EchoServer {
 public:
  explicit EchoServer(int workers) : payload_(std::size_t{16} << 20, 'x') {
    server_.set_keep_alive_timeout(2);
    server_.set_keep_alive_max_count(1000);
    server_.set_tcp_nodelay(true);
    server_.new_task_queue = [workers] { return new httplib::ThreadPool(static_cast<std::size_t>(workers)); };
    server_.Post("/echo", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content(req.body, "application/json");
    });
    server_.Get(R"(/bytes/(\d+))", [this](const httplib::Request& req, httplib::Response& res) {
      const std::size_t n = std::min(payload_.size(), static_cast<std::size_t>(std::stoull(req.matches[1].str())));
      res.set_content(payload_.substr(0, n), "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");  // listening from here on: no wait for the thread
    if (port_ <= 0) throw Failure("the echo server cannot listen on 127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~EchoServer() {
    server_.stop();
    thread_.join();
  }
  EchoServer(const EchoServer&) = delete;
  EchoServer& operator=(const EchoServer&) = delete;
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  std::string payload_;
  httplib::Server server_;
  int port_ = -1;
  std::thread thread_;
};

}  // namespace coach::bench
