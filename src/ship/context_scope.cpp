// The per-thread context (context.h): a thread_local pointer to the innermost
// scope, like tenant_scope. Each scope copies its outer scope's fields at
// construction, so a log call reads one span and nothing is shared between
// threads.
#include <cwlog/context.h>

namespace cwlog {
namespace {
thread_local const context_scope* innermost = nullptr;
}  // namespace

context_scope::context_scope(std::initializer_list<field_view> fields) : previous_(innermost) {
  if (previous_ != nullptr) fields_ = previous_->fields_;
  fields_.set(std::span<const field_view>(fields.begin(), fields.size()));
  innermost = this;
}

context_scope::~context_scope() {
  innermost = previous_;
}

std::span<const field_view> current_context() noexcept {
  return innermost != nullptr ? innermost->fields() : std::span<const field_view>{};
}

}  // namespace cwlog
