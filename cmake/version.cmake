# SCAN_LOGIN_VERSION: package.json's "version", the one place it is written
# (read before project() so that project(VERSION) follows it; a change of
# package.json reconfigures).
file(READ "${CMAKE_CURRENT_LIST_DIR}/../package.json" scan_login_package_json)
string(JSON SCAN_LOGIN_VERSION ERROR_VARIABLE scan_login_version_error
  GET "${scan_login_package_json}" version)
if(scan_login_version_error OR NOT SCAN_LOGIN_VERSION MATCHES "^[0-9]+\\.[0-9]+\\.[0-9]+")
  message(FATAL_ERROR "package.json: \"version\" must be a semver string (${scan_login_version_error})")
endif()
# project(VERSION) takes only the numeric part; a pre-release tag stays in SCAN_LOGIN_VERSION.
string(REGEX MATCH "^[0-9]+\\.[0-9]+\\.[0-9]+" SCAN_LOGIN_VERSION_NUMBERS "${SCAN_LOGIN_VERSION}")
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
  "${CMAKE_CURRENT_LIST_DIR}/../package.json")
