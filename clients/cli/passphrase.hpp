// passphrase.hpp: where `coach` gets the key that unlocks a profile.
//
// makeKeyProvider() is the one place that decides (docs/keyring.md):
//   - a new profile made with `coach init --keyring` keeps its key in the OS keyring (Secret Service on Linux,
//     clients/keyring); any other new profile gets a PassphraseKeyProvider (scrypt, the core's default cost);
//   - an existing profile is opened the way its stored key parameters say: from the OS keyring, or with the
//     passphrase, asked only then.
// The passphrase comes from:
//   1. COACH_PASSPHRASE_FILE: the first line of that file (for scripts and tests; keep the file private);
//   2. a prompt on the terminal without echo (asked twice when a profile is made).
// Without a terminal and without the file it fails with what to do.
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

// `keyringLabel` (Create only): make the profile's key in the OS keyring, under this label; empty: a passphrase.
Result<std::unique_ptr<KeyProvider>> makeKeyProvider(KeyPurpose purpose, const Messages& msg,
                                                     const std::string& keyringLabel = {});

// Reads a line from the terminal (/dev/tty) with echo off; nullopt when there is no terminal.
Result<std::string> readHidden(const std::string& prompt, const Messages& msg);

}  // namespace coach::cli
