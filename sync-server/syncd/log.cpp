#include "syncd/log.hpp"

#include <chrono>
#include <ctime>

namespace coach::syncd {
namespace {

std::string_view levelName(LogLevel level) {
  switch (level) {
    case LogLevel::Debug:
      return "debug";
    case LogLevel::Info:
      return "info";
    case LogLevel::Warn:
      return "warn";
    case LogLevel::Error:
      return "error";
  }
  return "info";
}

// RFC 3339 UTC with milliseconds.
std::string timestamp() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buf[40];
  const std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &utc);
  std::snprintf(buf + n, sizeof buf - n, ".%03dZ", static_cast<int>(millis));
  return buf;
}

}  // namespace

void Logger::log(LogLevel level, std::string_view event, const nlohmann::json& fields) {
  if (!enabled(level)) return;
  // ts, level and event first, in that order, for people reading the raw stream.
  std::string line = "{\"ts\":\"" + timestamp() + "\",\"level\":\"" + std::string(levelName(level)) +
                     "\",\"event\":" + nlohmann::json(event).dump();
  for (const auto& [key, value] : fields.items()) {
    line += "," + nlohmann::json(key).dump() + ":" + value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  line += "}\n";
  std::lock_guard lock(mu_);
  std::fwrite(line.data(), 1, line.size(), out_);
  std::fflush(out_);
}

}  // namespace coach::syncd
