#pragma once
// A lightweight handle bound to a shipper, a logger (component) name and
// optionally a tenant:
//   cwlog::logger log(shipper, "api");
//   log.with_tenant("acme").info("order placed", {{"order_id", 42}});
// Copying is cheap (a shared_ptr and two strings). A logger keeps its shipper
// alive, so it can never outlive it.
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <cwlog/record.h>
#include <cwlog/shipper.h>

namespace cwlog {

class logger {
 public:
  logger(std::shared_ptr<shipper> target, std::string name)
      : shipper_(std::move(target)), name_(std::move(name)) {}

  logger with_tenant(std::string_view tenant) const {
    logger copy = *this;
    copy.tenant_ = std::string(tenant);
    return copy;
  }
  logger without_tenant() const {
    logger copy = *this;
    copy.tenant_.reset();
    return copy;
  }

  const std::string& name() const noexcept { return name_; }
  const std::optional<std::string>& tenant() const noexcept { return tenant_; }

  bool log(level lvl, std::string_view message,
           std::initializer_list<field_view> fields = {}) const noexcept {
    record_view r;
    r.lvl = lvl;
    r.logger = name_;
    r.message = message;
    r.fields = std::span<const field_view>(fields.begin(), fields.size());
    if (tenant_) r.tenant = std::string_view(*tenant_);
    return shipper_->log(r);
  }
  bool trace(std::string_view m, std::initializer_list<field_view> f = {}) const noexcept {
    return log(level::trace, m, f);
  }
  bool debug(std::string_view m, std::initializer_list<field_view> f = {}) const noexcept {
    return log(level::debug, m, f);
  }
  bool info(std::string_view m, std::initializer_list<field_view> f = {}) const noexcept {
    return log(level::info, m, f);
  }
  bool warn(std::string_view m, std::initializer_list<field_view> f = {}) const noexcept {
    return log(level::warn, m, f);
  }
  bool error(std::string_view m, std::initializer_list<field_view> f = {}) const noexcept {
    return log(level::error, m, f);
  }
  bool critical(std::string_view m, std::initializer_list<field_view> f = {}) const noexcept {
    return log(level::critical, m, f);
  }

 private:
  std::shared_ptr<shipper> shipper_;
  std::string name_;
  std::optional<std::string> tenant_;
};

}  // namespace cwlog
