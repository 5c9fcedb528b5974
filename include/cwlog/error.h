#pragma once
// Configuration mistakes and API misuse throw cwlog::error; the message says
// where (file:line:column when there is a file) and what is allowed.
// Network and service failures never throw: they are counted and reported to
// the diagnostics channel (see shipper.h).
#include <stdexcept>
#include <string>

#include <cwlog/export.h>

namespace cwlog {

class CWLOG_API error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace cwlog
