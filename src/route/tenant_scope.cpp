// The per-thread tenant (tenant.h): a thread_local pointer to the innermost
// scope. Scopes live on their thread's stack in strict nesting order, so a
// plain pointer chain is enough; nothing is shared between threads.
#include <cwlog/error.h>
#include <cwlog/tenant.h>

#include "route/name_template.h"

namespace cwlog {
namespace {
thread_local const tenant_scope* innermost = nullptr;

std::string render_tenant_only(std::string_view text, detail::template_kind kind,
                               std::string_view tenant_id) {
  const auto t = detail::name_template::parse(text, kind);
  for (const auto& s : t.segments()) {
    if (s.kind != detail::token_kind::literal && s.kind != detail::token_kind::tenant) {
      throw error(
          std::string(kind == detail::template_kind::group ? "group" : "stream") + " template \"" +
          std::string(text) + "\": {" + detail::to_string(s.kind) +
          "} depends on the record, so no single name exists for a tenant (allowed: literals and {tenant})");
    }
  }
  record_view rec;
  rec.tenant = tenant_id;
  auto name = t.render(rec, detail::render_context{});
  if (!name) throw error("template \"" + std::string(text) + "\" cannot render a valid name for this tenant");
  return *name;
}
}  // namespace

tenant_scope::tenant_scope(std::string_view tenant_id) : tenant_(tenant_id), previous_(innermost) {
  innermost = this;
}

tenant_scope::~tenant_scope() {
  innermost = previous_;
}

std::optional<std::string_view> current_tenant() noexcept {
  if (innermost == nullptr) return std::nullopt;
  return std::string_view(innermost->tenant());
}

std::string tenant_name(std::string_view group_template, std::string_view tenant_id) {
  return render_tenant_only(group_template, detail::template_kind::group, tenant_id);
}

std::string tenant_stream_name(std::string_view stream_template, std::string_view tenant_id) {
  return render_tenant_only(stream_template, detail::template_kind::stream, tenant_id);
}

}  // namespace cwlog
