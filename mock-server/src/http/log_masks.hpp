#pragma once
// What a log line (or an admin list) may say about a person or a secret. The server's stderr
// never carries a full phone number, an app secret, AppSecret, access
// token, admin or metrics token (but the start line that prints the admin
// token), a ticket, scan token, poll key, code or session_key
// (docs/operations.md, "What logs never contain"); a line that must name a phone
// number masks it.

#include <string>
#include <string_view>

namespace scan_login::server {

// "13800000000" -> "138****0000", "+4915112345678" -> "+491******5678": the
// first three and last four digits stay, every digit between is a '*'
// (there are always at least four); numbers of 7 digits or fewer become
// all '*'. Not a hash: the masked form cannot find the account.
std::string mask_phone(std::string_view phone);

}  // namespace scan_login::server
