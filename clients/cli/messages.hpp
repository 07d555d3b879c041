// messages.hpp: every user-facing text of `coach` in Dutch and English, and the choice between them.
//
// The catalogue (catalogue_*.cpp) is one table of {key, Dutch, English}; texts are fmt format strings with
// positional placeholders ("{}" or "{0}"). Messages::operator() looks a key up in the chosen language and
// formats it; a key missing from the catalogue comes out as "[key]" so a golden test shows it at once.
// Language: --lang nl|en, else the first set of LC_ALL, LC_MESSAGES, LANG ("en..." is English, "nl..." Dutch),
// else Dutch (the main users are Dutch coaches).
//
// Thread-safety: the catalogue is immutable; a Messages object is a value and may be shared read-only.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "coach/result.hpp"

namespace coach::cli {

enum class Lang { Nl, En };

struct MessageEntry {
  std::string_view key;
  std::string_view nl;
  std::string_view en;
};

// The whole catalogue, in no particular order (keys are unique; tests check both languages are filled in).
std::span<const MessageEntry> catalogue();

// "nl" or "en" (also "nl_NL.UTF-8", "en_GB"...): the language; anything else InvalidArgument.
Result<Lang> parseLang(std::string_view text);
// The language from the environment: LC_ALL, LC_MESSAGES, LANG; Dutch when none names nl or en.
Lang langFromEnvironment();

class Messages {
 public:
  explicit Messages(Lang lang = Lang::Nl) : lang_(lang) {}
  Lang lang() const { return lang_; }
  std::string_view code() const { return lang_ == Lang::Nl ? "nl" : "en"; }

  // The text of `key` in this language, unformatted.
  std::string_view text(std::string_view key) const;

  template <class... Args>
  std::string operator()(std::string_view key, const Args&... args) const {
    if constexpr (sizeof...(Args) == 0) {
      return std::string(text(key));
    } else {
      try {
        return fmt::format(fmt::runtime(text(key)), args...);
      } catch (const fmt::format_error&) {
        return "[" + std::string(key) + "]";
      }
    }
  }

 private:
  Lang lang_;
};

}  // namespace coach::cli
