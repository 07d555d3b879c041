// faultproxy/fault_proxy.cpp: FaultProxy's life: the loopback-only target check, listening, the accept loop,
// the connection threads, counters and stopping (fault_proxy.hpp). Per-request faults: fault_proxy_conn.cpp.
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <charconv>

#include "fault_proxy_impl.hpp"

namespace coach::faults {

nlohmann::json FaultCounters::toJson() const {
  return {{"connections", connections},
          {"requests", requests},
          {"passed", passed},
          {"delayed", delayed},
          {"dropped", dropped},
          {"truncated_requests", truncatedRequests},
          {"truncated_responses", truncatedResponses},
          {"resets", resets},
          {"duplicates", duplicates},
          {"target_failures", targetFailures},
          {"bytes_to_target", bytesToTarget},
          {"bytes_to_client", bytesToClient}};
}

Result<std::uint16_t> parseLoopbackTarget(std::string_view target) {
  std::string_view port = target;
  if (const std::size_t colon = target.rfind(':'); colon != std::string_view::npos) {
    if (target.substr(0, colon) != "127.0.0.1") {
      return makeError(ErrorCode::InvalidArgument,
                       "the fault proxy only forwards to 127.0.0.1, not to '" + std::string(target.substr(0, colon)) +
                           "': give the target as 127.0.0.1:PORT");
    }
    port = target.substr(colon + 1);
  }
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) {
    return makeError(ErrorCode::InvalidArgument,
                     "the target port '" + std::string(port) + "' is not a number from 1 to 65535: give 127.0.0.1:PORT");
  }
  return static_cast<std::uint16_t>(value);
}

FaultProxy::FaultProxy(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

FaultProxy::~FaultProxy() { stop(); }

Result<std::unique_ptr<FaultProxy>> FaultProxy::start(FaultProxyOptions options) {
  if (options.profile.total() > 1000) {
    return makeError(ErrorCode::InvalidArgument, "the fault chances add up to more than 1000 per-mille: lower them");
  }
  auto impl = std::make_unique<Impl>();
  COACH_ASSIGN_OR_RETURN(impl->targetPort, parseLoopbackTarget(options.target));
  COACH_ASSIGN_OR_RETURN(impl->listener, Socket::listenLoopback(options.listenPort));
  impl->port = impl->listener.localPort();
  impl->schedule = FaultSchedule(options.seed, options.profile);
  impl->options = std::move(options);
  Impl* raw = impl.get();
  impl->acceptor = std::thread([raw] { raw->acceptLoop(); });
  return std::unique_ptr<FaultProxy>(new FaultProxy(std::move(impl)));
}

void FaultProxy::Impl::acceptLoop() {
  while (!stopping) {
    pollfd p{listener.fd(), POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    const int fd = ::accept4(listener.fd(), nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    ++counters.connections;
    reapFinished();
    auto done = std::make_shared<std::atomic<bool>>(false);
    std::lock_guard lock(mu);
    conns.push_back(Conn{std::thread([this, fd, done] {
                           serve(Socket(fd));
                           *done = true;
                         }),
                         done});
  }
}

void FaultProxy::Impl::reapFinished() {
  std::list<Conn> finished;
  {
    std::lock_guard lock(mu);
    for (auto it = conns.begin(); it != conns.end();) {
      if (*it->done) {
        finished.splice(finished.end(), conns, it++);
      } else {
        ++it;
      }
    }
  }
  for (Conn& c : finished) c.thread.join();
}

FaultDecision FaultProxy::Impl::decideNext() {
  std::lock_guard lock(mu);
  const FaultDecision d = schedule.decide(decisions.size());
  decisions.push_back(d.action);
  ++counters.requests;
  return d;
}

void FaultProxy::stop() {
  if (impl_->stopping.exchange(true)) return;
  if (impl_->acceptor.joinable()) impl_->acceptor.join();
  std::list<Impl::Conn> all;
  {
    std::lock_guard lock(impl_->mu);
    all.swap(impl_->conns);
  }
  for (Impl::Conn& c : all) c.thread.join();
  impl_->listener.close();
}

std::uint16_t FaultProxy::port() const { return impl_->port; }

std::string FaultProxy::url() const { return "http://127.0.0.1:" + std::to_string(impl_->port); }

FaultCounters FaultProxy::counters() const {
  const AtomicCounters& a = impl_->counters;
  FaultCounters c;
  c.connections = a.connections;
  c.requests = a.requests;
  c.passed = a.passed;
  c.delayed = a.delayed;
  c.dropped = a.dropped;
  c.truncatedRequests = a.truncatedRequests;
  c.truncatedResponses = a.truncatedResponses;
  c.resets = a.resets;
  c.duplicates = a.duplicates;
  c.targetFailures = a.targetFailures;
  c.bytesToTarget = a.bytesToTarget;
  c.bytesToClient = a.bytesToClient;
  return c;
}

std::vector<FaultAction> FaultProxy::decisions() const {
  std::lock_guard lock(impl_->mu);
  return impl_->decisions;
}

}  // namespace coach::faults
