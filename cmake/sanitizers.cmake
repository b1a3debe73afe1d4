# The `sanitize` preset's build: every target (core, lifecycle, store,
# server, tests) compiled with AddressSanitizer and UndefinedBehaviorSanitizer,
# any report fatal. With SCAN_LOGIN_FUZZ the same objects also carry
# libFuzzer's coverage instrumentation, so one clang build serves both the
# sanitizer test run and the fuzzers (tests/CMakeLists.txt, scan_login_fuzzer).
option(SCAN_LOGIN_SANITIZE "Build everything with ASan + UBSan (clang or gcc)" OFF)
option(SCAN_LOGIN_FUZZ "Also build the libFuzzer targets and register short runs (clang)" OFF)

if(SCAN_LOGIN_FUZZ AND NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "SCAN_LOGIN_FUZZ needs clang (libFuzzer): use the sanitize preset")
endif()

if(SCAN_LOGIN_SANITIZE)
  # -O0: a fifth less build time than -O1 (7m11 of CPU against 9m07 for
  # the whole tree, unity builds), and the run of every test is as quick
  # (119 s against 137 s: they wait on servers and timers, not on CPU).
  # The preset asks for line tables only (file:line in reports, a fraction
  # of -g's build time); frame pointers make the reports' stacks complete
  # without a slow unwinder.
  add_compile_options(-O0 -fno-omit-frame-pointer -fsanitize=address,undefined
    -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
  if(SCAN_LOGIN_FUZZ)
    add_compile_options(-fsanitize=fuzzer-no-link)
  endif()
endif()
