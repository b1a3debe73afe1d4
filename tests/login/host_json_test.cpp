// The JSON that crosses to the JS host: UI states, event details, headers.
#include <gtest/gtest.h>

#include "login/host.hpp"

namespace scan_login {
namespace {

TEST(HostJson, UiStateCarriesEveryField) {
  ui_state view(ui_phase::error);
  view.error_code = 40001;
  view.message = "bad \"redirectUri\"";
  EXPECT_EQ(ui_state_json(view), R"({"state":"error","nickname":"","photo":"","code":40001,)"
                                 R"("message":"bad \"redirectUri\"","retryInMs":0})");
}

TEST(HostJson, EveryPhaseHasAName) {
  const ui_phase phases[] = {ui_phase::idle,      ui_phase::loading,      ui_phase::showing_code,
                             ui_phase::scanned,   ui_phase::confirmed,    ui_phase::expired,
                             ui_phase::cancelled, ui_phase::reconnecting, ui_phase::error};
  const char* names[] = {"idle",    "loading",   "showing-code", "scanned", "confirmed",
                         "expired", "cancelled", "reconnecting", "error"};
  for (std::size_t i = 0; i < std::size(phases); ++i) {
    EXPECT_STREQ(ui_phase_name(phases[i]), names[i]);
  }
}

TEST(HostJson, EventDetailsFollowTheElementsEvents) {
  login_event event;
  event.type = event_type::load;
  EXPECT_EQ(event_detail_json(event), "{}");
  event.type = event_type::success;
  event.ticket = "T";
  event.user_info_json = R"({"id":"u1"})";
  EXPECT_EQ(event_detail_json(event), R"({"ticket":"T","userInfo":{"id":"u1"}})");
  event.user_info_json = "not json";
  EXPECT_EQ(event_detail_json(event), R"({"ticket":"T","userInfo":{}})");
  event.poll_key = "R";  // for the host, which keeps it out of the dispatched event
  EXPECT_EQ(event_detail_json(event), R"({"ticket":"T","pollKey":"R","userInfo":{}})");
  event.type = event_type::error;
  event.error_code = 1005;
  event.message = "m";
  EXPECT_EQ(event_detail_json(event), R"({"code":1005,"message":"m"})");
  event.type = event_type::statechange;
  event.state = "scanned";
  EXPECT_EQ(event_detail_json(event), R"({"state":"scanned"})");
  EXPECT_STREQ(event_type_name(event_type::cancel), "cancel");
}

TEST(HostJson, InvalidUtf8NeverBreaksTheJson) {
  login_event event;
  event.type = event_type::error;
  event.message = "bad \xff\xfe byte";
  EXPECT_EQ(event_detail_json(event),
            "{\"code\":0,\"message\":\"bad \xEF\xBF\xBD\xEF\xBF\xBD byte\"}");
}

TEST(HostJson, HeadersAreAnEscapedObject) {
  EXPECT_EQ(headers_json({{"x-authing-app-id", "a\"b\n"}, {"x-authing-lang", "en-US"}}),
            R"({"x-authing-app-id":"a\"b\n","x-authing-lang":"en-US"})");
  EXPECT_EQ(headers_json({}), "{}");
}

}  // namespace
}  // namespace scan_login
