// Assembles the module and writes it all-or-nothing: the files go to a
// temporary sibling directory, which is renamed into place at the end, so an
// error (or a crash) never leaves a half-written module behind.
#include <fstream>
#include <random>
#include <system_error>

#include <cwlog/error.h>

#include "terraform/module_files.h"

namespace cwlog::detail {
namespace fs = std::filesystem;
namespace {

bool only_tf_files(const fs::path& dir) {
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".tf") return false;
  }
  return true;
}

fs::path sibling(const fs::path& dir, const std::string& tag) {
  std::random_device rd;
  const auto suffix = std::to_string(rd() % 1000000u);
  return dir.parent_path() / ("." + dir.filename().string() + "." + tag + "-" + suffix);
}

}  // namespace

std::vector<generated_file> generate_module(const module_plan& plan, const std::string& source) {
  std::vector<generated_file> files;
  files.push_back({"versions.tf", versions_tf(source)});
  files.push_back({"variables.tf", variables_tf(plan, source)});
  files.push_back({"main.tf", main_tf(plan, source)});
  files.push_back({"log_groups.tf", log_groups_tf(plan, source)});
  if (plan.tf.kms.create_key) files.push_back({"kms.tf", kms_tf(plan, source)});
  files.push_back({"iam.tf", iam_tf(plan, source)});
  bool protection = false;
  for (const auto& g : plan.groups) protection = protection || g.data_protection;
  if (protection) files.push_back({"data_protection.tf", data_protection_tf(plan, source)});
  files.push_back({"outputs.tf", outputs_tf(plan, source)});
  return files;
}

void generate_terraform_module(const cwlog::options& config, const terraform_options& tf,
                               const std::vector<std::string>& tenants, const std::string& source,
                               const std::filesystem::path& out_dir) {
  const auto plan = plan_module(config, tf, tenants);
  write_module(generate_module(plan, source), out_dir);
}

void write_module(const std::vector<generated_file>& files, const fs::path& out_dir_in) {
  const fs::path out_dir = fs::absolute(out_dir_in).lexically_normal();
  const fs::path target = out_dir.filename().empty() ? out_dir.parent_path() : out_dir;
  std::error_code ec;
  if (fs::exists(target, ec)) {
    if (!fs::is_directory(target) || !only_tf_files(target)) {
      throw cwlog::error(
          target.string() +
          ": exists and holds more than *.tf files; refusing to replace it (allowed: a new directory "
          "or one holding a previous generation)");
    }
  }
  if (!fs::exists(target.parent_path(), ec)) fs::create_directories(target.parent_path(), ec);
  const fs::path staging = sibling(target, "new");
  if (!fs::create_directory(staging, ec)) {
    throw cwlog::error(staging.string() + ": cannot create the staging directory: " + ec.message());
  }
  try {
    for (const auto& f : files) {
      std::ofstream out(staging / f.name, std::ios::binary | std::ios::trunc);
      out << f.text;
      out.close();
      if (!out) throw cwlog::error((staging / f.name).string() + ": write failed");
    }
    if (fs::exists(target)) {
      const fs::path old = sibling(target, "old");
      fs::rename(target, old);
      try {
        fs::rename(staging, target);
      } catch (...) {
        fs::rename(old, target);
        throw;
      }
      fs::remove_all(old, ec);
    } else {
      fs::rename(staging, target);
    }
  } catch (const fs::filesystem_error& e) {
    fs::remove_all(staging, ec);
    throw cwlog::error(target.string() + ": " + e.what());
  } catch (...) {
    fs::remove_all(staging, ec);
    throw;
  }
}

}  // namespace cwlog::detail
