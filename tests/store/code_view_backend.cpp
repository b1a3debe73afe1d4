// PostgreSQL behind the per-process code view, as the server runs it: the
// whole conformance suite runs against it too (the view must keep every
// promise of the store), plus the view's own cases below.

#include <gtest/gtest.h>

#include "backends.hpp"
#include "conformance_fixture.hpp"
#include "store/code_view_store.hpp"

namespace scan_login::server::testing {

store_backend postgres_view_backend() {
  auto backend = postgres_backend();
  backend.name = "postgres_view";
  auto create = backend.create;
  backend.create = [create] {
    auto plain = create();
    store_backend::instance viewed;
    viewed.first = std::make_unique<code_view_store>(std::move(plain.first));
    auto again = plain.open_again;
    viewed.open_again = [again]() -> std::unique_ptr<store> {
      return std::make_unique<code_view_store>(again());
    };
    return viewed;
  };
  return backend;
}

namespace conformance {
namespace {

class CodeView : public ::testing::Test {
 protected:
  void SetUp() override { instance_ = postgres_view_backend().create(); }
  store_backend::instance instance_;
};

TEST_F(CodeView, ACodeMadeThroughAnotherProcessIsFoundAtOnce) {
  auto other = instance_.open_again();
  ASSERT_TRUE(instance_.first->code_by_random("r-absent") == std::nullopt);
  ASSERT_TRUE(other->insert_code(waiting_code("a")));
  const auto found = instance_.first->code_by_random("r-a");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->status, code_status::waiting);
}

TEST_F(CodeView, AChangeThroughAnotherProcessIsReadFreshOnceTheFeedNamesIt) {
  auto other = instance_.open_again();
  feed_recorder heard;
  instance_.first->set_feed_listener(&heard);
  ASSERT_TRUE(other->insert_code(waiting_code("b")));
  ASSERT_EQ(instance_.first->code_by_random("r-b")->status, code_status::waiting);  // cached
  ASSERT_TRUE(other->transition(scan_request("c-b", "o1"), std::nullopt).moved);
  ASSERT_TRUE(heard.wait_for("r-b"));
  // The listener hears it after the view forgot the stale entry.
  EXPECT_EQ(instance_.first->code_by_random("r-b")->status, code_status::scanned);
  instance_.first->set_feed_listener(nullptr);
}

TEST_F(CodeView, AMoveThroughThisProcessIsReadFreshAtOnce) {
  auto& view = *instance_.first;
  ASSERT_TRUE(view.insert_code(waiting_code("c")));
  ASSERT_EQ(view.code_by_random("r-c")->status, code_status::waiting);
  ASSERT_TRUE(view.transition(scan_request("c-c", "o1"), std::nullopt).moved);
  EXPECT_EQ(view.code_by_random("r-c")->status, code_status::scanned);
}

}  // namespace
}  // namespace conformance
}  // namespace scan_login::server::testing
