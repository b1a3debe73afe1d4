#include "store/memory_only.hpp"

namespace scan_login::server {
namespace {
thread_local bool memory_only_here = false;
}  // namespace

bool memory_only() { return memory_only_here; }

void refuse_if_memory_only() {
  if (memory_only_here) throw would_block{};
}

memory_only_scope::memory_only_scope() : outer_(memory_only_here) { memory_only_here = true; }

memory_only_scope::~memory_only_scope() { memory_only_here = outer_; }

}  // namespace scan_login::server
