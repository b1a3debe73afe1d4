# scan_login_target(<target>): the language level and warnings every
# scan-login target uses, scoped to that target (no global flag strings).
function(scan_login_target target)
  target_compile_features(${target} PUBLIC cxx_std_17)
  set_target_properties(${target} PROPERTIES CXX_EXTENSIONS OFF)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion)
endfunction()

# scan_login_wasm_size(<target>): the Emscripten flags that keep the shipped
# module small (goal: wasm + glue <= 20 KB gzipped for the QR module). The
# core reports errors as values, so it needs neither exceptions nor RTTI.
function(scan_login_wasm_size target)
  if(EMSCRIPTEN)
    target_compile_options(${target} PRIVATE -Oz -flto)
    target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-fno-exceptions -fno-rtti>)
    target_link_options(${target} PRIVATE -Oz -flto)
  endif()
endfunction()

# scan_login_precompile(<target> <header>...): one precompiled header of the
# heavy third-party headers the target's files include (Beast, nlohmann/json,
# GoogleTest), parsed once per target instead of once per file: the native
# and sanitize builds both compile every file, and CI's two cores pay for it.
function(scan_login_precompile target)
  if(NOT EMSCRIPTEN)
    target_precompile_headers(${target} PRIVATE ${ARGN})
  endif()
endfunction()
