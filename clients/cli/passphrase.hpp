// passphrase.hpp: where `coach` gets the key that unlocks a profile.
//
// makeKeyProvider() is the one place that decides. Today it is always a PassphraseKeyProvider (scrypt, the
// core's default cost) with the passphrase from:
//   1. COACH_PASSPHRASE_FILE: the first line of that file (for scripts and tests; keep the file private);
//   2. a prompt on the terminal without echo (asked twice when a profile is made).
// Without a terminal and without the file it fails with what to do. The OS keyring (Secret Service on Linux)
// is not used yet: a KeyringKeyProvider implementing coach::KeyProvider would be chosen here, before the
// passphrase, when the profile's provider name (stored in the profile) says so.
//
// Thread-safety: call from the main thread (it may use the terminal).
#pragma once

#include <memory>
#include <string>

#include "coach/key_provider.hpp"
#include "coach/result.hpp"
#include "messages.hpp"

namespace coach::cli {

enum class KeyPurpose { Create, Unlock };

Result<std::unique_ptr<KeyProvider>> makeKeyProvider(KeyPurpose purpose, const Messages& msg);

// Reads a line from the terminal (/dev/tty) with echo off; nullopt when there is no terminal.
Result<std::string> readHidden(const std::string& prompt, const Messages& msg);

}  // namespace coach::cli
