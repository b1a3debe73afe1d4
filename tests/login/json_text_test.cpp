// The lifecycle's own JSON reader and writer (wasm/login/json_text.hpp),
// checked against nlohmann/json (the server's JSON library, present
// natively): both must accept and refuse the same texts, and what ours
// writes must read back, under either, as the same document.

#include "login/json_text.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace scan_login {
namespace {

// Texts on both sides of RFC 8259's grammar, UTF-8 and escapes included.
const std::vector<std::string> corpus = {
    "null",
    "true",
    "false",
    "0",
    "-0",
    "1",
    "-1",
    "12.5",
    "1e3",
    "1E+3",
    "1e-3",
    "-0.0e0",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "1e99999",
    R"("")",
    R"("a")",
    R"("\"\\\/\b\f\n\r\t")",
    R"("\u0041\u00e9\u4e2d")",
    R"("\ud83d\ude00")",
    "\"\xE4\xB8\xAD\"",
    "\"\xF0\x9F\x98\x80\"",
    "[]",
    "[1,2,3]",
    "{}",
    R"({"a":1,"b":[true,null]})",
    R"({"a":1,"a":2})",
    " \t\r\n[ 1 , { \"k\" : \"v\" } ] \n",
    // refused
    "",
    " ",
    "nul",
    "tru",
    "True",
    "NULL",
    "01",
    "-",
    "+1",
    "1.",
    ".5",
    "1e",
    "1e+",
    "0x10",
    "NaN",
    "Infinity",
    "[1,]",
    "[,1]",
    "{,}",
    R"({"a":1,})",
    R"({"a" 1})",
    R"({a:1})",
    R"({"a":})",
    "[1 2]",
    "[",
    "]",
    "{",
    "}",
    R"("abc)",
    R"("\x")",
    R"("\u12")",
    R"("\u12G4")",
    R"("\ud800")",
    R"("\udc00")",
    R"("\ud800\u0041")",
    R"("\ud800x")",
    "\"a\x01\"",
    "\"\t\"",
    "\"\xC3\"",
    "\"\xC0\xAF\"",
    "\"\xE0\x80\xAF\"",
    "\"\xED\xA0\x80\"",
    "\"\xF4\x90\x80\x80\"",
    "\"\xFF\"",
    "\"\x80\"",
    "1 2",
    "[] []",
    "null x",
    "'a'",
    "[1]\x00",
    std::string("\"a\0b\"", 5),
};

TEST(JsonText, AcceptsAndRefusesWhatNlohmannDoes) {
  for (const auto& text : corpus) {
    EXPECT_EQ(parse_json(text).has_value(), nlohmann::json::accept(text)) << "text: " << text;
  }
}

TEST(JsonText, RefusesWhatNlohmannIsLaxAbout) {
  // nlohmann/json skips a byte order mark and stops at a NUL byte.
  EXPECT_FALSE(parse_json("\xEF\xBB\xBF{}").has_value());
  EXPECT_FALSE(parse_json(std::string("{}\0garbage", 10)).has_value());
  EXPECT_FALSE(parse_json(std::string("{\"a\":1}\0", 8)).has_value());
}

TEST(JsonText, WritesWhatReadsBackAsTheSameDocument) {
  for (const auto& text : corpus) {
    const auto ours = parse_json(text);
    if (!ours) continue;
    const auto written = dump_json(*ours);
    EXPECT_TRUE(parse_json(written).has_value()) << written;
    // Numbers keep their text; compare the documents with nlohmann.
    EXPECT_EQ(nlohmann::json::parse(written), nlohmann::json::parse(text)) << "text: " << text;
  }
}

TEST(JsonText, ObjectsKeepFirstSeenOrderAndALaterDuplicateWins) {
  const auto value = parse_json(R"({"b":1,"a":2,"b":3})");
  ASSERT_TRUE(value);
  EXPECT_EQ(dump_json(*value), R"({"b":3,"a":2})");
}

TEST(JsonText, NestingIsBounded) {
  const std::string deep = std::string(65, '[') + std::string(65, ']');
  EXPECT_FALSE(parse_json(deep).has_value());
  EXPECT_TRUE(parse_json(deep, 65).has_value());
  const std::string very_deep = std::string(100000, '[');  // no stack overflow
  EXPECT_FALSE(parse_json(very_deep).has_value());
}

TEST(JsonText, InvalidUtf8IsWrittenAsReplacementCharacters) {
  auto object = json_value::object();
  object.set("k", std::string("a\xFF"
                              "b\xC3"));
  EXPECT_EQ(dump_json(object),
            "{\"k\":\"a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD\"}");
}

TEST(JsonText, ControlCharactersAreEscaped) {
  EXPECT_EQ(dump_json(json_value(std::string("\"\\\n\r\t\b\f\x01/", 9))),
            R"("\"\\\n\r\t\b\f\u0001/")");
}

TEST(JsonText, IntegersAreExactWithinInt64) {
  std::int64_t out = 0;
  ASSERT_TRUE(parse_json("-9223372036854775808")->as_integer(out));
  EXPECT_EQ(out, INT64_MIN);
  EXPECT_FALSE(parse_json("9223372036854775808")->as_integer(out));
  ASSERT_TRUE(parse_json("2.0")->as_integer(out));
  EXPECT_EQ(out, 2);
  EXPECT_FALSE(parse_json("2.5")->as_integer(out));
  EXPECT_FALSE(parse_json("1e300")->as_integer(out));
  EXPECT_FALSE(parse_json("\"2\"")->as_integer(out));
}

TEST(JsonText, EscapesBecomeUtf8) {
  EXPECT_EQ(parse_json(R"("\u00e9\ud83d\ude00")")->as_string(), "\xC3\xA9\xF0\x9F\x98\x80");
}

}  // namespace
}  // namespace scan_login
