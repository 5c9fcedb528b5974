#pragma once
// The one way to build a cwlog::shipper over injected dependencies (a
// transport, a clock, credentials, a stand-in service): tests and benchmarks
// use it, the public API knows nothing of it (shipper.h declares the factory
// a friend and takes only options).
#include <memory>

#include <cwlog/shipper.h>

#include "ship/engine.h"

namespace cwlog::detail {

class shipper_factory {
 public:
  static std::unique_ptr<shipper> make(const options& opts, shipper_dependencies deps);
};

// Shorthand for shipper_factory::make.
inline std::unique_ptr<shipper> make_shipper(const options& opts, shipper_dependencies deps) {
  return shipper_factory::make(opts, std::move(deps));
}

}  // namespace cwlog::detail
