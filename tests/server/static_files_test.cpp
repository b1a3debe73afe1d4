// Static files through the pure handler: index pages, redirects, MIME types,
// ETags, traversal refusals.

#include "http/static_files.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "api/handler.hpp"

namespace scan_login::server {
namespace {
namespace fs = std::filesystem;

class static_files_test : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ =
        fs::temp_directory_path() /
        ("scan-login-static-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    write("web/index.html", "<h1>home</h1>");
    write("web/playground/index.html", "<h1>playground</h1>");
    write("web/app.js", "export {}");
    write("web/style.css", "body{}");
    write("web/.secret", "no");
    write("wasm/scan-login-qr.wasm", std::string("\0asm", 4));
    site_ = {root_ / "web", root_ / "wasm", "script-src 'self'"};
  }
  void TearDown() override { fs::remove_all(root_); }

  void write(const std::string& rel, const std::string& content) {
    const auto path = root_ / rel;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
  }

  response get(const std::string& target, http::verb verb = http::verb::get) {
    request req{verb, target, 11};
    return serve_static(req, site_);
  }

  fs::path root_;
  static_site site_;
};

TEST_F(static_files_test, root_serves_index_html_with_security_headers) {
  const auto res = get("/");
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res.body(), "<h1>home</h1>");
  EXPECT_EQ(res[http::field::content_type], "text/html; charset=utf-8");
  EXPECT_EQ(res[http::field::cache_control], "no-cache");
  EXPECT_EQ(res["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(res["Referrer-Policy"], "no-referrer");
  EXPECT_EQ(res["Content-Security-Policy"], "script-src 'self'");
}

TEST_F(static_files_test, directory_with_slash_serves_its_index) {
  EXPECT_EQ(get("/playground/").body(), "<h1>playground</h1>");
}

TEST_F(static_files_test, directory_without_slash_redirects_keeping_the_query) {
  const auto res = get("/playground?x=1");
  EXPECT_EQ(res.result(), http::status::moved_permanently);
  EXPECT_EQ(res[http::field::location], "/playground/?x=1");
}

TEST_F(static_files_test, mime_types_by_extension) {
  EXPECT_EQ(get("/app.js")[http::field::content_type], "text/javascript; charset=utf-8");
  EXPECT_EQ(get("/style.css")[http::field::content_type], "text/css; charset=utf-8");
  const auto wasm = get("/wasm/scan-login-qr.wasm");
  EXPECT_EQ(wasm.result(), http::status::ok);
  EXPECT_EQ(wasm[http::field::content_type], "application/wasm");
  EXPECT_EQ(wasm.body().size(), 4u);
}

TEST_F(static_files_test, head_has_length_but_no_body) {
  const auto res = get("/app.js", http::verb::head);
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res[http::field::content_length], "9");
  EXPECT_TRUE(res.body().empty());
}

TEST_F(static_files_test, matching_etag_gives_304) {
  const auto first = get("/app.js");
  const std::string etag{first[http::field::etag]};
  ASSERT_FALSE(etag.empty());
  request req{http::verb::get, "/app.js", 11};
  req.set(http::field::if_none_match, etag);
  const auto res = serve_static(req, site_);
  EXPECT_EQ(res.result(), http::status::not_modified);
  EXPECT_TRUE(res.body().empty());
  req.set(http::field::if_none_match, "\"other\"");
  EXPECT_EQ(serve_static(req, site_).result(), http::status::ok);
}

TEST_F(static_files_test, traversal_and_hidden_files_are_refused) {
  for (const char* target : {"/../etc/passwd", "/%2e%2e/etc/passwd", "/%2E%2E%2fetc", "/a%00.js",
                             "/..%5c..%5cetc", "/.secret", "/%zz"}) {
    const auto status = get(target).result();
    EXPECT_TRUE(status == http::status::bad_request || status == http::status::not_found) << target;
  }
}

TEST_F(static_files_test, unknown_file_is_404_with_text) {
  const auto res = get("/nope.html");
  EXPECT_EQ(res.result(), http::status::not_found);
  EXPECT_EQ(res[http::field::content_type], "text/plain; charset=utf-8");
  EXPECT_FALSE(res.body().empty());
}

}  // namespace
}  // namespace scan_login::server

namespace scan_login::server::testing {
namespace {

// The web app's own files are answered on the io thread: they never wait
// behind requests that block on the store.
TEST(needs_store, only_the_web_apps_files_and_page_assets_are_store_free) {
  const auto needs = [](http::verb verb, const char* target) {
    return handler::needs_store(request{verb, target, 11});
  };
  for (const auto* target : {"/", "/src/element/define.js", "/wasm/qr.wasm", "/playground/",
                             "/demo/index.html", "/_pages/pages.css"}) {
    EXPECT_FALSE(needs(http::verb::get, target)) << target;
  }
  EXPECT_FALSE(needs(http::verb::head, "/src/x.js"));
  for (const auto* target :
       {"/api/v2/qrcode/check?random=x", "/healthz", "/metrics", "/m/abc", "/console", "/login",
        "/callback?ticket=t", "/.well-known/jwks.json", "/srcx", "/favicon.ico"}) {
    EXPECT_TRUE(needs(http::verb::get, target)) << target;
  }
  EXPECT_TRUE(needs(http::verb::post, "/src/x.js"));
}

}  // namespace
}  // namespace scan_login::server::testing
