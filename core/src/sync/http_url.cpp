// sync/http_url.cpp: the check of the sync server's address (HttpOptions::baseUrl), and the loopback test
// that decides whether plain http is allowed (docs/http-transport.md, "TLS policy").
#include <algorithm>
#include <arpa/inet.h>
#include <cctype>
#include <charconv>
#include <functional>

#include "sync/http_client.hpp"

namespace coach::sync::http {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool isIpv4(const std::string& host) {
  in_addr addr{};
  return inet_pton(AF_INET, host.c_str(), &addr) == 1;
}

bool isIpv6(const std::string& host) {
  in6_addr addr{};
  return inet_pton(AF_INET6, host.c_str(), &addr) == 1;
}

// Letters, digits, dots and dashes; not starting with a dot or dash; at most 253 characters (RFC 1123).
bool isHostName(std::string_view host) {
  if (host.empty() || host.size() > 253 || host.front() == '.' || host.front() == '-') return false;
  return std::all_of(host.begin(), host.end(),
                     [](unsigned char c) { return std::isalnum(c) != 0 || c == '.' || c == '-'; });
}

Result<int> parsePort(std::string_view text, const std::function<Error(std::string)>& bad) {
  int port = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || port < 1 || port > 65535) {
    return bad("the port must be a number from 1 to 65535");
  }
  return port;
}

// host[:port] or [ipv6][:port] into `out`.
Status parseAuthority(std::string_view authority, Endpoint& out, const std::function<Error(std::string)>& bad) {
  std::string_view portText;
  bool hasPort = false;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return bad("an IPv6 address must be closed with ']'");
    out.host = lower(authority.substr(1, close - 1));
    if (!isIpv6(out.host)) return bad("'" + out.host + "' is not an IPv6 address");
    out.ipLiteral = true;
    const auto rest = authority.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return bad("after an IPv6 address only ':port' may follow");
    hasPort = !rest.empty();
    if (hasPort) portText = rest.substr(1);
  } else {
    const auto colon = authority.find(':');
    out.host = lower(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      hasPort = true;
      portText = authority.substr(colon + 1);
    }
    if (out.host.empty()) return bad("it names no host");
    if (!isHostName(out.host)) return bad("'" + out.host + "' is not a host name or address (IPv6 goes in brackets)");
    out.ipLiteral = isIpv4(out.host);
  }
  out.port = out.tls ? 443 : 80;
  if (hasPort) {
    COACH_ASSIGN_OR_RETURN(out.port, parsePort(portText, bad));
  }
  return {};
}

}  // namespace

bool isLoopbackHost(std::string_view host) {
  const std::string h = lower(host);
  if (h == "localhost") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, h.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (inet_pton(AF_INET6, h.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
  return false;
}

Result<Endpoint> parseBaseUrl(std::string_view url, bool allowInsecureHttp) {
  // A query or fragment is not repeated: it may hold something secret pasted along with the address.
  const std::string shown(url.substr(0, url.find_first_of("?#")));
  const auto bad = [&shown](const std::string& why) {
    return makeError(ErrorCode::InvalidArgument, "the sync server address '" + shown + "' cannot be used: " + why +
                                                     " (expected https://host or https://host:port)");
  };
  const auto schemeEnd = url.find("://");
  if (schemeEnd == std::string_view::npos) return bad("it does not start with https://");
  Endpoint out;
  const std::string scheme = lower(url.substr(0, schemeEnd));
  if (scheme != "https" && scheme != "http")
    return bad("the scheme must be https (or http for a server on this machine)");
  out.tls = scheme == "https";
  std::string_view rest = url.substr(schemeEnd + 3);
  const auto pathStart = rest.find('/');
  const std::string_view authority = rest.substr(0, pathStart);
  if (authority.find('@') != std::string_view::npos) {
    // Not repeated: the part before '@' may be a password.
    return makeError(ErrorCode::InvalidArgument,
                     "the sync server address must not contain a user name or password: the device token is the only "
                     "credential; use https://host or https://host:port");
  }
  if (rest.find_first_of("?#") != std::string_view::npos) return bad("it must not have a query or fragment");
  if (pathStart != std::string_view::npos && rest.substr(pathStart) != "/") {
    return bad("it must not have a path (the protocol's paths start at /v1 on the server's root)");
  }
  COACH_TRY(parseAuthority(authority, out, bad));
  out.loopback = isLoopbackHost(out.host);
  if (!out.tls && !out.loopback && !allowInsecureHttp) {
    return makeError(
        ErrorCode::InvalidArgument,
        "plain http to " + out.host +
            " would send the device token and the team's data unprotected over the "
            "network: use https:// (plain http is allowed only to this machine: 127.0.0.1, ::1, localhost); "
            "the allowInsecureHttp option overrides this for a test network that is protected otherwise");
  }
  out.name = scheme + "://" + (out.host.find(':') != std::string::npos ? "[" + out.host + "]" : out.host) + ":" +
             std::to_string(out.port);
  return out;
}

}  // namespace coach::sync::http
