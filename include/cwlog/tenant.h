#pragma once
// Multi-tenant isolation. A record's tenant comes from, in this order: the
// record itself (record_view::tenant), the logger it is logged through, or the
// innermost tenant_scope active on the logging thread. The tenant is resolved
// when the record is logged (on the caller's thread), never later.
//
// A tenant id is any byte string (the empty string included). It reaches
// CloudWatch names only through an injective encoding (docs/tenant-names.md),
// so records of two different tenants can never share a tenant's group or
// stream.
#include <optional>
#include <string>
#include <string_view>

#include <cwlog/export.h>

namespace cwlog {

// Sets the current thread's tenant for its lifetime. Scopes nest: the
// destructor restores the tenant that was current before. A scope belongs to
// the thread that created it (other threads never see it), so it can be neither
// copied nor moved.
class CWLOG_API tenant_scope {
 public:
  explicit tenant_scope(std::string_view tenant_id);
  ~tenant_scope();
  tenant_scope(const tenant_scope&) = delete;
  tenant_scope& operator=(const tenant_scope&) = delete;
  tenant_scope(tenant_scope&&) = delete;
  tenant_scope& operator=(tenant_scope&&) = delete;

  const std::string& tenant() const noexcept { return tenant_; }

 private:
  std::string tenant_;
  const tenant_scope* previous_;
};

// The innermost active tenant_scope of the calling thread, or nullopt. The view
// stays valid while that scope lives.
CWLOG_API std::optional<std::string_view> current_tenant() noexcept;

// The exact log group name a tenant's records go to for a group template that
// uses no token but {tenant} (e.g. "app-customer-{tenant}"). This is what
// `cwlog tenant-name` prints and what the Terraform generator writes. Throws
// cwlog::error if the template is invalid or uses other tokens ({component},
// {date:...}, ...), since those depend on the record.
CWLOG_API std::string tenant_name(std::string_view group_template, std::string_view tenant_id);

// The same for a stream template.
CWLOG_API std::string tenant_stream_name(std::string_view stream_template, std::string_view tenant_id);

}  // namespace cwlog
