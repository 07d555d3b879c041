# Every dependency comes from Debian 12's packages (ARCHITECTURE.md, "Dependencies"); nothing is vendored.
find_package(Threads REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(OpenSSL 3.0 REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(date REQUIRED)           # libhowardhinnant-date-dev: date::date-tz (Europe/Amsterdam, ISO weeks)
find_package(PkgConfig REQUIRED)
find_package(CLI11 REQUIRED)         # libcli11-dev: the command lines of coach-syncd and the tools
# Debian ships cpp-httplib as a shared library built with OpenSSL, zlib and brotli: its pkg-config
# flags (-DCPPHTTPLIB_OPENSSL_SUPPORT ...) must match the library's, or the class layouts differ.
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
pkg_check_modules(PQ REQUIRED IMPORTED_TARGET libpq)  # libpq-dev: coach-syncd's PostgreSQL backend
if(COACH_BUILD_TESTS)
  find_package(Catch2 2.13 REQUIRED)
  include(Catch)
endif()
