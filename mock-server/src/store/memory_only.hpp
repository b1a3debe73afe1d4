#pragma once
// Memory-only calls: the io thread may ask the store what a per-process view
// answers from memory (store/code_view_store), never what needs the
// database. Inside a memory_only_scope, a verb that would reach the database
// throws would_block before it touches a connection; the shell then runs the
// whole request again on a worker. So a caller must do nothing it cannot
// repeat before its first store call in such a scope (the handler's check
// route parses its query, then reads the code).

#include <exception>

namespace scan_login::server {

class would_block final : public std::exception {
 public:
  const char* what() const noexcept override {
    return "the store would have to reach the database (memory-only call)";
  }
};

// True inside a memory_only_scope on this thread.
bool memory_only();

// Backends call this first in every verb: throws would_block inside a scope.
void refuse_if_memory_only();

class memory_only_scope {
 public:
  memory_only_scope();
  ~memory_only_scope();
  memory_only_scope(const memory_only_scope&) = delete;
  memory_only_scope& operator=(const memory_only_scope&) = delete;

 private:
  bool outer_;
};

}  // namespace scan_login::server
