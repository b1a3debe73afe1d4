// Both stores behind the per-process view, as the server runs them: the
// whole conformance suite runs against each (the view must keep every
// promise of the store), plus the view's own cases below: what it answers
// from memory (also inside a memory_only_scope, as the io thread asks), and
// that a change through another process is read fresh once the feed names it.

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "backends.hpp"
#include "conformance_fixture.hpp"
#include "store/code_view_store.hpp"
#include "store/memory_only.hpp"

namespace scan_login::server::testing {
namespace {

store_backend viewed(store_backend backend, std::string name) {
  backend.name = std::move(name);
  auto create = backend.create;
  backend.create = [create] {
    auto plain = create();
    store_backend::instance instance;
    instance.first = std::make_unique<code_view_store>(std::move(plain.first));
    auto again = plain.open_again;
    instance.open_again = [again]() -> std::unique_ptr<store> {
      return std::make_unique<code_view_store>(again());
    };
    return instance;
  };
  return backend;
}

}  // namespace

store_backend postgres_view_backend() { return viewed(postgres_backend(), "postgres_view"); }
store_backend sqlite_view_backend() { return viewed(sqlite_backend(), "sqlite_view"); }

namespace conformance {
namespace {

app_config app_called(const std::string& id, const std::string& name) {
  app_config app;
  app.app_id = id;
  app.name = name;
  app.callback_urls = {"https://" + id + ".example/callback"};
  return app;
}

// Waits (up to 10 s, a third of the view's entry age) until `done`.
template <typename Done>
bool within_ten_seconds(Done&& done) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!done()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

// Whether the view answers app `id` from memory.
bool app_from_memory(store& view, const std::string& id) {
  memory_only_scope scope;
  try {
    return view.app(id).has_value();
  } catch (const would_block&) {
    return false;
  }
}

class CodeView : public ::testing::TestWithParam<store_backend> {
 protected:
  void SetUp() override { instance_ = GetParam().create(); }
  store& view() { return *instance_.first; }
  store_backend::instance instance_;
};
INSTANTIATE_TEST_SUITE_P(Views, CodeView,
                         ::testing::Values(sqlite_view_backend(), postgres_view_backend()),
                         backend_name);

TEST_P(CodeView, AMoveThroughThisProcessIsReadFreshAtOnce) {
  ASSERT_TRUE(view().insert_code(waiting_code("c")));
  ASSERT_EQ(view().code_by_random("r-c")->status, code_status::waiting);
  ASSERT_TRUE(view().transition(scan_request("c-c", "o1"), std::nullopt).moved);
  EXPECT_EQ(view().code_by_random("r-c")->status, code_status::scanned);
}

TEST_P(CodeView, MemoryOnlyCallsAnswerWhatTheViewHoldsAndRefuseTheRest) {
  ASSERT_TRUE(view().insert_code(waiting_code("m")));
  ASSERT_TRUE(view().insert_app(app_called("app-m", "Before")));
  {
    memory_only_scope scope;
    // Not read yet: the view must ask the database.
    EXPECT_THROW(view().code_by_random("r-m"), would_block);
    EXPECT_THROW(view().app("app-m"), would_block);
  }
  ASSERT_TRUE(view().code_by_random("r-m"));
  // On PostgreSQL the view also hears its own app write come back from the
  // feed (and forgets the app once more): read until it keeps the app.
  ASSERT_TRUE(within_ten_seconds([&] {
    view().app("app-m");
    return app_from_memory(view(), "app-m");
  }));
  {
    memory_only_scope scope;
    EXPECT_TRUE(memory_only());
    const auto code = view().code_by_random("r-m");
    ASSERT_TRUE(code);
    EXPECT_EQ(code->status, code_status::waiting);
    EXPECT_EQ(view().app("app-m")->name, "Before");
    // A poll key the view does not hold is never "unknown" from memory.
    EXPECT_THROW(view().code_by_random("r-absent"), would_block);
    // Every verb that reaches the database refuses before any effect.
    EXPECT_THROW(view().insert_code(waiting_code("n")), would_block);
    EXPECT_THROW(view().transition(scan_request("c-m", "o1"), std::nullopt), would_block);
    EXPECT_THROW(view().ticket("t-m"), would_block);
    EXPECT_THROW(view().update_app(app_called("app-m", "During")), would_block);
    EXPECT_THROW(view().ping(), would_block);
  }
  EXPECT_FALSE(memory_only());
  EXPECT_FALSE(view().code_by_random("r-n"));
  EXPECT_EQ(view().code_by_random("r-m")->status, code_status::waiting);
  EXPECT_EQ(view().app("app-m")->name, "Before");
}

TEST_P(CodeView, AnAppWrittenThroughThisViewIsReadFreshAtOnce) {
  ASSERT_TRUE(view().insert_app(app_called("app-w", "First")));
  ASSERT_EQ(view().app("app-w")->name, "First");
  ASSERT_TRUE(view().update_app(app_called("app-w", "Second")));
  EXPECT_EQ(view().app("app-w")->name, "Second");
  ASSERT_TRUE(view().delete_app("app-w"));
  EXPECT_FALSE(view().app("app-w"));
  ASSERT_TRUE(view().insert_app(app_called("app-w", "Third")));
  EXPECT_EQ(view().app("app-w")->name, "Third");
}

TEST_P(CodeView, AnUnknownAppIsNeverKept) {
  EXPECT_FALSE(view().app("app-later"));
  ASSERT_TRUE(view().insert_app(app_called("app-later", "Made")));
  memory_only_scope scope;
  EXPECT_THROW(view().app("app-later"), would_block);
}

// Only for a store several processes share.
class CodeViewAcrossProcesses : public CodeView {};
INSTANTIATE_TEST_SUITE_P(Views, CodeViewAcrossProcesses, ::testing::Values(postgres_view_backend()),
                         backend_name);

TEST_P(CodeViewAcrossProcesses, ACodeMadeThroughAnotherProcessIsFoundAtOnce) {
  auto other = instance_.open_again();
  ASSERT_TRUE(view().code_by_random("r-absent") == std::nullopt);
  ASSERT_TRUE(other->insert_code(waiting_code("a")));
  const auto found = view().code_by_random("r-a");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->status, code_status::waiting);
}

TEST_P(CodeViewAcrossProcesses, AChangeThroughAnotherProcessIsReadFreshOnceTheFeedNamesIt) {
  auto other = instance_.open_again();
  feed_recorder heard;
  view().set_feed_listener(&heard);
  ASSERT_TRUE(other->insert_code(waiting_code("b")));
  ASSERT_EQ(view().code_by_random("r-b")->status, code_status::waiting);  // cached
  ASSERT_TRUE(other->transition(scan_request("c-b", "o1"), std::nullopt).moved);
  ASSERT_TRUE(heard.wait_for("r-b"));
  // The listener hears it after the view forgot the stale entry.
  EXPECT_EQ(view().code_by_random("r-b")->status, code_status::scanned);
  view().set_feed_listener(nullptr);
}

TEST_P(CodeViewAcrossProcesses, AnAppChangedThroughAnotherProcessIsReadFreshOnceTheFeedNamesIt) {
  auto other = instance_.open_again();
  ASSERT_TRUE(other->insert_app(app_called("app-x", "Old name")));
  ASSERT_EQ(view().app("app-x")->name, "Old name");  // now held by the view
  ASSERT_TRUE(other->update_app(app_called("app-x", "New name")));
  EXPECT_TRUE(within_ten_seconds([&] { return view().app("app-x")->name == "New name"; }));
  ASSERT_TRUE(other->delete_app("app-x"));
  EXPECT_TRUE(within_ten_seconds([&] { return !view().app("app-x"); }));
}

}  // namespace
}  // namespace conformance
}  // namespace scan_login::server::testing
