#pragma once
// The layout of a shared spool_dir: one subdirectory per live shipper,
// "owner-<pid>-<random>", 0700, holding a lock file (dir_lock.h) and its
// segments "seg-<16 hex digits>.cws" (named by their first sequence number,
// so name order is write order). Several processes, and several shippers in
// one process, share a spool_dir; none ever writes into another's
// subdirectory, and one adopts a subdirectory only while holding its lock.
#include <filesystem>
#include <string>
#include <vector>

#include "spool/dir_lock.h"

namespace cwlog::detail {

inline constexpr std::string_view owner_dir_prefix = "owner-";
inline constexpr std::string_view segment_prefix = "seg-";
inline constexpr std::string_view segment_suffix = ".cws";

// Creates spool_dir (0700, parents too) when missing and a new subdirectory
// of our own in it, locked before it becomes visible under its final name
// (it is made as ".new-...", locked, then renamed), so no other starting
// shipper can adopt it in between. Throws cwlog::error saying what failed.
dir_lock create_own_dir(const std::filesystem::path& spool_dir);

// The subdirectories of spool_dir whose owner is gone, locked for us: every
// "owner-*" directory whose lock we could take, except those in `skip`
// (ours, and those already adopted). Ignores what it cannot read.
std::vector<dir_lock> lock_orphans(const std::filesystem::path& spool_dir,
                                   const std::vector<std::filesystem::path>& skip);

// The segment files of dir, in write order.
std::vector<std::filesystem::path> segment_files(const std::filesystem::path& dir);

// The file name of the segment whose first sequence number is `first`.
std::string segment_name(std::uint64_t first);

}  // namespace cwlog::detail
