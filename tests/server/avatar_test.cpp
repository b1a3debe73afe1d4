// The avatar the person picks on the phone (chooseAvatar): uploaded between
// scan and confirm by the scanner only, checked to be the picture it says it
// is, served back from the server's own URL as an inert picture, and taken
// into the account at confirm with the nickname (display data, never
// identity).

#include "handler_fixture.hpp"

namespace scan_login::server::testing {
namespace {

const std::string png = std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) + "-rest-of-a-png";

class avatar : public handler_test {
 protected:
  avatar() : code_(code_of(gene())) {}

  response upload(const std::string& token, const std::string& bytes,
                  const std::string& type = "image/png") {
    return send(http::verb::post, "/api/v2/qrcode/avatar?code=" + code_ + "&scanToken=" + token,
                bytes, {{"content-type", type}});
  }

  std::string code_;
};

TEST_F(avatar, the_scanner_uploads_a_picture_and_it_is_served_back_inert) {
  const auto token = scan(code_);
  const auto res = upload(token, png);
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  const auto photo = body_of(res)["data"]["photo"].get<std::string>();
  ASSERT_EQ(photo.rfind(std::string{base} + "/avatars/", 0), 0u) << photo;
  EXPECT_EQ(photo.substr(photo.size() - 4), ".png");
  const auto served = get(photo.substr(std::string{base}.size()));
  ASSERT_EQ(served.result(), http::status::ok);
  EXPECT_EQ(served.body(), png);
  EXPECT_EQ(served[http::field::content_type], "image/png");
  EXPECT_EQ(served["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(served["Content-Security-Policy"], "default-src 'none'; sandbox");
  EXPECT_NE(served[http::field::cache_control].find("immutable"), std::string::npos);
  // The same picture again is the same file.
  EXPECT_EQ(body_of(upload(token, png))["data"]["photo"], photo);
  // Another extension or an unknown id is not there.
  EXPECT_EQ(
      get(photo.substr(std::string{base}.size(), photo.size() - std::string{base}.size() - 4) +
          ".jpg")
          .result(),
      http::status::not_found);
  EXPECT_EQ(get("/avatars/../../etc/passwd").result(), http::status::not_found);
  EXPECT_EQ(get("/avatars/" + std::string(64, 'a') + ".png").result(), http::status::not_found);
}

TEST_F(avatar, only_the_scanner_of_a_scanned_code_uploads) {
  auto res = upload("anything", png);
  EXPECT_EQ(res.result(), http::status::conflict);  // not scanned yet
  EXPECT_EQ(body_of(res)["code"], 40901);
  scan(code_);
  res = upload("forged", png);
  EXPECT_EQ(res.result(), http::status::conflict);
  EXPECT_EQ(body_of(res)["code"], 40903);
  res = send(http::verb::post, "/api/v2/qrcode/avatar?code=" + code_, png,
             {{"content-type", "image/png"}});
  EXPECT_EQ(res.result(), http::status::bad_request);
  EXPECT_EQ(body_of(res)["message"].get<std::string>().rfind("scanToken", 0), 0u);
}

TEST_F(avatar, a_body_that_is_not_the_picture_its_type_names_is_refused) {
  const auto token = scan(code_);
  for (const auto& [bytes, type] : std::vector<std::pair<std::string, std::string>>{
           {"<svg onload=alert(1)>", "image/svg+xml"},
           {"<html><script>alert(1)</script>", "image/png"},
           {png, "image/jpeg"},
           {png, "text/html"},
           {"RIFF\x10\0\0\0WEBX-not-webp", "image/webp"}}) {
    const auto res = upload(token, bytes, type);
    EXPECT_EQ(res.result(), http::status::unsupported_media_type) << type;
    EXPECT_EQ(body_of(res)["code"], 41502);
  }
  const std::string webp = std::string("RIFF\x10\0\0\0WEBPVP8 ", 16) + "payload";
  EXPECT_EQ(upload(token, webp, "image/webp").result(), http::status::ok);
  EXPECT_EQ(upload(token, "\xff\xd8\xff\xe0 jpeg", "image/jpeg").result(), http::status::ok);
}

TEST_F(avatar, confirm_takes_the_picked_nickname_and_photo_but_never_an_identity) {
  const auto token = scan(code_);
  const auto photo = body_of(upload(token, png))["data"]["photo"].get<std::string>();
  auto res = post("/api/v2/qrcode/confirm",
                  {{"code", code_}, {"scanToken", token}, {"wechatUser", {{"openid", "victim"}}}});
  EXPECT_EQ(res.result(), http::status::bad_request);
  EXPECT_EQ(body_of(res)["message"].get<std::string>().rfind("wechatUser", 0), 0u);
  res = post("/api/v2/qrcode/confirm", {{"code", code_},
                                        {"scanToken", token},
                                        {"wechatUser", {{"nickname", "Ada"}, {"photo", photo}}}});
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  const auto user = *store_->user_by_id(stored_code(code_).user_id);
  EXPECT_EQ(user.nickname, "Ada");
  EXPECT_EQ(user.photo, photo);
  EXPECT_EQ(user.openid, "openid-1");  // the scan's identity
}

}  // namespace
}  // namespace scan_login::server::testing
