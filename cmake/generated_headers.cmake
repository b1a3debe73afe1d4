# Headers made from the repository's one sources, in the build tree
# (build/<preset>/generated/scan_login/), each behind an INTERFACE target
# that puts it on the include path and makes it before any dependant compiles:
#
#   scan_login_codes    <scan_login/codes.hpp>    from web/src/codes.js (status
#                       and error codes; scripts/codes/cxx-header.mjs, by node)
#   scan_login_attribute_limits  <scan_login/element_attributes.hpp>  from
#                       web/src/element/attributes.js (the number attributes'
#                       defaults and ranges; scripts/element/cxx-header.mjs)
#   scan_login_version  <scan_login/version.hpp>  from package.json's version
set(scan_login_generated ${PROJECT_BINARY_DIR}/generated)

# Debian's node (scripts/bootstrap installs it); under Emscripten's toolchain
# too, whose find root would hide it.
find_program(SCAN_LOGIN_NODE_PROGRAM node NO_CMAKE_FIND_ROOT_PATH REQUIRED)
set(scan_login_codes_header ${scan_login_generated}/scan_login/codes.hpp)
add_custom_command(
  OUTPUT ${scan_login_codes_header}
  COMMAND ${SCAN_LOGIN_NODE_PROGRAM} ${PROJECT_SOURCE_DIR}/scripts/codes/cxx-header.mjs
          ${scan_login_codes_header}
  DEPENDS ${PROJECT_SOURCE_DIR}/web/src/codes.js
          ${PROJECT_SOURCE_DIR}/scripts/codes/cxx-header.mjs
          ${PROJECT_SOURCE_DIR}/scripts/codes/table.mjs
          ${PROJECT_SOURCE_DIR}/scripts/codes/render.mjs
          ${PROJECT_SOURCE_DIR}/scripts/lib/doc-comments.mjs
          ${PROJECT_SOURCE_DIR}/scripts/lib/generated-files.mjs
  COMMENT "Generating scan_login/codes.hpp from web/src/codes.js"
  VERBATIM)
add_custom_target(scan_login_codes_header DEPENDS ${scan_login_codes_header})
add_library(scan_login_codes INTERFACE)
target_include_directories(scan_login_codes INTERFACE ${scan_login_generated})
add_dependencies(scan_login_codes scan_login_codes_header)

set(scan_login_attributes_header ${scan_login_generated}/scan_login/element_attributes.hpp)
add_custom_command(
  OUTPUT ${scan_login_attributes_header}
  COMMAND ${SCAN_LOGIN_NODE_PROGRAM} ${PROJECT_SOURCE_DIR}/scripts/element/cxx-header.mjs
          ${scan_login_attributes_header}
  DEPENDS ${PROJECT_SOURCE_DIR}/web/src/element/attributes.js
          ${PROJECT_SOURCE_DIR}/scripts/element/cxx-header.mjs
          ${PROJECT_SOURCE_DIR}/scripts/element/render.mjs
          ${PROJECT_SOURCE_DIR}/scripts/lib/doc-comments.mjs
          ${PROJECT_SOURCE_DIR}/scripts/lib/generated-files.mjs
  COMMENT "Generating scan_login/element_attributes.hpp from web/src/element/attributes.js"
  VERBATIM)
add_custom_target(scan_login_attributes_header DEPENDS ${scan_login_attributes_header})
add_library(scan_login_attribute_limits INTERFACE)
target_include_directories(scan_login_attribute_limits INTERFACE ${scan_login_generated})
add_dependencies(scan_login_attribute_limits scan_login_attributes_header)

configure_file(${CMAKE_CURRENT_LIST_DIR}/version.hpp.in
  ${scan_login_generated}/scan_login/version.hpp @ONLY)
add_library(scan_login_version INTERFACE)
target_include_directories(scan_login_version INTERFACE ${scan_login_generated})
