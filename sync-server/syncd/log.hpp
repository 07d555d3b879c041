// syncd/log.hpp: JSON-lines logs on stdout, one object per line with "ts", "level" and "event" first.
//
// What may be logged is decided here, not at every call: fields are names and numbers the server itself
// produced (routes, statuses, durations, team and device ids, error ids and their messages, which never carry
// participant data). Request bodies, tokens, enrolment codes and envelopes are never passed in; the only secret
// ever printed is a first-start enrolment code, which the admin needs and which is one-time and expiring.
//
// Thread-safety: safe from any thread (one mutex around the write).
#pragma once

#include <cstdio>
#include <mutex>
#include <string_view>

#include <nlohmann/json.hpp>

#include "syncd/config.hpp"

namespace coach::syncd {

class Logger {
 public:
  explicit Logger(LogLevel minimum, std::FILE* out = stdout) : minimum_(minimum), out_(out) {}
  bool enabled(LogLevel level) const { return level >= minimum_; }
  void log(LogLevel level, std::string_view event, const nlohmann::json& fields = nlohmann::json::object());
  void info(std::string_view event, const nlohmann::json& fields = nlohmann::json::object()) { log(LogLevel::Info, event, fields); }
  void warn(std::string_view event, const nlohmann::json& fields = nlohmann::json::object()) { log(LogLevel::Warn, event, fields); }
  void error(std::string_view event, const nlohmann::json& fields = nlohmann::json::object()) { log(LogLevel::Error, event, fields); }

 private:
  LogLevel minimum_;
  std::FILE* out_;
  std::mutex mu_;
};

}  // namespace coach::syncd
