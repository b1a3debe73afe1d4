// The login flow's audit log: what it records and how it is read back.

#include <iostream>

#include "flow/login_flow.hpp"

namespace scan_login::server {

audit_record login_flow::audit_entry(const std::string& kind, const std::string& app_id,
                                     const std::string& user_id, const audit_actor& by,
                                     const nlohmann::json& detail) const {
  audit_record entry;
  entry.at = clock_();
  entry.kind = kind;
  entry.app_id = app_id;
  entry.user_id = user_id;
  entry.actor = by.actor;
  entry.ip = by.ip;
  if (!detail.is_null()) {
    entry.detail = detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  return entry;
}

void login_flow::audit(const std::string& kind, const std::string& app_id,
                       const std::string& user_id, const audit_actor& by,
                       const nlohmann::json& detail) {
  const auto entry = audit_entry(kind, app_id, user_id, by, detail);
  try {
    store_.append_audit(entry);
  } catch (const std::exception& error) {
    // The change itself happened; losing its entry is logged, not undone.
    std::cerr << "audit: an entry (" << kind << ") was lost: " << error.what() << '\n';
  }
}

void login_flow::audit_refusal(const code_record& record, const flow_failure& failure,
                               const char* step, const std::string& ip) {
  audit("login.refused", record.app_id, "", {"phone", ip},
        {{"reason", flow_error_name(failure.kind)},
         {"step", step},
         {"pcIp", record.client_ip},
         {"browser", record.browser}});
}

flow_failure login_flow::refuse_blocked(const code_record& record,
                                        std::optional<code_status> end_from, const char* step,
                                        const std::string& user_id, const std::string& ip) {
  // The code ends here, so the PC's check reports the refusal at once
  // instead of waiting for a confirm that cannot come. A scanned code is
  // ended only by its scanner (its scan token must still match).
  if (end_from) {
    transition_request move;
    move.code = record.code;
    move.from = *end_from;
    move.to = code_status::cancelled;
    move.now = clock_();
    move.refusal = "account_blocked";
    if (*end_from == code_status::scanned) move.expect_scan_token = record.scan_token;
    store_.transition(move, std::nullopt);
  }
  audit("login.refused", record.app_id, user_id, {"phone", ip},
        {{"reason", flow_error_name(flow_error::account_blocked)},
         {"step", step},
         {"pcIp", record.client_ip},
         {"browser", record.browser}});
  return refuse(flow_error::account_blocked,
                "this account is blocked by the site's operator: you cannot log in here; "
                "contact the site if you think this is wrong");
}

flow_result<std::vector<audit_record>> login_flow::audit_log(const audit_query& query) {
  if (query.limit < 1 || query.limit > 500) {
    return refuse(flow_error::bad_field, "limit: must be 1 to 500");
  }
  if (query.before_id < 0) return refuse(flow_error::bad_field, "before: must be an entry id");
  return store_.audit(query);
}

}  // namespace scan_login::server
