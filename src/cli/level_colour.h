#pragma once
// Terminal colours by log level, guessed from a message: the "level" member of
// a JSON message (what cwlog's JSON formatter writes), else a level word.
#include <string_view>

namespace cwlog::cli {

struct colour_codes {
  const char* begin = "";
  const char* end = "";
};

colour_codes level_colour(std::string_view message);

}  // namespace cwlog::cli
