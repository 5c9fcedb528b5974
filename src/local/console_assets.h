#pragma once
// The web console's files (src/local/console/), compiled into the binary by
// CMake (console/embed_assets.cmake generates console_assets.cpp in the build
// tree): the console works offline, from any working directory, with no CDN.
#include <span>
#include <string_view>

namespace cwlog::detail {

struct console_asset {
  std::string_view name;          // file name, e.g. "console.js"; index.html is served at "/"
  std::string_view content_type;  // from the extension
  std::string_view body;
};

std::span<const console_asset> console_assets();

}  // namespace cwlog::detail
