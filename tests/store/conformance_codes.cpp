// Store conformance: inserting and reading codes, and moving them through
// their statuses (PROTOCOL.md transitions), on every backend.

#include "conformance_fixture.hpp"

namespace scan_login::server::testing::conformance {
namespace {

class StoreCodes : public store_conformance {};
SCAN_LOGIN_STORE_SUITE(StoreCodes);

void expect_same_code(const code_record& actual, const code_record& expected) {
  EXPECT_EQ(actual.random, expected.random);
  EXPECT_EQ(actual.code, expected.code);
  EXPECT_EQ(actual.app_id, expected.app_id);
  EXPECT_EQ(actual.status, expected.status);
  EXPECT_EQ(actual.created_at, expected.created_at);
  EXPECT_EQ(actual.expires_at, expected.expires_at);
  EXPECT_EQ(actual.client_ip, expected.client_ip);
  EXPECT_EQ(actual.browser, expected.browser);
  EXPECT_EQ(actual.redirect_uri, expected.redirect_uri);
  EXPECT_EQ(actual.params, expected.params);
  EXPECT_EQ(actual.context, expected.context);
  EXPECT_EQ(actual.scanner.openid, expected.scanner.openid);
  EXPECT_EQ(actual.scanner.unionid, expected.scanner.unionid);
  EXPECT_EQ(actual.scanner.nickname, expected.scanner.nickname);
  EXPECT_EQ(actual.scanner.photo, expected.scanner.photo);
  EXPECT_EQ(actual.scan_token, expected.scan_token);
  EXPECT_EQ(actual.ticket, expected.ticket);
  EXPECT_EQ(actual.user_id, expected.user_id);
}

TEST_P(StoreCodes, InsertedCodeReadsBackByRandomAndByCode) {
  const auto record = waiting_code("a");
  ASSERT_TRUE(db().insert_code(record));
  const auto by_random = db().code_by_random("r-a");
  const auto by_code = db().code_by_code("c-a");
  ASSERT_TRUE(by_random);
  ASSERT_TRUE(by_code);
  expect_same_code(*by_random, record);
  expect_same_code(*by_code, record);
  EXPECT_FALSE(db().code_by_random("c-a"));
  EXPECT_FALSE(db().code_by_code("r-a"));
  EXPECT_FALSE(db().code_by_random("nope"));
}

TEST_P(StoreCodes, DuplicateRandomOrCodeIsRefusedAndChangesNothing) {
  ASSERT_TRUE(db().insert_code(waiting_code("a")));
  auto same_random = waiting_code("b");
  same_random.random = "r-a";
  auto same_code = waiting_code("c");
  same_code.code = "c-a";
  EXPECT_FALSE(db().insert_code(same_random));
  EXPECT_FALSE(db().insert_code(same_code));
  EXPECT_FALSE(db().code_by_code("c-b"));
  EXPECT_FALSE(db().code_by_random("r-c"));
  expect_same_code(*db().code_by_random("r-a"), waiting_code("a"));
}

TEST_P(StoreCodes, ParamsAndContextRoundTripExactly) {
  auto record = waiting_code("a");
  record.params =
      " {\"k\" : \"\\u00e9 \\\"quoted\\\" \xe4\xb8\xad\xe6\x96\x87 "
      "\xf0\x9f\x98\x80\",\n\t\"n\":[1,2.50,null]} ";
  record.context = std::string(4000, 'x');
  auto empty = waiting_code("e");
  empty.params = "";
  empty.context = "{}";
  ASSERT_TRUE(db().insert_code(record));
  ASSERT_TRUE(db().insert_code(empty));
  EXPECT_EQ(db().code_by_random("r-a")->params, record.params);
  EXPECT_EQ(db().code_by_random("r-a")->context, record.context);
  EXPECT_EQ(db().code_by_random("r-e")->params, "");
  EXPECT_EQ(db().code_by_random("r-e")->context, "{}");
}

TEST_P(StoreCodes, ScanSetsScannerAndScanToken) {
  ASSERT_TRUE(db().insert_code(waiting_code("a")));
  auto request = scan_request("c-a", "o1");
  request.scanner->unionid = "u-o1";
  const auto result = db().transition(request, std::nullopt);
  ASSERT_TRUE(result.moved);
  ASSERT_TRUE(result.record);
  EXPECT_EQ(result.record->status, code_status::scanned);
  EXPECT_FALSE(result.user);
  const auto stored = db().code_by_code("c-a");
  EXPECT_EQ(stored->status, code_status::scanned);
  EXPECT_EQ(stored->scanner.openid, "o1");
  EXPECT_EQ(stored->scanner.unionid, "u-o1");
  EXPECT_EQ(stored->scanner.nickname, "Nick o1");
  EXPECT_EQ(stored->scanner.photo, "https://img.example/o1.png");
  EXPECT_EQ(stored->scan_token, "token-o1");
  expect_same_code(*result.record, *stored);
}

TEST_P(StoreCodes, ConfirmInsertsTicketLinksCodeAndCountsTheLogin) {
  ASSERT_TRUE(db().insert_code(waiting_code("a")));
  ASSERT_TRUE(db().transition(scan_request("c-a", "o1"), std::nullopt).moved);
  const std::int64_t now = t0 + 2'000;
  const auto result = db().transition(answer_request("c-a", "o1", code_status::confirmed, now),
                                      confirm_of("a", "openid:o1", "13800138000", "u1", now));
  ASSERT_TRUE(result.moved);
  ASSERT_TRUE(result.user);
  EXPECT_EQ(result.user->id, "u1");
  EXPECT_EQ(result.user->phone, "13800138000");
  EXPECT_EQ(result.user->logins_count, 1);
  EXPECT_EQ(result.user->last_login_at, now);
  EXPECT_EQ(result.user->registered_at, now);
  EXPECT_EQ(result.record->status, code_status::confirmed);
  EXPECT_EQ(result.record->ticket, "t-a");
  EXPECT_EQ(result.record->user_id, "u1");

  const auto ticket = db().ticket("t-a");
  ASSERT_TRUE(ticket);
  EXPECT_EQ(ticket->user_id, "u1");
  EXPECT_EQ(ticket->app_id, "app1");
  EXPECT_EQ(ticket->redirect_uri, "https://site.example/callback");
  EXPECT_EQ(ticket->params, R"({"a":1})");
  EXPECT_EQ(ticket->expires_at, now + 300'000);
  EXPECT_FALSE(ticket->used);
  const auto user = db().user_by_id("u1");
  EXPECT_EQ(user->logins_count, 1);
  EXPECT_EQ(user->last_login_at, now);
  EXPECT_EQ(db().code_by_random("r-a")->ticket, "t-a");
  EXPECT_EQ(db().code_by_random("r-a")->user_id, "u1");

  // A second login of the same person counts on the same account.
  ASSERT_TRUE(db().insert_code(waiting_code("b")));
  ASSERT_TRUE(db().transition(scan_request("c-b", "o1"), std::nullopt).moved);
  const auto again = db().transition(answer_request("c-b", "o1", code_status::confirmed, now + 5),
                                     confirm_of("b", "openid:o1", "", "u2", now + 5));
  ASSERT_TRUE(again.moved);
  EXPECT_EQ(again.user->id, "u1");
  EXPECT_EQ(again.user->logins_count, 2);
  EXPECT_EQ(db().user_by_id("u1")->last_login_at, now + 5);
  EXPECT_EQ(db().user_by_id("u1")->registered_at, now);
  EXPECT_FALSE(db().user_by_id("u2"));
}

TEST_P(StoreCodes, CancelMovesAScannedCode) {
  ASSERT_TRUE(db().insert_code(waiting_code("a")));
  ASSERT_TRUE(db().transition(scan_request("c-a", "o1"), std::nullopt).moved);
  const auto result =
      db().transition(answer_request("c-a", "o1", code_status::cancelled), std::nullopt);
  EXPECT_TRUE(result.moved);
  EXPECT_EQ(result.record->status, code_status::cancelled);
  EXPECT_EQ(db().code_by_code("c-a")->status, code_status::cancelled);
  EXPECT_TRUE(db().code_by_code("c-a")->ticket.empty());
}

// A refused move answers the record as found and leaves everything as it was.
void expect_refused(store& db, const transition_request& request,
                    const std::optional<confirm_effects>& confirm, const code_record& before) {
  const auto result = db.transition(request, confirm);
  EXPECT_FALSE(result.moved);
  EXPECT_FALSE(result.user);
  ASSERT_TRUE(result.record);
  expect_same_code(*result.record, before);
  expect_same_code(*db.code_by_code(before.code), before);
  if (confirm) {
    EXPECT_FALSE(db.ticket(confirm->ticket.ticket));
    EXPECT_FALSE(db.user_by_id(confirm->new_user_id));
  }
}

TEST_P(StoreCodes, WrongFromIsRefusedAndChangesNothing) {
  ASSERT_TRUE(db().insert_code(waiting_code("a")));
  const auto waiting = *db().code_by_code("c-a");
  expect_refused(db(), answer_request("c-a", "o1", code_status::cancelled), std::nullopt, waiting);
  // Without a scan token expected, the status alone must match.
  auto confirm = answer_request("c-a", "o1", code_status::confirmed);
  confirm.expect_scan_token.clear();
  expect_refused(db(), confirm, confirm_of("a", "openid:o1", "13800138000", "u1"), waiting);

  ASSERT_TRUE(db().transition(scan_request("c-a", "o1"), std::nullopt).moved);
  const auto scanned = *db().code_by_code("c-a");
  // A second phone cannot take over a scanned code.
  expect_refused(db(), scan_request("c-a", "o2"), std::nullopt, scanned);
}

TEST_P(StoreCodes, WrongScanTokenIsRefusedAndChangesNothing) {
  ASSERT_TRUE(db().insert_code(waiting_code("a")));
  ASSERT_TRUE(db().transition(scan_request("c-a", "o1"), std::nullopt).moved);
  const auto scanned = *db().code_by_code("c-a");
  expect_refused(db(), answer_request("c-a", "o2", code_status::cancelled), std::nullopt, scanned);
  expect_refused(db(), answer_request("c-a", "o2", code_status::confirmed),
                 confirm_of("a", "openid:o2", "13800138000", "u1"), scanned);
}

TEST_P(StoreCodes, ExpiredCodeIsRefusedAndChangesNothing) {
  ASSERT_TRUE(db().insert_code(waiting_code("a")));
  ASSERT_TRUE(db().insert_code(waiting_code("b")));
  const std::int64_t expiry = t0 + 120'000;
  ASSERT_TRUE(db().transition(scan_request("c-b", "o1"), std::nullopt).moved);
  const auto waiting = *db().code_by_code("c-a");
  const auto scanned = *db().code_by_code("c-b");
  // At expires_at exactly the code has expired.
  expect_refused(db(), scan_request("c-a", "o1", expiry), std::nullopt, waiting);
  expect_refused(db(), scan_request("c-a", "o1", expiry + 60'000), std::nullopt, waiting);
  expect_refused(db(), answer_request("c-b", "o1", code_status::cancelled, expiry), std::nullopt,
                 scanned);
  expect_refused(db(), answer_request("c-b", "o1", code_status::confirmed, expiry),
                 confirm_of("b", "openid:o1", "13800138000", "u1", expiry), scanned);
  // One millisecond before, it still moves.
  EXPECT_TRUE(db().transition(scan_request("c-a", "o1", expiry - 1), std::nullopt).moved);
}

TEST_P(StoreCodes, UnknownCodeAnswersNoRecord) {
  const auto result = db().transition(scan_request("c-none", "o1"), std::nullopt);
  EXPECT_FALSE(result.moved);
  EXPECT_FALSE(result.record);
  EXPECT_FALSE(result.user);
  const auto confirm = db().transition(answer_request("c-none", "o1", code_status::confirmed),
                                       confirm_of("none", "openid:o1", "", "u1"));
  EXPECT_FALSE(confirm.moved);
  EXPECT_FALSE(confirm.record);
  EXPECT_FALSE(db().ticket("t-none"));
  EXPECT_FALSE(db().user_by_id("u1"));
}

TEST_P(StoreCodes, EffectiveStatusReadsExpiredForWaitingAndScannedOnly) {
  auto record = waiting_code("a");
  EXPECT_EQ(effective_status(record, record.expires_at - 1), code_status::waiting);
  EXPECT_EQ(effective_status(record, record.expires_at), code_status::expired);
  record.status = code_status::scanned;
  EXPECT_EQ(effective_status(record, record.expires_at), code_status::expired);
  record.status = code_status::confirmed;
  EXPECT_EQ(effective_status(record, record.expires_at + 1), code_status::confirmed);
  record.status = code_status::cancelled;
  EXPECT_EQ(effective_status(record, record.expires_at + 1), code_status::cancelled);
}

}  // namespace
}  // namespace scan_login::server::testing::conformance
