// messages.cpp: language choice and catalogue look-up (messages.hpp).
#include "messages.hpp"

#include <cstdlib>
#include <unordered_map>

namespace coach::cli {
namespace {

const std::unordered_map<std::string_view, const MessageEntry*>& index() {
  static const auto map = [] {
    std::unordered_map<std::string_view, const MessageEntry*> m;
    for (const MessageEntry& e : catalogue()) m.emplace(e.key, &e);
    return m;
  }();
  return map;
}

std::optional<Lang> langOf(std::string_view text) {
  if (text.substr(0, 2) == "nl") return Lang::Nl;
  if (text.substr(0, 2) == "en") return Lang::En;
  return std::nullopt;
}

}  // namespace

Result<Lang> parseLang(std::string_view text) {
  if (auto lang = langOf(text); lang && (text.size() == 2 || text[2] == '_' || text[2] == '-')) return *lang;
  return makeError(ErrorCode::InvalidArgument,
                   "--lang: '" + std::string(text) + "' is not a language of coach; use --lang nl or --lang en");
}

Lang langFromEnvironment() {
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') continue;
    // The first variable that is set decides, as for every POSIX program; "C" or another language: Dutch.
    return langOf(value).value_or(Lang::Nl);
  }
  return Lang::Nl;
}

std::string_view Messages::text(std::string_view key) const {
  const auto& map = index();
  auto it = map.find(key);
  if (it == map.end()) {
    static thread_local std::string missing;
    missing = "[" + std::string(key) + "]";
    return missing;
  }
  return lang_ == Lang::Nl ? it->second->nl : it->second->en;
}

}  // namespace coach::cli
