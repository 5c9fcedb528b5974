// Compiles every public header as C++20 and calls into the library.
#include <cwlog/error.h>
#include <cwlog/options.h>
#include <cwlog/record.h>
#include <cwlog/version.h>
#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
  const char* kind = argc > 1 ? argv[1] : "?";
  if (std::strcmp(cwlog::version(), "0.1.0") != 0) return 1;
  if (cwlog::parse_level("error") != cwlog::level::error) return 1;
  cwlog::options opts;
  cwlog::destination_options app;
  app.name = "app";
  app.group = "app-{component}";
  opts.destinations.push_back(app);
  std::printf("consumer (%s): cwlog %s, %zu destination(s)\n", kind, cwlog::version(),
              opts.destinations.size());
  return 0;
}
