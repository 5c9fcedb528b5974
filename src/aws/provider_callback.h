#pragma once
// Credentials from aws_options::credentials_fn (credentials_source::callback),
// cached and refreshed ahead of their expiration like the chain's.
#include <functional>
#include <memory>
#include <string>

#include <cwlog/options.h>

#include "aws/credentials.h"
#include "common/clock.h"

namespace cwlog::detail {

std::shared_ptr<credentials_provider> make_callback_provider(
    cwlog::credentials_callback fn, std::shared_ptr<clock_source> clock,
    std::function<void(const std::string&)> diagnostics);

}  // namespace cwlog::detail
