// disk_limit.hpp: a real size limit on where a store lives, for the disk-fault tests.
//
// Two ways, both real file systems and real write errors (no simulation inside SQLite):
//   - Tmpfs: a small tmpfs mounted on the directory (mount(2) needs CAP_SYS_ADMIN, so root outside a
//     container); the writer gets ENOSPC. grow() remounts it larger, live.
//   - FileSizeLimit: RLIMIT_FSIZE on the writing process (another process by pid through prlimit(2), or this
//     one), with SIGXFSZ ignored so the writer gets EFBIG instead of being killed. grow() lifts it.
// DiskLimit::make() takes tmpfs where mounting is permitted, else the file-size limit, unless
// COACH_FAULTS_DISK=rlimit (or =fsize, the same; or =tmpfs) forces one; describe() says which ran, for the test
// output. test_faults_postgres takes the same choice and, for a file-size limit, sets it on the PostgreSQL server's
// processes itself (PgCluster::limitFileSize): limit() and grow() here are for writers of this test's own.
//
// Thread-safety: one test thread. A limit on this process applies to every thread's writes to regular files
// while it is in force.
#pragma once

#include <signal.h>
#include <sys/mount.h>
#include <sys/resource.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

namespace coach::test {

class DiskLimit {
 public:
  enum class Kind { Tmpfs, FileSizeLimit };
  // Tmpfs: only a tmpfs will do; make() throws, saying why, where mounting is refused.
  enum class Choice { Auto, FileSizeLimit, Tmpfs };

  // `dir` must exist and be empty; `bytes` is the limit (tmpfs size, or the largest file size). Auto: a tmpfs
  // where mounting is permitted, unless COACH_FAULTS_DISK says otherwise.
  static DiskLimit make(const std::filesystem::path& dir, std::uint64_t bytes, Choice choice = Choice::Auto) {
    const char* forced = std::getenv("COACH_FAULTS_DISK");
    std::string force = choice == Choice::FileSizeLimit ? "rlimit"
                        : choice == Choice::Tmpfs       ? "tmpfs"
                        : forced != nullptr             ? forced
                                                        : "";
    if (force == "fsize") force = "rlimit";
    DiskLimit d(dir, bytes);
    if (force != "rlimit") {
      const std::string opts = "size=" + std::to_string(bytes) + ",mode=0700";
      if (::mount("tmpfs", dir.c_str(), "tmpfs", 0, opts.c_str()) == 0) {
        d.kind_ = Kind::Tmpfs;
        d.mounted_ = true;
        return d;
      }
      d.why_ = std::string("mounting a tmpfs was refused (") + std::strerror(errno) + ")";
      if (force == "tmpfs") {
        throw std::runtime_error(d.why_ + (choice == Choice::Tmpfs
                                               ? ": this test needs one (run it as root with CAP_SYS_ADMIN)"
                                               : " and COACH_FAULTS_DISK=tmpfs asked for one"));
      }
    } else {
      d.why_ = choice == Choice::FileSizeLimit ? std::string("this test asks for it")
                                               : "COACH_FAULTS_DISK=" + std::string(forced);
    }
    d.kind_ = Kind::FileSizeLimit;
    ::signal(SIGXFSZ, SIG_IGN);  // inherited by children spawned later; writers get EFBIG, not death
    return d;
  }
  ~DiskLimit() {
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
    if (pid_ >= 0) apply(RLIM_INFINITY);
  }
  DiskLimit(DiskLimit&& o) noexcept
      : dir_(o.dir_), bytes_(o.bytes_), kind_(o.kind_), mounted_(std::exchange(o.mounted_, false)),
        pid_(std::exchange(o.pid_, -1)), why_(o.why_) {}
  DiskLimit& operator=(DiskLimit&&) = delete;

  Kind kind() const { return kind_; }
  // File-size limit: starts limiting `pid` (0 = this process) at `bytes` past the largest file now in dir.
  void limit(pid_t pid) {
    if (kind_ != Kind::FileSizeLimit) return;
    std::uintmax_t largest = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir_)) {
      if (e.is_regular_file()) largest = std::max(largest, e.file_size());
    }
    pid_ = pid;
    apply(largest + bytes_);
  }
  // Gives room again: the tmpfs remounted at 64 MiB, or the file-size limit lifted.
  bool grow() {
    if (kind_ == Kind::Tmpfs) return ::mount("tmpfs", dir_.c_str(), "tmpfs", MS_REMOUNT, "size=67108864,mode=0700") == 0;
    const bool ok = apply(RLIM_INFINITY);
    pid_ = -1;
    return ok;
  }
  // Why a file-size limit was taken ("" for a tmpfs).
  const std::string& why() const { return why_; }
  std::string describe() const {
    if (kind_ == Kind::Tmpfs) return "a tmpfs of " + std::to_string(bytes_) + " bytes mounted on " + dir_.string();
    return "RLIMIT_FSIZE (largest file + " + std::to_string(bytes_) + " bytes, SIGXFSZ ignored) because " + why_;
  }

 private:
  DiskLimit(std::filesystem::path dir, std::uint64_t bytes) : dir_(std::move(dir)), bytes_(bytes) {}
  bool apply(rlim_t soft) const {
    rlimit current{};
    if (::prlimit(pid_, RLIMIT_FSIZE, nullptr, &current) != 0) return false;
    const rlimit next{soft, current.rlim_max};
    return ::prlimit(pid_, RLIMIT_FSIZE, &next, nullptr) == 0;
  }

  std::filesystem::path dir_;
  std::uint64_t bytes_;
  Kind kind_ = Kind::FileSizeLimit;
  bool mounted_ = false;
  pid_t pid_ = -1;
  std::string why_;
};

// The pid of this process's child running `binary` (coach-syncd: SyncdProcess keeps its pid to itself).
inline pid_t childRunning(const std::string& binary) {
  const std::filesystem::path target = std::filesystem::canonical(binary);
  for (const auto& e : std::filesystem::directory_iterator("/proc")) {
    const std::string name = e.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::error_code ec;
    if (std::filesystem::read_symlink(e.path() / "exe", ec) != target || ec) continue;
    std::ifstream stat(e.path() / "stat");
    std::string pid, comm, state;
    long ppid = 0;
    stat >> pid >> comm >> state >> ppid;
    if (ppid == ::getpid()) return static_cast<pid_t>(std::stol(name));
  }
  return -1;
}

}  // namespace coach::test
