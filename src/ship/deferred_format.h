#pragma once
// The background half of deferred formatting (cwlog/format.h): rebuilds the
// arguments the caller copied (cwlog/deferred_arg.h) with their original
// types where fmt's output depends on them (float vs double, char, chrono
// units) and formats the message.
#include <span>
#include <string>
#include <string_view>

#include <cwlog/deferred_arg.h>

namespace cwlog::detail {

// The longest message formatting may produce: more than any CloudWatch event
// holds (the oversize policy cuts it later), and a bound on what a hostile
// width in a format string could make us allocate.
inline constexpr std::size_t max_formatted_bytes = 1u << 20;

// Replaces out with the formatted message. Never throws: when formatting
// fails, out is the format string followed by " [format error: <why>]".
void format_deferred(std::string_view format, std::span<const deferred_arg> args, std::string& out) noexcept;

}  // namespace cwlog::detail
