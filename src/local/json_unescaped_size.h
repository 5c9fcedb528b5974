#pragma once
// How many bytes a JSON string unescapes to, without unescaping it: what
// `cwlog local --discard` needs of each PutLogEvents message (the size rules)
// when it does not keep the content (put_request.h, put_messages::sizes_only).
//
// `content` is a string's content between its quotes, as simdjson's stage 1
// accepted it: valid UTF-8, no unescaped control character, no unescaped
// quote. Only the escapes are left to check: the simple ones (\" \\ \/ \b \f
// \n \r \t) stand for one byte each; any other (\u included, whose size
// depends on the code point) makes these functions return false.
#include <cstddef>
#include <functional>
#include <string_view>
#include <vector>

namespace cwlog::detail {

// true and *out: the unescaped size in bytes. 64 bytes at a time and no
// branch per escape, with AVX2 where the CPU has it, else SSE2 (every x86-64):
// the shipper's messages are JSON documents with a backslash every few bytes,
// and a scan that stops at each one (memchr) costs as much as simdjson's
// unescaping.
bool json_unescaped_size(std::string_view content, std::size_t& out);

// Each way json_unescaped_size() can count that this CPU runs, the one it
// uses first: for the tests, which hold every one to the same answers.
struct unescaped_size_kernel {
  const char* name;
  std::function<bool(std::string_view, std::size_t&)> unescaped_size;
};
std::vector<unescaped_size_kernel> json_unescaped_size_kernels();

// The same, a byte at a time: json_unescaped_size() without SSE2, and its
// reference in the tests and the fuzz target.
bool json_unescaped_size_bytewise(std::string_view content, std::size_t& out);

}  // namespace cwlog::detail
