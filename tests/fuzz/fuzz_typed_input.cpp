// fuzz_typed_input: what people type that the product parses, from any bytes.
//
// The first byte chooses the parser, the rest is the text:
//   0: a day as a coach types it (`coach ... --on 29-01-2026`, "gisteren"): cli::parseDate;
//   1: a day and a time ("gisteren 14.30"): cli::parseDateTime;
//   2: the server's address a device is given (`coach team create --server URL`): sync::http::parseBaseUrl;
//   3: the admin's store location (`coach-syncd admin migrate-store --from/--to`): relay::parseStoreLocation.
// Nothing may throw or read outside the input. Properties: an accepted day is "YYYY-MM-DD" and parses again to
// itself; an accepted day and time is "YYYY-MM-DDTHH:MM" and parses again to itself; an accepted URL names a
// port in 1..65535; an accepted location is exactly one of a SQLite file or a PostgreSQL URL.
#include <cstddef>
#include <cstdint>
#include <string>

#include "dates.hpp"
#include "fixed_keys.hpp"
#include "storage/store_copy.hpp"
#include "sync/http_client.hpp"

namespace coach::fuzz {
namespace {

bool digits(const std::string& s, std::initializer_list<std::size_t> at) {
  for (std::size_t i : at) {
    if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

void day(const std::string& text) {
  const cli::Messages msg(cli::Lang::Nl);
  auto parsed = cli::parseDate(text, "2026-03-02", msg);
  if (!parsed.ok()) return;
  const std::string& d = *parsed;
  require(d.size() == 10 && d[4] == '-' && d[7] == '-' && digits(d, {0, 1, 2, 3, 5, 6, 8, 9}),
          "an accepted day is YYYY-MM-DD");
  auto again = cli::parseDate(d, "2026-03-02", msg);
  require(again.ok() && *again == d, "an accepted day parses again to itself");
}

void dayAndTime(const std::string& text) {
  const cli::Messages msg(cli::Lang::En);
  auto parsed = cli::parseDateTime(text, "2026-03-02T10:00", msg);
  if (!parsed.ok()) return;
  const std::string& t = *parsed;
  require(t.size() == 16 && t[10] == 'T' && t[13] == ':' && digits(t, {11, 12, 14, 15}),
          "an accepted day and time is YYYY-MM-DDTHH:MM");
  auto again = cli::parseDateTime(t, "2026-03-02T10:00", msg);
  require(again.ok() && *again == t, "an accepted day and time parses again to itself");
}

void serverUrl(const std::string& text) {
  auto endpoint = sync::http::parseBaseUrl(text, /*allowInsecureHttp=*/false);
  if (endpoint.ok()) require(endpoint->port >= 1 && endpoint->port <= 65535, "an accepted URL has a valid port");
}

void storeLocation(const std::string& text) {
  auto location = relay::parseStoreLocation(text);
  if (location.ok()) {
    require(location->sqliteFile.empty() != location->postgresUrl.empty(),
            "an accepted location is one SQLite file or one PostgreSQL URL");
  }
}

}  // namespace
}  // namespace coach::fuzz

// libFuzzer calls this for every input; the name is libFuzzer's.
// NOLINTNEXTLINE(readability-identifier-naming)
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);  // NOLINT
  switch (data[0] % 4) {
    case 0: coach::fuzz::day(text); break;
    case 1: coach::fuzz::dayAndTime(text); break;
    case 2: coach::fuzz::serverUrl(text); break;
    default: coach::fuzz::storeLocation(text); break;
  }
  return 0;
}
