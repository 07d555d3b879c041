// app.hpp: runCoach(), the whole `coach` command line: language, global options, every command group,
// parsing (with CLI11's messages in the chosen language where they are ours to choose), running the chosen
// command and its exit code. main.cpp only calls it; tests call it in-process too.
//
// Thread-safety: call from one thread at a time (it uses the terminal and the process's environment).
#pragma once

#include <iosfwd>

namespace coach::cli {

int runCoach(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace coach::cli
