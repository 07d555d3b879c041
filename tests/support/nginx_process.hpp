// nginx_process.hpp: Debian's nginx as a round-robin load balancer in front of coach-syncd replicas, for tests:
// started in the foreground (daemon off, one process: master_process off, so it never switches user) with its own
// configuration, logs and temporary files in a temporary directory, listening on a free port of 127.0.0.1 only,
// and killed when the object ends. The configuration is the one docs/sync-server-postgres.md recommends.
#pragma once

#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>

extern char** environ;

namespace coach::test {

class NginxProcess {
 public:
  static constexpr const char* kBinary = "/usr/sbin/nginx";

  // `upstreams`: the replicas' ports on 127.0.0.1.
  NginxProcess(std::filesystem::path dir, std::vector<int> upstreams) : dir_(std::move(dir)), upstreams_(std::move(upstreams)) {}
  ~NginxProcess() { stop(); }
  NginxProcess(const NginxProcess&) = delete;
  NginxProcess& operator=(const NginxProcess&) = delete;

  // Starts nginx and waits until /readyz answers through it. False (the error log in log()) when it does not.
  bool start() {
    if (!std::filesystem::exists(kBinary)) {
      log_ = "nginx is not installed (/usr/sbin/nginx): run scripts/install-deps (Debian's nginx package)";
      return false;
    }
    std::filesystem::create_directories(dir_ / "temp");
    port_ = freeLoopbackPort();
    writeConfig();
    std::string binary = kBinary;
    std::vector<std::string> args{binary, "-p", dir_.string(), "-c", (dir_ / "nginx.conf").string(), "-e",
                                  (dir_ / "error.log").string()};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, (dir_ / "stdout.log").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    const int rc = ::posix_spawn(&pid_, kBinary, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
      pid_ = -1;
      return false;
    }
    for (int i = 0; i < 100; ++i) {
      httplib::Client c("127.0.0.1", port_);
      c.set_connection_timeout(1, 0);
      if (auto r = c.Get("/readyz"); r && r->status == 200) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    log_ = readFile(dir_ / "error.log") + readFile(dir_ / "stdout.log");
    return false;
  }
  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string log() const { return log_ + readFile(dir_ / "error.log"); }

 private:
  void writeConfig() const {
    const std::string d = dir_.string();
    std::string servers;
    for (int p : upstreams_) servers += "    server 127.0.0.1:" + std::to_string(p) + " max_fails=1 fail_timeout=2s;\n";
    std::ofstream(dir_ / "nginx.conf")
        << "daemon off;\nmaster_process off;\nworker_processes 1;\npid " << d << "/nginx.pid;\n"
        << "error_log " << d << "/error.log warn;\nevents { worker_connections 512; }\n"
        << "http {\n  access_log off;\n"
        << "  client_body_temp_path " << d << "/temp/body;\n  proxy_temp_path " << d << "/temp/proxy;\n"
        << "  fastcgi_temp_path " << d << "/temp/fastcgi;\n  uwsgi_temp_path " << d << "/temp/uwsgi;\n"
        << "  scgi_temp_path " << d << "/temp/scgi;\n"
        << "  upstream coach_syncd {\n" << servers << "    keepalive 32;\n  }\n"
        << "  server {\n    listen 127.0.0.1:" << port_ << ";\n    client_max_body_size 16m;\n"
        << "    location / {\n      proxy_pass http://coach_syncd;\n      proxy_http_version 1.1;\n"
        << "      proxy_set_header Connection \"\";\n      proxy_set_header X-Forwarded-For $remote_addr;\n"
        << "      proxy_request_buffering on;\n      proxy_buffering off;\n      proxy_read_timeout 60s;\n"
        << "      proxy_next_upstream error timeout http_502 http_503 non_idempotent;\n"
        << "      proxy_next_upstream_tries 2;\n    }\n  }\n}\n";
  }
  static int freeLoopbackPort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    int port = -1;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
      port = ntohs(addr.sin_port);
    }
    ::close(fd);
    return port;
  }
  static std::string readFile(const std::filesystem::path& p) {
    std::ifstream in(p);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

  std::filesystem::path dir_;
  std::vector<int> upstreams_;
  int port_ = -1;
  pid_t pid_ = -1;
  std::string log_;
};

}  // namespace coach::test
