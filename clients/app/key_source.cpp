// key_source.cpp: the desktop key source (key_source.hpp).
#include "key_source.hpp"

namespace coach::app {

std::unique_ptr<KeyProvider> PassphraseKeySource::provider(const std::string& passphrase) {
  return std::make_unique<PassphraseKeyProvider>(passphrase, cost_);
}

}  // namespace coach::app
