// passphrase.cpp: the passphrase from a file or a no-echo prompt, or the OS keyring (passphrase.hpp).
#include "passphrase.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "secret_service.hpp"

namespace coach::cli {
namespace {

constexpr std::size_t kMinPassphrase = 8;

Result<std::string> fromFile(const std::string& path, const Messages& msg) {
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line)) {
    return makeError(ErrorCode::InvalidArgument, msg("passphrase.file_unreadable", path));
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.empty()) return makeError(ErrorCode::InvalidArgument, msg("passphrase.file_empty", path));
  return line;
}

// Restores the terminal's settings on every way out.
class EchoOff {
 public:
  explicit EchoOff(int fd) : fd_(fd) {
    if (::tcgetattr(fd_, &saved_) != 0) return;
    termios quiet = saved_;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    active_ = ::tcsetattr(fd_, TCSAFLUSH, &quiet) == 0;
  }
  ~EchoOff() {
    if (active_) ::tcsetattr(fd_, TCSAFLUSH, &saved_);
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;

 private:
  int fd_;
  termios saved_{};
  bool active_ = false;
};

Result<std::string> fromTerminal(KeyPurpose purpose, const Messages& msg) {
  COACH_ASSIGN_OR_RETURN(std::string first, readHidden(msg("passphrase.prompt"), msg));
  if (purpose == KeyPurpose::Unlock) return first;
  if (first.size() < kMinPassphrase) {
    return makeError(ErrorCode::InvalidArgument, msg("passphrase.too_short", kMinPassphrase));
  }
  COACH_ASSIGN_OR_RETURN(std::string second, readHidden(msg("passphrase.again"), msg));
  if (first != second) return makeError(ErrorCode::InvalidArgument, msg("passphrase.mismatch"));
  return first;
}

Result<std::string> passphrase(KeyPurpose purpose, const Messages& msg) {
  if (const char* file = std::getenv("COACH_PASSPHRASE_FILE"); file != nullptr && *file != '\0') {
    return fromFile(file, msg);
  }
  if (::isatty(STDIN_FILENO) != 0) return fromTerminal(purpose, msg);
  return makeError(ErrorCode::InvalidArgument, msg("passphrase.none"));
}

// The keyring's errors in the coach's language; the code stays, so the exit status does too.
Error keyringError(const Error& e, const Messages& msg) {
  switch (e.code) {
    case ErrorCode::NotFound: return Error{e.code, msg("keyring.missing")};
    case ErrorCode::Forbidden: return Error{e.code, msg("keyring.refused")};
    case ErrorCode::StorageError: return Error{e.code, msg("keyring.damaged")};
    default: return Error{e.code, msg(keyring::available() ? "keyring.unavailable" : "keyring.not_built")};
  }
}

// Opens an existing profile the way it was made: its stored parameters name the keyring or the passphrase's
// scrypt salt and cost. The passphrase is asked only for a passphrase profile.
class ProfileKeyProvider final : public KeyProvider {
 public:
  explicit ProfileKeyProvider(const Messages& msg) : msg_(msg) {}
  Result<Created> create() override { return makeError(ErrorCode::Internal, "an existing profile is not created"); }
  Result<crypto::SecretBytes> unlock(std::string_view params) override {
    if (keyring::usesSecretService(params)) {
      keyring::SecretServiceKeyProvider keys("");
      auto kek = keys.unlock(params);
      if (!kek.ok()) return keyringError(kek.error(), msg_);
      return kek;
    }
    COACH_ASSIGN_OR_RETURN(std::string phrase, passphrase(KeyPurpose::Unlock, msg_));
    return PassphraseKeyProvider(std::move(phrase)).unlock(params);
  }
  std::string_view name() const override { return "profile"; }

 private:
  const Messages& msg_;
};

// Makes a new profile's key in the OS keyring, saying in the coach's language when there is none.
class NewKeyringKeyProvider final : public KeyProvider {
 public:
  NewKeyringKeyProvider(std::string label, const Messages& msg) : keys_(std::move(label)), msg_(msg) {}
  Result<Created> create() override {
    auto made = keys_.create();
    if (!made.ok()) return keyringError(made.error(), msg_);
    return made;
  }
  Result<crypto::SecretBytes> unlock(std::string_view params) override { return keys_.unlock(params); }
  std::string_view name() const override { return keys_.name(); }

 private:
  keyring::SecretServiceKeyProvider keys_;
  const Messages& msg_;
};

}  // namespace

Result<std::string> readHidden(const std::string& prompt, const Messages& msg) {
  const int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (fd < 0) return makeError(ErrorCode::InvalidArgument, msg("passphrase.none"));
  std::string line;
  {
    EchoOff quiet(fd);
    if (::write(fd, prompt.data(), prompt.size()) < 0) {}  // the prompt is a courtesy; reading decides
    char c = 0;
    while (::read(fd, &c, 1) == 1 && c != '\n') line.push_back(c);
    if (::write(fd, "\n", 1) < 0) {}
  }
  ::close(fd);
  return line;
}

Result<std::unique_ptr<KeyProvider>> makeKeyProvider(KeyPurpose purpose, const Messages& msg,
                                                     const std::string& keyringLabel) {
  if (purpose == KeyPurpose::Unlock) return std::unique_ptr<KeyProvider>(std::make_unique<ProfileKeyProvider>(msg));
  if (!keyringLabel.empty()) {
    return std::unique_ptr<KeyProvider>(std::make_unique<NewKeyringKeyProvider>(keyringLabel, msg));
  }
  COACH_ASSIGN_OR_RETURN(std::string phrase, passphrase(purpose, msg));
  return std::unique_ptr<KeyProvider>(std::make_unique<PassphraseKeyProvider>(std::move(phrase)));
}

}  // namespace coach::cli
