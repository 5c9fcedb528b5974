// Tag operations: TagResource/UntagResource/ListTagsForResource (by ARN) and the
// older TagLogGroup/UntagLogGroup/ListTagsLogGroup (by name) some clients use.
#include "local/service.h"
#include "rules/tags.h"

namespace cwlog::detail {
namespace {

std::map<std::string, std::string> tag_map(const nlohmann::json& tags) {
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : tags.items()) out[k] = v.get<std::string>();
  return out;
}

// Tags are stored per log group; the ARN names one of ours (this region and
// account), with or without the ":*" suffix.
std::expected<std::string, service_error> group_name_from_arn(const std::string& arn,
                                                              const std::string& own_prefix) {
  if (!arn.starts_with("arn:")) return std::unexpected(invalid_parameter("Invalid resourceArn: " + arn));
  if (!arn.starts_with(own_prefix)) return std::unexpected(group_not_found());
  std::string name = arn.substr(own_prefix.size());
  if (name.ends_with(":*")) name.resize(name.size() - 2);
  return name;
}

op_result apply_tags(store& db, const group_row& g, const nlohmann::json& tags) {
  auto merged = db.tags(g.id);
  auto add = tag_map(tags);
  for (const auto& [k, v] : add) merged[k] = v;
  if (merged.size() > max_tags)
    return std::unexpected(
        service_error{400, "TooManyTagsException",
                      "A resource can have no more than " + std::to_string(max_tags) + " tags."});
  db.set_tags(g.id, add);
  return nlohmann::json();
}

}  // namespace

op_result logs_service::tag_resource(const nlohmann::json& in) {
  auto name = group_name_from_arn(in["resourceArn"].get<std::string>(), group_arn(""));
  if (!name) return std::unexpected(name.error());
  auto g = db_.find_group(*name);
  if (!g) return std::unexpected(group_not_found());
  return apply_tags(db_, *g, in["tags"]);
}

op_result logs_service::untag_resource(const nlohmann::json& in) {
  auto name = group_name_from_arn(in["resourceArn"].get<std::string>(), group_arn(""));
  if (!name) return std::unexpected(name.error());
  auto g = db_.find_group(*name);
  if (!g) return std::unexpected(group_not_found());
  db_.remove_tags(g->id, in["tagKeys"].get<std::vector<std::string>>());
  return nlohmann::json();
}

op_result logs_service::list_tags_for_resource(const nlohmann::json& in) {
  auto name = group_name_from_arn(in["resourceArn"].get<std::string>(), group_arn(""));
  if (!name) return std::unexpected(name.error());
  auto g = db_.find_group(*name);
  if (!g) return std::unexpected(group_not_found());
  return nlohmann::json{{"tags", db_.tags(g->id)}};
}

op_result logs_service::tag_log_group(const nlohmann::json& in) {
  auto g = group_from(in, false);
  if (!g) return std::unexpected(g.error());
  return apply_tags(db_, *g, in["tags"]);
}

op_result logs_service::untag_log_group(const nlohmann::json& in) {
  auto g = group_from(in, false);
  if (!g) return std::unexpected(g.error());
  db_.remove_tags(g->id, in["tags"].get<std::vector<std::string>>());
  return nlohmann::json();
}

op_result logs_service::list_tags_log_group(const nlohmann::json& in) {
  auto g = group_from(in, false);
  if (!g) return std::unexpected(g.error());
  return nlohmann::json{{"tags", db_.tags(g->id)}};
}

}  // namespace cwlog::detail
