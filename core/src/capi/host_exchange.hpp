// capi/host_exchange.hpp: HostExchange, the HttpExchange (coach/http_transport.hpp) whose bytes a host app
// carries through the coach_host_transport callback of coach/coach.h, and coach_http_answer, the object the
// callback fills through the coach_http_answer_* functions.
//
// The core builds every request (method, URL, headers, JSON body) and decodes every answer; the host only moves
// bytes. So every route of the protocol, present or future, works through a host transport unchanged.
//
// Thread-safety: HttpTransport calls a HostExchange from one thread at a time; the callback runs on that thread.
#pragma once

#include <cstddef>
#include <string>

#include "coach/coach.h"
#include "coach/http_transport.hpp"

// What a host's callback hands back during one exchange (coach_http_answer_* fill it).
struct coach_http_answer {
  coach::HttpAnswer answer;
  bool statusSet = false;
  bool tooLarge = false;     // the body went over `limit`: the rest was dropped
  std::size_t limit = 0;     // HttpOptions::maxResponseBytes
  std::string reason;        // the host's words for why no answer arrived
};

namespace coach::capi {

// The host's text cut to one printable line of at most 300 bytes (it goes into messages).
std::string printable(std::string_view text);

class HostExchange final : public HttpExchange {
 public:
  // `limit` bounds an answer's body (HttpOptions::maxResponseBytes).
  HostExchange(coach_host_transport host, std::size_t limit);

  Result<HttpAnswer> exchange(const HttpRequest& request, HttpFailure& failure) override;

 private:
  static Error noAnswer(int outcome, const coach_http_answer& answer, const std::string& server,
                        std::string_view whatNext, HttpFailure& failure);

  coach_host_transport host_;
  std::size_t limit_;
};

}  // namespace coach::capi
