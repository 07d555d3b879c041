// canned_http_server.hpp: a small HTTP or HTTPS server on 127.0.0.1 (a free port) for the HTTP transport's
// tests. It records every request (method, path, headers, body, the client's port) and answers each
// "METHOD /path" with the canned answer set for it, or a not_found error body.
//
//   CannedServer server;                                   // http; CannedServer(certFile, keyFile) for https
//   server.answer("POST /v1/push", {200, toJson(response).dump()});
//   ... transport with baseUrl = server.url() ...
//   server.requests()                                      // what arrived
//
// holdAnswers() makes every handler wait (after recording the request) until release() or the server's
// destruction, for timeouts. Thread-safety: the server answers on its own threads; every member is safe
// to call from the test's threads.
#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>
#include <httplib.h>

namespace coach::test {

struct RecordedRequest {
  std::string method;
  std::string path;
  bool hasAuthorization = false;
  std::string authorization;
  std::string contentType;
  std::string userAgent;
  std::string body;
  int remotePort = 0;
  std::string accept;
  std::string target;  // the path with its query
};

struct CannedAnswer {
  int status = 200;
  std::string body;
  httplib::Headers headers;  // extra headers (e.g. Retry-After)
  bool chunked = false;      // sent without Content-Length
  std::string contentType = "application/json";
};

class CannedServer {
 public:
  CannedServer() : server_(std::make_unique<httplib::Server>()), scheme_("http") { start(); }
  CannedServer(const std::string& certFile, const std::string& keyFile)
      : server_(std::make_unique<httplib::SSLServer>(certFile.c_str(), keyFile.c_str())), scheme_("https") {
    start();
  }
  ~CannedServer() {
    release();
    // stop() is a no-op before the accept loop runs; wait for it so the join cannot hang.
    while (!server_->is_running()) std::this_thread::yield();
    server_->stop();
    thread_.join();
  }
  CannedServer(const CannedServer&) = delete;
  CannedServer& operator=(const CannedServer&) = delete;

  int port() const { return port_; }
  std::string url() const { return scheme_ + "://127.0.0.1:" + std::to_string(port_); }

  void answer(const std::string& route, CannedAnswer canned) {
    std::lock_guard lock(mu_);
    answers_[route] = std::move(canned);
  }
  std::vector<RecordedRequest> requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }
  void holdAnswers() {
    std::lock_guard lock(mu_);
    hold_ = true;
  }
  void release() {
    {
      std::lock_guard lock(mu_);
      hold_ = false;
    }
    released_.notify_all();
  }

 private:
  void start() {
    REQUIRE(server_->is_valid());
    port_ = server_->bind_to_any_port("127.0.0.1");
    REQUIRE(port_ > 0);
    const auto handler = [this](const httplib::Request& req, httplib::Response& res) { handle(req, res); };
    server_->Get(".*", handler);
    server_->Post(".*", handler);
    thread_ = std::thread([this] { server_->listen_after_bind(); });
  }

  void handle(const httplib::Request& req, httplib::Response& res) {
    CannedAnswer canned{404, R"({"error":{"id":"not_found","message":"no such path"}})", {}, false, "application/json"};
    {
      std::unique_lock lock(mu_);
      requests_.push_back({req.method, req.path, req.has_header("Authorization"), req.get_header_value("Authorization"),
                           req.get_header_value("Content-Type"), req.get_header_value("User-Agent"), req.body,
                           req.remote_port, req.get_header_value("Accept"), req.target});
      released_.wait(lock, [this] { return !hold_; });
      auto it = answers_.find(req.method + " " + req.path);
      if (it != answers_.end()) canned = it->second;
    }
    res.status = canned.status;
    for (const auto& [name, value] : canned.headers) res.set_header(name, value);
    if (!canned.chunked) {
      res.set_content(canned.body, canned.contentType);
      return;
    }
    res.set_chunked_content_provider(canned.contentType, [body = canned.body](std::size_t, httplib::DataSink& sink) {
      const bool written = sink.write(body.data(), body.size());
      sink.done();
      return written;
    });
  }

  std::unique_ptr<httplib::Server> server_;
  std::string scheme_;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mu_;
  std::condition_variable released_;
  std::map<std::string, CannedAnswer> answers_;  // guarded by mu_
  std::vector<RecordedRequest> requests_;        // guarded by mu_
  bool hold_ = false;                            // guarded by mu_
};

}  // namespace coach::test
