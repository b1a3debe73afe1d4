# libqrencode 4.1.1 as a static library for the WebAssembly build, compiled
# from the Debian source tarball that scripts/bootstrap downloads and checks
# (SHA-256). Only the library sources are used; its tools need libpng.
set(QRENCODE_SOURCE_DIR "${PROJECT_SOURCE_DIR}/.deps/qrencode-4.1.1"
    CACHE PATH "Unpacked qrencode 4.1.1 source (scripts/bootstrap fetches it)")
if(NOT EXISTS "${QRENCODE_SOURCE_DIR}/qrencode.h")
  message(FATAL_ERROR "qrencode source not found in ${QRENCODE_SOURCE_DIR}: run scripts/bootstrap")
endif()

add_library(qrencode_wasm STATIC
  ${QRENCODE_SOURCE_DIR}/bitstream.c ${QRENCODE_SOURCE_DIR}/mask.c
  ${QRENCODE_SOURCE_DIR}/mmask.c ${QRENCODE_SOURCE_DIR}/mqrspec.c
  ${QRENCODE_SOURCE_DIR}/qrencode.c ${QRENCODE_SOURCE_DIR}/qrinput.c
  ${QRENCODE_SOURCE_DIR}/qrspec.c ${QRENCODE_SOURCE_DIR}/rsecc.c
  ${QRENCODE_SOURCE_DIR}/split.c)
target_include_directories(qrencode_wasm SYSTEM PUBLIC ${QRENCODE_SOURCE_DIR})
target_compile_definitions(qrencode_wasm PRIVATE
  MAJOR_VERSION=4 MINOR_VERSION=1 MICRO_VERSION=1 VERSION="4.1.1"
  STATIC_IN_RELEASE=static)
# -Oz with LTO like the rest of the module. It was -O2 outside LTO for speed,
# at 1.3 KB gzipped more; measured in one chromium page with both builds
# loaded and interleaved (issue 9), a 240 px login code renders in the same
# time either way (0.82 ms at -Oz vs 0.87 ms at -O2, median of 15 rounds of
# 50), so the bytes went.
target_compile_options(qrencode_wasm PRIVATE -w -Oz -flto)
add_library(scan_login::qrencode ALIAS qrencode_wasm)
