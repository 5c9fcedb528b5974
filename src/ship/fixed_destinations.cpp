#include "ship/fixed_destinations.h"

#include <cwlog/error.h>

#include "rules/kms_key_arn.h"
#include "rules/names.h"
#include "rules/retention.h"
#include "rules/tags.h"

namespace cwlog::detail {
namespace {

bool same_group_options(const cwlog::destination_options& a, const cwlog::destination_options& b) {
  return a.retention_days == b.retention_days && a.kms_key_id == b.kms_key_id && a.tags == b.tags &&
         a.group_class == b.group_class && a.create_group == b.create_group;
}

[[noreturn]] void fail(const std::string& what) {
  throw cwlog::error("destination: " + what);
}

}  // namespace

void check_fixed_names(const std::string& group, const std::string& stream) {
  if (group.empty() || group.size() > max_name_length)
    fail("log group name \"" + group + "\" has " + std::to_string(group.size()) + " characters (allowed: 1-" +
         std::to_string(max_name_length) + ")");
  for (const char c : group) {
    if (!is_group_name_char(c))
      fail("log group name \"" + group + "\" contains '" + std::string(1, c) +
           "' (allowed: A-Z a-z 0-9 . - _ / #)");
  }
  if (has_reserved_group_prefix(group))
    fail("log group name \"" + group + "\" starts with \"aws/\", which AWS reserves for its services");
  if (stream.empty() || stream.size() > max_name_length)
    fail("log stream name \"" + stream + "\" has " + std::to_string(stream.size()) +
         " characters (allowed: 1-" + std::to_string(max_name_length) + ")");
  for (const char c : stream) {
    if (!is_stream_name_char(c))
      fail("log stream name \"" + stream + "\" contains '" + std::string(1, c) +
           "' (allowed: any character except : and *)");
  }
}

std::uint32_t fixed_destination_table::open(const cwlog::destination_options& d) {
  check_fixed_names(d.group, d.stream);
  if (d.retention_days && !is_allowed_retention_days(*d.retention_days))
    fail("log group " + d.group + ": retention of " + std::to_string(*d.retention_days) +
         " days is not accepted by CloudWatch (allowed: " + allowed_retention_days_text() + ")");
  if (!d.kms_key_id.empty())
    if (auto e = check_kms_key_arn(d.kms_key_id)) fail("log group " + d.group + ": " + *e);
  if (d.tags.size() > max_tags)
    fail("log group " + d.group + ": " + std::to_string(d.tags.size()) + " tags (allowed: at most 50)");
  for (const auto& [k, v] : d.tags)
    if (auto e = check_tag(k, v)) fail("log group " + d.group + ": " + *e);
  fixed_destination entry;
  entry.opts = d;
  if (entry.opts.name.empty()) entry.opts.name = d.group + " / " + d.stream;
  if (d.format == cwlog::formatter_kind::plain) entry.plain = std::make_unique<plain_formatter>(d.pattern);

  std::string key = d.group + '\n' + d.stream;  // '\n' is not allowed in group names
  std::lock_guard lk(mu_);
  if (const auto g = by_group_.find(d.group); g != by_group_.end()) {
    if (!same_group_options(entries_[g->second - 1].opts, d))
      fail("log group " + d.group +
           " was already opened with other retention, KMS key, tags, class or create_group (allowed: the "
           "same group options for every stream of a group, since the group is created once)");
  }
  if (const auto it = by_name_.find(key); it != by_name_.end()) {
    const auto& first = entries_[it->second - 1].opts;
    if (first.format != d.format || (d.format == cwlog::formatter_kind::plain && first.pattern != d.pattern))
      fail("log stream " + d.group + " / " + d.stream +
           " was already opened with another format (allowed: one format per stream)");
    return it->second;
  }
  entries_.push_back(std::move(entry));
  const auto id = static_cast<std::uint32_t>(entries_.size());
  by_name_.emplace(std::move(key), id);
  by_group_.emplace(d.group, id);
  return id;
}

const fixed_destination* fixed_destination_table::find(std::uint32_t id) const {
  std::lock_guard lk(mu_);
  return id >= 1 && id <= entries_.size() ? &entries_[id - 1] : nullptr;
}

}  // namespace cwlog::detail
