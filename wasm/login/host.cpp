#include "login/host.hpp"

#include "login/json_text.hpp"
#include "login/replies.hpp"

namespace scan_login {

namespace {

json_value object_or_empty(const std::string& text) {
  if (!json_nesting_within(text, max_json_depth)) return json_value::object();
  auto value = parse_json(text, max_json_depth);
  return value && value->is_object() ? std::move(*value) : json_value::object();
}

}  // namespace

const char* ui_phase_name(ui_phase phase) {
  switch (phase) {
    case ui_phase::idle:
      return "idle";
    case ui_phase::loading:
      return "loading";
    case ui_phase::showing_code:
      return "showing-code";
    case ui_phase::scanned:
      return "scanned";
    case ui_phase::confirmed:
      return "confirmed";
    case ui_phase::expired:
      return "expired";
    case ui_phase::cancelled:
      return "cancelled";
    case ui_phase::reconnecting:
      return "reconnecting";
    case ui_phase::error:
      return "error";
  }
  return "error";
}

const char* event_type_name(event_type type) {
  switch (type) {
    case event_type::load:
      return "load";
    case event_type::scanned:
      return "scanned";
    case event_type::success:
      return "success";
    case event_type::cancel:
      return "cancel";
    case event_type::expired:
      return "expired";
    case event_type::error:
      return "error";
    case event_type::statechange:
      return "statechange";
  }
  return "error";
}

bool ui_state::operator==(const ui_state& other) const {
  return phase == other.phase && nickname == other.nickname && photo == other.photo &&
         error_code == other.error_code && message == other.message &&
         retry_in_ms == other.retry_in_ms;
}

std::string event_detail_json(const login_event& event) {
  json_value detail = json_value::object();
  switch (event.type) {
    case event_type::scanned:
      detail.set("userInfo", object_or_empty(event.user_info_json));
      break;
    case event_type::success:
      detail.set("ticket", event.ticket);
      if (!event.poll_key.empty()) detail.set("pollKey", event.poll_key);
      detail.set("userInfo", object_or_empty(event.user_info_json));
      break;
    case event_type::error:
      detail.set("code", event.error_code);
      detail.set("message", event.message);
      break;
    case event_type::statechange:
      detail.set("state", event.state);
      break;
    case event_type::load:
    case event_type::cancel:
    case event_type::expired:
      break;
  }
  return dump_json(detail);
}

std::string headers_json(const std::vector<http_header>& headers) {
  json_value object = json_value::object();
  for (const auto& header : headers) object.set(header.name, header.value);
  return dump_json(object);
}

std::string ui_state_json(const ui_state& state) {
  json_value view = json_value::object();
  view.set("state", ui_phase_name(state.phase))
      .set("nickname", state.nickname)
      .set("photo", state.photo)
      .set("code", state.error_code)
      .set("message", state.message)
      .set("retryInMs", state.retry_in_ms);
  return dump_json(view);
}

}  // namespace scan_login
