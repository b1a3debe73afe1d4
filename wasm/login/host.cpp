#include "login/host.hpp"

#include <nlohmann/json.hpp>

#include "login/json_text.hpp"
#include "login/replies.hpp"

namespace scan_login {

namespace {

using json = nlohmann::json;

json object_or_empty(const std::string& text) {
  if (!json_nesting_within(text, max_json_depth)) return json::object();
  json value = parse_json(text);
  return value.is_object() ? value : json::object();
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
  json detail = json::object();
  switch (event.type) {
    case event_type::scanned:
      detail["userInfo"] = object_or_empty(event.user_info_json);
      break;
    case event_type::success:
      detail["ticket"] = event.ticket;
      if (!event.poll_key.empty()) detail["pollKey"] = event.poll_key;
      detail["userInfo"] = object_or_empty(event.user_info_json);
      break;
    case event_type::error:
      detail["code"] = event.error_code;
      detail["message"] = event.message;
      break;
    case event_type::statechange:
      detail["state"] = event.state;
      break;
    case event_type::load:
    case event_type::cancel:
    case event_type::expired:
      break;
  }
  return dump_json(detail);
}

std::string headers_json(const std::vector<http_header>& headers) {
  json object = json::object();
  for (const auto& header : headers) object[header.name] = header.value;
  return dump_json(object);
}

std::string ui_state_json(const ui_state& state) {
  json view = {{"state", ui_phase_name(state.phase)},
               {"nickname", state.nickname},
               {"photo", state.photo},
               {"code", state.error_code},
               {"message", state.message},
               {"retryInMs", state.retry_in_ms}};
  return dump_json(view);
}

}  // namespace scan_login
