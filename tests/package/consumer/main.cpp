// Compiles the public headers as C++20 and calls into the library; the
// logger's format strings and fields instantiate here, with the consumer's fmt.
#include <cwlog/context.h>
#include <cwlog/error.h>
#include <cwlog/logger.h>
#include <cwlog/options.h>
#include <cwlog/record.h>
#include <cwlog/version.h>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

// Compiled and linked, not run (running needs a service to talk to).
void log_an_order(const cwlog::logger& log, int id, const std::string& customer) {
  const cwlog::context_scope ctx({{"request_id", "r-1"}});
  log.info("order {} placed for {}", id, customer);
  log.bind({{"customer", customer}}).warn({{"order_id", id}}, "slow: {}", std::chrono::milliseconds(250));
  CWLOG_DEBUG(log, "debug {}", id);
}

int main(int argc, char** argv) {
  const char* kind = argc > 1 ? argv[1] : "?";
  if (std::strcmp(cwlog::version(), "0.1.0") != 0) return 1;
  if (cwlog::parse_level("error") != cwlog::level::error) return 1;
  if (argc > 99) {
    cwlog::shipper s(cwlog::options{});
    log_an_order(cwlog::logger(s, "consumer"), 1, "acme");
  }
  cwlog::options opts;
  cwlog::destination_options app;
  app.name = "app";
  app.group = "app-{component}";
  opts.destinations.push_back(app);
  std::printf("consumer (%s): cwlog %s, %zu destination(s)\n", kind, cwlog::version(),
              opts.destinations.size());
  return 0;
}
