#pragma once
// The one mapping from the flow's typed refusals to envelopes: each kind has
// its stable code (http/error_codes.hpp), which fixes the HTTP status.

#include "flow/flow_error.hpp"
#include "http/http_types.hpp"

namespace scan_login::server {

int error_code_of(flow_error kind);

// The failure envelope for `failure`.
response refusal(const request& req, const flow_failure& failure);

// 400 40001: a field or query parameter is wrong; `message` starts with its name.
response bad_field(const request& req, const std::string& message);

}  // namespace scan_login::server
