#pragma once
// The stable numeric `code` of every failure envelope (PROTOCOL.md "Envelope
// and errors"), as errors::<name>. They are written once, in web/src/codes.js
// (ErrorCode, camelCase there: badField is errors::bad_field here), and
// generated into <scan_login/codes.hpp> at build time; docs/server.md's table
// is generated from the same file.

#include <scan_login/codes.hpp>

namespace scan_login::server {

// errors::ok (200) and errors::<name> of every failure.
namespace errors = ::scan_login::codes::server;

}  // namespace scan_login::server
