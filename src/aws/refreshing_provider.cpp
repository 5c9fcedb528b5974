#include "aws/refreshing_provider.h"

#include "common/time_format.h"

namespace cwlog::detail {

refreshing_provider::refreshing_provider(std::unique_ptr<chain_provider> source,
                                         std::shared_ptr<clock_source> clock,
                                         std::function<void(const std::string&)> diagnostics,
                                         refresh_policy policy)
    : source_(std::move(source)),
      clock_(std::move(clock)),
      diagnostics_(std::move(diagnostics)),
      policy_(policy) {}

std::size_t refreshing_provider::loads() const {
  std::lock_guard lock(state_mutex_);
  return loads_;
}

std::optional<credentials> refreshing_provider::cached_copy() const {
  std::lock_guard lock(state_mutex_);
  return cached_;
}

void refreshing_provider::invalidate() {
  std::lock_guard lock(state_mutex_);
  cached_.reset();
  next_attempt_.reset();
}

provider_result refreshing_provider::refresh_locked() {
  auto r = source_->load();
  const auto now = clock_->now();
  if (r && r->expiration && *r->expiration <= now) {
    r = provider_failed(source_->name() + " returned credentials that expired at " +
                        format_iso8601_utc(*r->expiration));
  }
  std::string report;  // sent after the state lock is released: the callback may do anything
  {
    std::lock_guard lock(state_mutex_);
    ++loads_;
    if (r) {
      cached_ = *r;
      next_attempt_.reset();
      failure_reported_ = false;
      return r;
    }
    if (cached_ && cached_->expiration && *cached_->expiration > now) {
      next_attempt_ = clock_->steady_now() + policy_.retry_interval;
      if (!failure_reported_) {
        report = "credential refresh failed (" + r.error().message +
                 "); keeping the current credentials until they expire at " +
                 format_iso8601_utc(*cached_->expiration);
      }
      failure_reported_ = true;
    }
  }
  if (!report.empty() && diagnostics_) diagnostics_(report);
  return r;
}

std::expected<credentials, credentials_error> refreshing_provider::get() {
  const auto now = clock_->now();
  auto current = cached_copy();
  auto usable = [&](const credentials& c) { return !c.expiration || now < *c.expiration; };
  if (current && (!current->expiration || now < *current->expiration - policy_.advisory)) return *current;

  const bool mandatory = !current || !current->expiration || now >= *current->expiration - policy_.mandatory;
  std::unique_lock refresh(refresh_mutex_, std::defer_lock);
  if (mandatory) {
    refresh.lock();  // wait for whoever is refreshing, then look again
  } else if (!refresh.try_lock()) {
    return *current;  // advisory: someone else is refreshing; the current ones are fine
  }
  current = cached_copy();
  if (current && (!current->expiration || now < *current->expiration - policy_.advisory)) return *current;
  {
    std::lock_guard lock(state_mutex_);
    if (current && usable(*current) && next_attempt_ && clock_->steady_now() < *next_attempt_)
      return *current;
  }
  auto r = refresh_locked();
  if (r) return *r;
  if (current && usable(*current)) return *current;
  return std::unexpected(credentials_error{r.error().message});
}

}  // namespace cwlog::detail
