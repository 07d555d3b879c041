// main.cpp: the `coach` binary (docs/cli.md).
#include <iostream>

#include "app.hpp"

int main(int argc, char** argv) { return coach::cli::runCoach(argc, argv, std::cout, std::cerr); }
