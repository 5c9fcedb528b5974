#pragma once
// The generated Terraform module: one function per file, all rendered from the
// module_plan, and the writer that puts them on disk all at once.
#include <filesystem>
#include <string>
#include <vector>

#include "terraform/module_plan.h"

namespace cwlog::detail {

struct generated_file {
  std::string name;  // e.g. "versions.tf"
  std::string text;
};

// Labels the generated HCL uses (tests and outputs refer to them).
inline constexpr const char* kms_key_label = "logs";
inline constexpr const char* shipper_policy_label = "shipper";
inline constexpr const char* tenant_read_policy_label = "tenant_read";

// `source` names the config in the header comment (a file name, no directory,
// so the output does not depend on where it was generated).
std::string versions_tf(const std::string& source);
std::string variables_tf(const module_plan& plan, const std::string& source);
std::string main_tf(const module_plan& plan, const std::string& source);
std::string log_groups_tf(const module_plan& plan, const std::string& source);
std::string kms_tf(const module_plan& plan, const std::string& source);  // only if tf.kms.create_key
std::string iam_tf(const module_plan& plan, const std::string& source);
std::string data_protection_tf(const module_plan& plan,
                               const std::string& source);  // only if any group has it
std::string outputs_tf(const module_plan& plan, const std::string& source);

// Every file of the module, in a fixed order.
std::vector<generated_file> generate_module(const module_plan& plan, const std::string& source);

// Writes the files into a temporary sibling of out_dir and renames it into
// place, so a failure leaves no partial module. An existing out_dir is
// replaced only if it holds nothing but *.tf files (a previous generation).
// Throws cwlog::error.
void write_module(const std::vector<generated_file>& files, const std::filesystem::path& out_dir);

// The whole of `cwlog terraform`: plan (all validation first), render, write.
// Throws cwlog::error before anything is written when the config cannot be
// expressed.
void generate_terraform_module(const cwlog::options& config, const terraform_options& tf,
                               const std::vector<std::string>& tenants, const std::string& source,
                               const std::filesystem::path& out_dir);

// Shared by the file renderers.
std::string header_comment(const std::string& source, const std::string& what);
// The name of the locals map of tenant -> group name for a per_tenant group.
std::string tenant_names_local(const planned_group& g);

}  // namespace cwlog::detail
