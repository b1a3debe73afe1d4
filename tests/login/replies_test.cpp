#include "login/replies.hpp"

#include <gtest/gtest.h>

namespace scan_login {
namespace {

TEST(GeneReply, ReadsEveryField) {
  auto reply = parse_gene_reply(
      R"({"code":200,"message":"","data":{"random":"R","qrcodeContent":"https://s/m/C",)"
      R"("url":"u","customLogo":"https://s/l.png","expiresIn":120,"expireAt":1700000120000}})");
  ASSERT_TRUE(reply) << reply.error_message();
  EXPECT_EQ(reply->random, "R");
  EXPECT_EQ(reply->qrcode_content, "https://s/m/C");
  EXPECT_EQ(reply->custom_logo, "https://s/l.png");
  EXPECT_EQ(reply->expires_in_ms, 120000);
  EXPECT_EQ(reply->expire_at_ms, 1700000120000);
}

TEST(GeneReply, OptionalFieldsMayBeNullOrAbsent) {
  auto reply = parse_gene_reply(
      R"({"code":200,"data":{"random":"R","qrcodeContent":"C","customLogo":null,"expiresIn":"9"}})");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->custom_logo, "");
  EXPECT_EQ(reply->expires_in_ms, -1);
  EXPECT_EQ(reply->expire_at_ms, -1);
}

TEST(GeneReply, HugeLifetimeDoesNotOverflow) {
  auto reply = parse_gene_reply(
      R"({"code":200,"data":{"random":"R","qrcodeContent":"C","expiresIn":9000000000000000000}})");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->expires_in_ms, -1);
}

TEST(GeneReply, RefusesMissingOrEmptyRequiredFields) {
  for (const char* body : {R"({"code":200,"data":{"qrcodeContent":"C"}})",
                           R"({"code":200,"data":{"random":"","qrcodeContent":"C"}})",
                           R"({"code":200,"data":{"random":"R","qrcodeContent":["C"]}})",
                           R"({"code":201,"data":{"random":"R","qrcodeContent":"C"}})",
                           R"({"data":{"random":"R","qrcodeContent":"C"}})"}) {
    EXPECT_FALSE(parse_gene_reply(body)) << body;
  }
}

TEST(CheckReply, ReadsStatusTicketAndUser) {
  auto reply = parse_check_reply(
      R"({"code":200,"data":{"status":2,"ticket":"T","userInfo":{"nickname":"N","photo":"https://p/a.png","x":[1]}}})");
  ASSERT_TRUE(reply) << reply.error_message();
  EXPECT_EQ(reply->status, 2);
  EXPECT_EQ(reply->ticket, "T");
  EXPECT_EQ(reply->nickname, "N");
  EXPECT_EQ(reply->photo, "https://p/a.png");
  EXPECT_EQ(reply->user_info_json, R"({"nickname":"N","photo":"https://p/a.png","x":[1]})");
}

TEST(CheckReply, AcceptsIntegralFloatsAndMissingUser) {
  auto reply = parse_check_reply(R"({"code":200.0,"data":{"status":-1.0}})");
  ASSERT_TRUE(reply) << reply.error_message();
  EXPECT_EQ(reply->status, -1);
  EXPECT_EQ(reply->user_info_json, "{}");
}

TEST(CheckReply, UnsafePhotosAreBlankedEverywhere) {
  auto reply = parse_check_reply(
      R"j({"code":200,"data":{"status":1,"userInfo":{"nickname":"<img src=x onerror=alert(1)>",)j"
      R"j("photo":"javascript:alert(1)"}}})j");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->nickname, "<img src=x onerror=alert(1)>");
  EXPECT_EQ(reply->photo, "");
  EXPECT_EQ(reply->user_info_json, R"j({"nickname":"<img src=x onerror=alert(1)>","photo":""})j");
  auto wrong_type =
      parse_check_reply(R"({"code":200,"data":{"status":1,"userInfo":{"photo":{}}}})");
  ASSERT_TRUE(wrong_type);
  EXPECT_EQ(wrong_type->user_info_json, R"({"photo":""})");
}

TEST(CheckReply, RefusesWrongShapes) {
  for (const std::string& body : std::vector<std::string>{
           "",
           " ",
           "{",
           "null",
           "true",
           "[1,2]",
           R"("text")",
           R"({"code":200})",
           R"({"code":200,"data":"x"})",
           R"({"code":200,"data":{}})",
           R"({"code":200,"data":{"status":null}})",
           R"({"code":200,"data":{"status":true}})",
           R"({"code":200,"data":{"status":0.5}})",
           R"({"code":200,"data":{"status":1e300}})",
           R"({"code":200,"data":{"status":18446744073709551615}})",
           R"({"code":200,"data":{"status":2,"ticket":""}})",
           R"({"code":200,"data":{"status":2,"ticket":null}})",
           std::string(max_reply_bytes + 1, ' '),
           std::string(100000, '[') + std::string(100000, ']'),
           std::string(R"({"code":200,"data":{"status":1,"x":")") + "\xc3\x28" + "\"}}"}) {
    auto reply = parse_check_reply(body);
    EXPECT_FALSE(reply) << body.substr(0, 80);
    EXPECT_FALSE(reply.error_message().empty());
  }
}

TEST(CheckReply, NestingIsLimitedBeforeParsing) {
  auto nested = [](int depth) {
    return R"({"code":200,"data":{"status":1,"userInfo":{"deep":)" + std::string(depth, '[') +
           std::string(depth, ']') + "}}}";
  };
  auto shallow = parse_check_reply(nested(max_json_depth - 3));
  ASSERT_TRUE(shallow) << shallow.error_message();
  EXPECT_EQ(shallow->status, 1);
  EXPECT_FALSE(parse_check_reply(nested(max_json_depth - 2)));
  EXPECT_FALSE(parse_check_reply(nested(50000)));
}

TEST(JsonNesting, CountsBracketsOutsideStringsOnly) {
  EXPECT_TRUE(json_nesting_within(R"({"a":[{"b":[]}]})", 4));
  EXPECT_FALSE(json_nesting_within(R"({"a":[{"b":[]}]})", 3));
  EXPECT_TRUE(json_nesting_within(R"({"a":"[[[[[[\"[[[["})", 1));
  EXPECT_TRUE(json_nesting_within("", 0));
}

TEST(UserInfoReply, ReturnsTheDataObjectWithASafePhoto) {
  auto user = parse_user_info_reply(
      R"({"code":200,"data":{"id":"u1","name":"张三","photo":"data:text/html,x","token":"j.w.t"}})");
  ASSERT_TRUE(user);
  EXPECT_EQ(user.value(), R"({"id":"u1","name":"张三","photo":"","token":"j.w.t"})");
  EXPECT_FALSE(parse_user_info_reply(R"({"code":200,"data":null})"));
}

TEST(CallbackUrls, KeepsOnlyStrings) {
  auto urls = parse_callback_urls(R"({"code":200,"data":{"callbackUrls":["a",1,null,"b"]}})");
  ASSERT_TRUE(urls);
  EXPECT_EQ(urls.value(), (std::vector<std::string>{"a", "b"}));
  EXPECT_FALSE(parse_callback_urls(R"({"code":200,"data":{"callbackUrls":{"0":"a"}}})"));
  EXPECT_FALSE(parse_callback_urls(R"({"code":200,"data":{}})"));
}

TEST(ServerError, UsesTheEnvelopeWhenThereIsOne) {
  auto failure =
      parse_server_error(400, R"({"code":40001,"message":"bad redirectUri","data":null})");
  EXPECT_EQ(failure.code, 40001);
  EXPECT_EQ(failure.message, "bad redirectUri");
}

TEST(ServerError, FallsBackToTheHttpStatus) {
  for (const char* body : {"", "<html>", R"({"code":"x","message":5})", R"({"code":1e100})"}) {
    auto failure = parse_server_error(403, body);
    EXPECT_EQ(failure.code, 403) << body;
    EXPECT_EQ(failure.message, "the server answered HTTP 403") << body;
  }
}

TEST(ServerError, LongMessagesAreCut) {
  auto failure =
      parse_server_error(400, R"({"code":1,"message":")" + std::string(2000, 'm') + "\"}");
  EXPECT_EQ(failure.message.size(), 500u);
}

}  // namespace
}  // namespace scan_login
