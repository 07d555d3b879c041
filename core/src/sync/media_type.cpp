// sync/media_type.cpp: reading Content-Type and Accept for the binary body (sync/messages_binary.hpp;
// proto/PROTOCOL.md, "Binary bodies"). RFC 9110's grammar, as far as these two headers need it: media ranges
// separated by commas, parameters by semicolons, type, subtype and parameter names without regard to case,
// parameter values possibly quoted.
#include <algorithm>
#include <cctype>

#include "sync/messages_binary.hpp"

namespace coach::sync {
namespace {

constexpr std::string_view kBinaryType = "application/vnd.coach.sync+binary";

std::string_view trim(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

bool equalNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// "0", "0.", "0.0" ... "0.000": a quality that refuses the type.
bool zeroQuality(std::string_view q) {
  return !q.empty() && q.front() == '0' && std::all_of(q.begin() + 1, q.end(), [](char c) { return c == '.' || c == '0'; });
}

struct Range {
  bool binary = false;  // the binary type with v=1
  bool refused = false;  // q=0
};

// One media range: "type/subtype; name=value; ...".
Range readRange(std::string_view range) {
  Range out;
  std::size_t semi = range.find(';');
  if (!equalNoCase(trim(range.substr(0, semi)), kBinaryType)) return out;
  bool versionOne = false;
  while (semi != std::string_view::npos) {
    range.remove_prefix(semi + 1);
    semi = range.find(';');
    const std::string_view param = trim(range.substr(0, semi));
    const std::size_t eq = param.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view name = trim(param.substr(0, eq));
    std::string_view value = trim(param.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    if (equalNoCase(name, "v")) versionOne = value == "1";
    if (equalNoCase(name, "q")) out.refused = zeroQuality(value);
  }
  out.binary = versionOne;
  return out;
}

}  // namespace

bool isBinaryMediaType(std::string_view contentType) { return readRange(contentType).binary; }

bool acceptsBinary(std::string_view accept) {
  while (!accept.empty()) {
    const std::size_t comma = accept.find(',');
    const Range range = readRange(accept.substr(0, comma));
    if (range.binary && !range.refused) return true;
    if (comma == std::string_view::npos) break;
    accept.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace coach::sync
