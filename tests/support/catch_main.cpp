// catch_main.cpp: the main() of every Catch2 test binary. It turns two of Catch's warnings into failures for
// every run, whatever the command line says (Catch2 2.x accepts only one --warn option):
//   NoAssertions: a test case that checks nothing fails (a test that cannot fail is a defect);
//   NoTests: a name filter that matches no test case fails, so a test ctest lists but cannot find (a name that
//   CMake's list handling cut, e.g. at a ';') fails loudly instead of passing without running.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

int main(int argc, char* argv[]) {
  Catch::Session session;
  if (const int rc = session.applyCommandLine(argc, argv); rc != 0) return rc;
  Catch::ConfigData& data = session.configData();
  data.warnings = static_cast<Catch::WarnAbout::What>(data.warnings | Catch::WarnAbout::NoAssertions |
                                                      Catch::WarnAbout::NoTests);
  return session.run();
}
