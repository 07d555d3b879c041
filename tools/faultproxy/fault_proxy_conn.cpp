// faultproxy/fault_proxy_conn.cpp: one client connection of the fault proxy. Each request is read whole, gets
// the schedule's decision for its number, and is acted on (FaultAction in fault_schedule.hpp). The connection
// to the target is opened when the first request needs it and again after the target closed it (its
// keep-alive ran out, or it was restarted), so a kept-alive client never notices a restarted server by itself.
#include <algorithm>
#include <chrono>
#include <optional>
#include <thread>

#include "fault_proxy_impl.hpp"

namespace coach::faults {
namespace {

class Connection {
 public:
  Connection(FaultProxy::Impl& proxy, Socket client) : p_(proxy), client_(std::move(client)), fromClient_(client_) {}

  void run() {
    for (;;) {
      auto request = fromClient_.read(MessageKind::Request, false, p_.options.idleTimeout, p_.stopping);
      if (!request.ok()) return;  // the client closed, went idle, or sent something that is not HTTP
      if (!act(*request, p_.decideNext())) return;
    }
  }

 private:
  // Acts on one request; false when the connection ends with it.
  bool act(const Message& request, const FaultDecision& d) {
    switch (d.action) {
      case FaultAction::Drop:
        ++p_.counters.dropped;
        return false;  // client_ closes (FIN) when the thread ends; nothing reached the target
      case FaultAction::TruncateRequest: {
        ++p_.counters.truncatedRequests;
        if (ensureTarget()) send(target_, request.bytes.substr(0, cut(request.bytes.size(), d)), p_.counters.bytesToTarget);
        return false;
      }
      case FaultAction::Delay:
        ++p_.counters.delayed;
        sleep(d.delayMillis);
        break;
      case FaultAction::Duplicate:
        ++p_.counters.duplicates;
        sendAside(request);
        break;
      case FaultAction::TruncateResponse:
      case FaultAction::Reset:
      case FaultAction::Pass:
        break;
    }
    auto answer = forward(request);
    if (!answer) return false;
    if (d.action == FaultAction::TruncateResponse) {
      ++p_.counters.truncatedResponses;
      send(client_, answer->bytes.substr(0, cut(answer->bytes.size(), d)), p_.counters.bytesToClient);
      return false;
    }
    if (d.action == FaultAction::Reset) {
      ++p_.counters.resets;
      client_.reset();  // the target did the work; its answer is lost
      return false;
    }
    if (d.action == FaultAction::Pass) ++p_.counters.passed;
    if (!send(client_, answer->bytes, p_.counters.bytesToClient)) return false;
    return !answer->closeAfter && !request.closeAfter;
  }

  static std::size_t cut(std::size_t size, const FaultDecision& d) {
    if (size <= 1) return 0;
    return std::clamp<std::size_t>(size * d.keepPerMille / 1000, 1, size - 1);
  }

  static bool send(const Socket& s, std::string_view bytes, std::atomic<std::uint64_t>& counter) {
    const bool ok = s.sendAll(bytes);
    if (ok) counter += bytes.size();
    return ok;
  }

  void sleep(std::uint32_t millis) const {
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(millis);
    while (!p_.stopping && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(std::chrono::milliseconds(20),
                                                                                until - std::chrono::steady_clock::now()));
    }
  }

  bool ensureTarget() {
    if (target_.valid() && !target_.peerClosed()) return true;
    auto s = Socket::connectLoopback(p_.targetPort);
    if (!s.ok()) {
      ++p_.counters.targetFailures;
      return false;
    }
    target_ = std::move(s).value();
    fromTarget_ = std::make_unique<MessageReader>(target_);
    return true;
  }

  // The request to the target and its whole answer; nullopt (counted) when the target fails.
  std::optional<Message> forward(const Message& request) {
    if (!ensureTarget() || !send(target_, request.bytes, p_.counters.bytesToTarget)) {
      if (target_.valid()) ++p_.counters.targetFailures;
      target_.close();
      return std::nullopt;
    }
    auto answer = fromTarget_->read(MessageKind::Response, request.isHead, p_.options.idleTimeout, p_.stopping);
    if (!answer.ok()) {
      ++p_.counters.targetFailures;
      target_.close();
      return std::nullopt;
    }
    if (answer->closeAfter) target_.close();
    return std::move(answer).value();
  }

  // The duplicate: the same bytes on a connection of its own, its answer read and thrown away.
  void sendAside(const Message& request) {
    auto s = Socket::connectLoopback(p_.targetPort);
    if (!s.ok() || !send(*s, request.bytes, p_.counters.bytesToTarget)) return;
    MessageReader reader(*s);
    (void)reader.read(MessageKind::Response, request.isHead, p_.options.idleTimeout, p_.stopping);
  }

  FaultProxy::Impl& p_;
  Socket client_;
  MessageReader fromClient_;
  Socket target_;
  std::unique_ptr<MessageReader> fromTarget_;
};

}  // namespace

void FaultProxy::Impl::serve(Socket client) {
  Connection c(*this, std::move(client));
  c.run();
}

}  // namespace coach::faults
