// The login flow's operator verbs over accounts: search, details, block,
// delete, export. Each change is audited.

#include "flow/login_flow.hpp"

namespace scan_login::server {
namespace {

flow_failure unknown_user(const std::string& id) {
  return refuse(flow_error::unknown_user, "no user '" + id.substr(0, 64) + "' is stored");
}

// Every audit entry of `user_id`, newest first, at most `cap`.
std::vector<audit_record> events_of(store& state, const std::string& user_id, std::size_t cap) {
  std::vector<audit_record> all;
  audit_query query;
  query.user_id = user_id;
  query.limit = std::min<std::size_t>(cap, 500);
  for (;;) {
    auto page = state.audit(query);
    const bool more = page.size() == query.limit;
    all.insert(all.end(), page.begin(), page.end());
    if (!more || all.size() >= cap) break;
    query.before_id = all.back().id;
  }
  if (all.size() > cap) all.resize(cap);
  return all;
}

}  // namespace

flow_result<user_page> login_flow::find_users(const user_query& query) {
  if (query.limit < 1 || query.limit > 200) {
    return refuse(flow_error::bad_field, "limit: must be 1 to 200");
  }
  if (query.text.size() > 128) return refuse(flow_error::bad_field, "q: at most 128 characters");
  if (query.pool != "" && query.pool != "wechat" && query.pool != "demo") {
    return refuse(flow_error::bad_field, "pool: must be wechat or demo");
  }
  return store_.find_users(query);
}

flow_result<user_details> login_flow::user_details_of(const std::string& id) {
  auto user = store_.user_by_id(id);
  if (!user) return unknown_user(id);
  return user_details{std::move(*user), store_.identities_of(id), events_of(store_, id, 100)};
}

flow_result<user_record> login_flow::set_user_blocked(const std::string& id, bool blocked,
                                                      const audit_actor& by) {
  auto user = store_.set_user_blocked(id, blocked ? clock_() : 0);
  if (!user) return unknown_user(id);
  audit(blocked ? "user.blocked" : "user.unblocked", "", id, by);
  return std::move(*user);
}

flow_result<bool> login_flow::delete_user(const std::string& id, const audit_actor& by) {
  if (!store_.delete_user(id)) return unknown_user(id);
  audit("user.deleted", "", id, by);
  return true;
}

flow_result<user_details> login_flow::export_user(const std::string& id, const audit_actor& by) {
  auto user = store_.user_by_id(id);
  if (!user) return unknown_user(id);
  // Recorded first, so the export contains its own entry.
  audit("user.exported", "", id, by);
  return user_details{std::move(*user), store_.identities_of(id),
                      events_of(store_, id, std::size_t{100'000})};
}

}  // namespace scan_login::server
