#include "store/account_rule.hpp"

namespace scan_login::server {

user_record apply_account_rule(account_rows& rows, const confirm_effects& login, std::int64_t now) {
  std::optional<user_record> chosen;
  const auto linked = rows.user_by_identity(login.pool, login.identity);
  if (!login.phone.empty()) {
    chosen = rows.user_by_phone(login.pool, login.phone);
    // An unowned number joins the identity's account when that account has
    // none yet; never replaces another number (accounts are not merged).
    if (!chosen && linked && linked->phone.empty()) chosen = linked;
  } else {
    chosen = linked;
  }
  const bool is_new = !chosen;
  user_record user = chosen.value_or(user_record{});
  if (is_new) {
    user.id = login.new_user_id;
    user.pool = login.pool;
    user.registered_at = now;
  }
  if (!login.phone.empty()) {
    user.phone = login.phone;
    user.phone_verified = login.phone_verified;
  }
  if (!login.real_name.empty()) user.name = login.real_name;
  user.nickname = login.profile.nickname;
  user.photo = login.profile.photo;
  if (!login.profile.openid.empty()) user.openid = login.profile.openid;
  if (!login.profile.unionid.empty()) user.unionid = login.profile.unionid;
  if (is_new) {
    rows.insert_user(user);
  } else {
    rows.update_user(user);
  }
  if (!linked || linked->id != user.id) rows.link_identity(login.pool, login.identity, user.id);
  return user;
}

}  // namespace scan_login::server
