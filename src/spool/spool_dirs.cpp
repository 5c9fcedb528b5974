// Own and orphaned subdirectories of spool_dir (spool_dirs.h).
#include "spool/spool_dirs.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>

#include <cwlog/error.h>

namespace cwlog::detail {
namespace fs = std::filesystem;
namespace {

[[noreturn]] void fail(const std::string& what, const fs::path& p, int err) {
  throw cwlog::error("cwlog spool: " + what + " " + p.string() + ": " + std::strerror(err));
}

std::string unique_suffix() {
  std::random_device rd;
  char text[48];
  std::snprintf(text, sizeof text, "%ld-%08x%08x", static_cast<long>(::getpid()), rd(), rd());
  return text;
}

// mkdir with exactly 0700 (the umask may take bits away, never add them).
bool make_private_dir(const fs::path& p) {
  if (::mkdir(p.c_str(), 0700) != 0) return false;
  return ::chmod(p.c_str(), 0700) == 0;
}

}  // namespace

std::string segment_name(std::uint64_t first) {
  char text[40];
  std::snprintf(text, sizeof text, "%.*s%016llx%.*s", static_cast<int>(segment_prefix.size()),
                segment_prefix.data(), static_cast<unsigned long long>(first),
                static_cast<int>(segment_suffix.size()), segment_suffix.data());
  return text;
}

dir_lock create_own_dir(const fs::path& spool_dir) {
  std::error_code ec;
  if (!fs::is_directory(spool_dir, ec)) {
    // Parents as the user's umask says; the spool directory itself private.
    if (spool_dir.has_parent_path()) fs::create_directories(spool_dir.parent_path(), ec);
    if (!make_private_dir(spool_dir) && errno != EEXIST) fail("cannot create", spool_dir, errno);
  }
  for (int attempt = 0; attempt < 16; ++attempt) {
    const std::string suffix = unique_suffix();
    const fs::path staging = spool_dir / (".new-" + suffix);
    const fs::path final_path = spool_dir / (std::string(owner_dir_prefix) + suffix);
    if (!make_private_dir(staging)) {
      if (errno == EEXIST) continue;
      fail("cannot create a directory in", spool_dir, errno);
    }
    auto lock = dir_lock::try_lock(staging);
    if (!lock) {
      const int err = errno;
      fs::remove_all(staging, ec);
      fail("cannot lock", staging, err);
    }
    if (!lock->rename_dir(final_path)) {
      const int err = errno;
      lock->remove_dir_and_release();
      fail("cannot rename", staging, err);
    }
    return std::move(*lock);
  }
  throw cwlog::error("cwlog spool: no unique directory name in " + spool_dir.string());
}

std::vector<dir_lock> lock_orphans(const fs::path& spool_dir, const std::vector<fs::path>& skip) {
  std::vector<dir_lock> found;
  std::error_code ec;
  std::vector<fs::path> candidates;
  for (fs::directory_iterator it(spool_dir, ec), end; !ec && it != end; it.increment(ec)) {
    const auto name = it->path().filename().string();
    if (!name.starts_with(owner_dir_prefix) || !it->is_directory(ec)) continue;
    if (std::find(skip.begin(), skip.end(), it->path()) != skip.end()) continue;
    candidates.push_back(it->path());
  }
  std::sort(candidates.begin(), candidates.end());
  for (const auto& dir : candidates) {
    if (auto lock = dir_lock::try_lock(dir)) found.push_back(std::move(*lock));
  }
  return found;
}

std::vector<fs::path> segment_files(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const auto name = it->path().filename().string();
    if (name.starts_with(segment_prefix) && name.ends_with(segment_suffix)) files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace cwlog::detail
