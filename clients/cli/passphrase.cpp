// passphrase.cpp: the passphrase from a file or a no-echo prompt (passphrase.hpp).
#include "passphrase.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

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

Result<std::unique_ptr<KeyProvider>> makeKeyProvider(KeyPurpose purpose, const Messages& msg) {
  std::string passphrase;
  if (const char* file = std::getenv("COACH_PASSPHRASE_FILE"); file != nullptr && *file != '\0') {
    COACH_ASSIGN_OR_RETURN(passphrase, fromFile(file, msg));
  } else if (::isatty(STDIN_FILENO) != 0) {
    COACH_ASSIGN_OR_RETURN(passphrase, fromTerminal(purpose, msg));
  } else {
    return makeError(ErrorCode::InvalidArgument, msg("passphrase.none"));
  }
  return std::unique_ptr<KeyProvider>(std::make_unique<PassphraseKeyProvider>(std::move(passphrase)));
}

}  // namespace coach::cli
