# Developer-only settings. They are attached to our own targets through coach_developer_settings(),
# never through PUBLIC usage requirements, so consumers of libcoach never inherit them (STYLE.md 12).
add_library(coach_developer_flags INTERFACE)
target_compile_options(coach_developer_flags INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough)
if(COACH_WARNINGS_AS_ERRORS)
  target_compile_options(coach_developer_flags INTERFACE -Werror)
endif()
if(COACH_SANITIZE)
  target_compile_options(coach_developer_flags INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
    # GCC 12 reports false maybe-uninitialized warnings inside libstdc++ (<regex>, used by Catch2) under
    # the sanitizers at -O2; they are not ours and cannot be fixed here.
    -Wno-maybe-uninitialized)
  target_link_options(coach_developer_flags INTERFACE -fsanitize=address,undefined)
endif()

# Unity builds (batches of 8 files) for every target of ours: the inline code of nlohmann_json, Catch2, CLI11,
# cpp-httplib and the standard library is then generated once per batch instead of once per file. Measured on
# eight store files under the asan preset: 43 s of CPU as one batch, 86 s one by one. The build is most of
# CI's time. File-local names (anonymous namespaces, static functions) must be unique within a target.
# -DCOACH_UNITY_BUILD=OFF builds file by file (a clearer error when a name clashes).
option(COACH_UNITY_BUILD "Build our targets in batches of files (unity builds)" ON)

function(coach_developer_settings target)
  target_link_libraries(${target} PRIVATE $<BUILD_INTERFACE:coach_developer_flags>)
  if(COACH_UNITY_BUILD)
    set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE 8)
  endif()
endfunction()

# Test and tool code under the sanitizers is compiled without optimisation (-O0; the product's libraries stay at
# the preset's -O1): measured on test_storage's unity batch, 18 s of CPU at -O0 against 41 s at -O1, and the test
# binaries spend their time in the libraries. Half of the asan build's compile time was test code.
function(coach_test_code target)
  if(COACH_SANITIZE)
    target_compile_options(${target} PRIVATE -O0)
  endif()
endfunction()
