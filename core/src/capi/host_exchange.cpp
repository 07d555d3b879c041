// capi/host_exchange.cpp: HostExchange and the coach_http_answer_* functions (capi/host_exchange.hpp).
//
// The host's words (coach_http_answer_set_reason) go into an error message, so they are cut to one line of
// printable text and a bounded length; the host is asked (docs/capi.md) never to put a token or body there.
//
// Thread-safety: see the header.
#include "capi/host_exchange.hpp"

#include <algorithm>
#include <vector>

#include "capi/capi_support.hpp"

namespace coach::capi {

constexpr std::size_t kMaxReason = 300;

// One line of at most kMaxReason bytes: control characters become spaces.
std::string printable(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, kMaxReason)) out += (c >= ' ' && c != 0x7f) || (c & 0x80) != 0 ? c : ' ';
  return out;
}

namespace {

const char* methodText(HttpMethod method) {
  return method == HttpMethod::Post ? "POST" : "GET";
}

}  // namespace

HostExchange::HostExchange(coach_host_transport host, std::size_t limit) : host_(host), limit_(limit) {}

Result<HttpAnswer> HostExchange::exchange(const HttpRequest& request, HttpFailure& failure) {
  std::vector<coach_http_header> headers;
  headers.reserve(request.headers.size());
  for (const HttpHeader& h : request.headers) headers.push_back({h.name.c_str(), h.value.c_str()});
  const coach_http_request c{methodText(request.method),
                             request.url.c_str(),
                             request.path.c_str(),
                             headers.data(),
                             headers.size(),
                             request.body.data(),
                             request.body.size()};
  // "https://host:port", as HttpTransport names the server: the URL without the path.
  const std::string server = request.url.substr(0, request.url.size() - std::min(request.url.size(), request.path.size()));
  coach_http_answer answer;
  answer.limit = limit_;
  const int outcome = host_.exchange(host_.user_data, &c, &answer);
  if (outcome != COACH_HTTP_ANSWERED) return noAnswer(outcome, answer, server, request.whatNext, failure);
  if (answer.tooLarge) {
    failure = HttpFailure::AnswerTooLarge;
    return makeError(ErrorCode::PayloadTooLarge, "the answer of the sync server at " + server +
                                                     " is larger than this device accepts (" +
                                                     std::to_string(limit_) +
                                                     " bytes), so it was dropped: ask your admin to check the server");
  }
  if (!answer.statusSet) {
    failure = HttpFailure::BadAnswer;
    return makeError(ErrorCode::Internal,
                     "the app's transport reported an answer from " + server +
                         " without its HTTP status (coach_http_answer_set_status was not called): a bug in the app");
  }
  failure = HttpFailure::None;
  return std::move(answer.answer);
}

Error HostExchange::noAnswer(int outcome, const coach_http_answer& answer, const std::string& server,
                             std::string_view whatNext, HttpFailure& failure) {
  const std::string why = answer.reason.empty() ? std::string{} : " (" + answer.reason + ")";
  switch (outcome) {
    case COACH_HTTP_CERTIFICATE:
      failure = HttpFailure::Certificate;
      return makeError(ErrorCode::Unavailable,
                       "the certificate of the sync server at " + server + " could not be verified" + why +
                           ": it is not signed by a CA this device trusts, or it is made out to another name. "
                           "Nothing was sent. Ask your admin for the right CA certificate and check the server "
                           "address; trying again will not help");
    case COACH_HTTP_TIMEOUT:
      failure = HttpFailure::Timeout;
      return makeError(ErrorCode::Unavailable, "the sync server at " + server +
                                                   " did not answer in time" + why + "; " + std::string(whatNext));
    case COACH_HTTP_UNREACHABLE:
      failure = HttpFailure::Unreachable;
      return makeError(ErrorCode::Unavailable, "the sync server at " + server + " cannot be reached" + why +
                                                   " (is the address right, is there a connection?); " +
                                                   std::string(whatNext));
    default:
      failure = HttpFailure::BadAnswer;
      return makeError(ErrorCode::Internal, "the app's transport returned " + std::to_string(outcome) +
                                                ", which is not a COACH_HTTP_ outcome: a bug in the app");
  }
}

}  // namespace coach::capi

using coach::ErrorCode;
using coach::makeError;
using coach::Status;
using coach::capi::guarded;
using coach::capi::printable;
using coach::capi::required;

extern "C" {

coach_status coach_http_answer_set_status(coach_http_answer* answer, int http_status, coach_error** error) {
  return guarded(error, [&]() -> Status {
    COACH_TRY(required(answer, "the answer"));
    if (http_status < 100 || http_status > 599) {
      return makeError(ErrorCode::InvalidArgument,
                       "an HTTP status is 100 to 599, got " + std::to_string(http_status));
    }
    answer->answer.status = http_status;
    answer->statusSet = true;
    return {};
  });
}

coach_status coach_http_answer_set_retry_after(coach_http_answer* answer, const char* value, coach_error** error) {
  return guarded(error, [&]() -> Status {
    COACH_TRY(required(answer, "the answer"));
    COACH_TRY(required(value, "the Retry-After value"));
    answer->answer.retryAfter = printable(value);
    return {};
  });
}

coach_status coach_http_answer_append_body(coach_http_answer* answer, const void* data, size_t length,
                                           coach_error** error) {
  return guarded(error, [&]() -> Status {
    COACH_TRY(required(answer, "the answer"));
    if (length == 0) return {};
    COACH_TRY(required(data, "the body bytes"));
    if (answer->tooLarge || length > answer->limit - answer->answer.body.size()) {
      answer->tooLarge = true;
      return makeError(ErrorCode::PayloadTooLarge, "the answer is larger than this device accepts (" +
                                                       std::to_string(answer->limit) + " bytes): stop reading it");
    }
    answer->answer.body.append(static_cast<const char*>(data), length);
    return {};
  });
}

coach_status coach_http_answer_set_reason(coach_http_answer* answer, const char* reason, coach_error** error) {
  return guarded(error, [&]() -> Status {
    COACH_TRY(required(answer, "the answer"));
    COACH_TRY(required(reason, "the reason"));
    answer->reason = printable(reason);
    return {};
  });
}

}  // extern "C"
