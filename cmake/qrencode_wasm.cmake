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
# Encoding (mask selection above all) is most of a render's time: compiled
# for speed and kept out of the -Oz LTO link, it costs about 1 KB gzipped.
target_compile_options(qrencode_wasm PRIVATE -w -O2 -fno-lto)
add_library(scan_login::qrencode ALIAS qrencode_wasm)
