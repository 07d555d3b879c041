// fuzz_syncd_handlers: coach-syncd's HTTP request handling, from any bytes, without sockets.
//
// The input is the raw bytes a client could send on a connection (request line, headers, body, possibly several
// keep-alive requests). They are fed through a fake stream into cpp-httplib's request processing with the real
// Api installed over a Relay on MemoryStorage that knows one team and one device whose token the seed corpus
// uses, so authenticated routes are reached too. Properties: nothing crashes or throws out; every answer is
// an HTTP response; every non-2xx answer of a /v1 route carries the protocol's JSON error body.
#include <httplib.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "coach/clock.hpp"
#include "relay/memory_storage.hpp"
#include "relay/relay.hpp"
#include "syncd/api.hpp"

namespace {

using namespace coach;  // NOLINT(google-build-using-namespace)

// The device token of the seed corpus: "<token id>.<secret>".
constexpr const char* kTokenId = "0123456789abcdef0123456789abcdef";
constexpr const char* kSecret = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
constexpr const char* kTeam = "a7f2bdacc6558e51362ea593a92fd29c";
constexpr const char* kDevice = "09841540ea3353dc79de4a148b6aef73";

class FuzzStream final : public httplib::Stream {
 public:
  FuzzStream(const std::uint8_t* data, std::size_t size) : in_(reinterpret_cast<const char*>(data), size) {}
  bool is_readable() const override { return true; }
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, std::size_t size) override {
    const std::size_t n = std::min(size, in_.size() - pos_);
    std::copy_n(in_.data() + pos_, n, ptr);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, std::size_t size) override {
    out_.append(ptr, size);
    return static_cast<ssize_t>(size);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 40000;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 8750;
  }
  socket_t socket() const override { return 0; }
  bool exhausted() const { return pos_ >= in_.size(); }
  const std::string& out() const { return out_; }

 private:
  std::string in_;
  std::size_t pos_ = 0;
  std::string out_;
};

class FuzzableServer final : public httplib::Server {
 public:
  void feed(httplib::Stream& stream) {
    bool closed = false;
    (void)process_request(stream, true, closed, nullptr);
  }
};

struct World {
  ManualClock clock{1772442000000};
  relay::MemoryStorage storage;
  relay::Relay relay{storage, clock};
  syncd::Config config;
  std::FILE* devNull = std::fopen("/dev/null", "w");
  syncd::Logger log{syncd::LogLevel::Error, devNull};
  syncd::Api api{relay, config, log, clock};
  FuzzableServer server;
  World() {
    if (!storage.createTeam(relay::TeamRecord{kTeam, "fuzz", 0}).ok()) std::abort();
    relay::DeviceRecord device;
    device.id = kDevice;
    device.signingKey = crypto::Bytes(32, 7);
    device.role = relay::Role::Lead;
    if (!storage.addDevice(kTeam, device, kTokenId, relay::deviceTokenVerifier(kSecret)).ok()) std::abort();
    config.limits.maxBodyBytes = 1 << 20;
    config.limits.deviceBurst = 1e9;  // the fuzzer must not be slowed into 429s
    api.install(server);
  }
};

// Walks the answers written to the stream: each is an HTTP/1.1 response with a Content-Length body (none for
// HEAD), and every answer that is not 2xx carries {"error": {"id", "message"}}.
void checkAnswers(const std::string& out) {
  std::size_t at = 0;
  while (at < out.size()) {
    if (out.compare(at, 9, "HTTP/1.1 ") != 0) std::abort();
    const std::size_t headEnd = out.find("\r\n\r\n", at);
    if (headEnd == std::string::npos) std::abort();
    const std::string head = out.substr(at, headEnd - at);
    const int status = std::atoi(head.c_str() + 9);
    std::size_t length = 0;
    if (const std::size_t cl = head.find("Content-Length: "); cl != std::string::npos) {
      length = std::strtoul(head.c_str() + cl + 16, nullptr, 10);
    }
    const std::size_t bodyAt = headEnd + 4;
    if (bodyAt == out.size() || out.compare(bodyAt, 9, "HTTP/1.1 ") == 0) {  // a HEAD answer: headers only
      at = bodyAt;
      continue;
    }
    const std::string body = out.substr(bodyAt, length);
    if (status >= 300) {
      const nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
      if (!j.is_object() || !j.contains("error") || !j["error"].contains("id") || !j["error"].contains("message")) std::abort();
    }
    at = headEnd + 4 + length;
  }
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): libFuzzer's entry point
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static World world;
  FuzzStream stream(data, size);
  for (int requests = 0; requests < 4 && !stream.exhausted(); ++requests) world.server.feed(stream);
  checkAnswers(stream.out());
  return 0;
}
