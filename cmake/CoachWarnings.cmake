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

function(coach_developer_settings target)
  target_link_libraries(${target} PRIVATE $<BUILD_INTERFACE:coach_developer_flags>)
endfunction()
