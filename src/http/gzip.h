#pragma once
// gzip (RFC 1952) with zlib: the transport and SigV4 compress request bodies
// (the signature must cover the compressed bytes), and servers such as
// `cwlog local` decompress them.
#include <expected>
#include <string>
#include <string_view>

namespace cwlog::detail {

// Never fails for valid input sizes; throws std::bad_alloc on memory exhaustion.
std::string gzip_compress(std::string_view data);
// Error message on corrupt/truncated input or when the output would exceed max_output.
std::expected<std::string, std::string> gzip_decompress(std::string_view data,
                                                        std::size_t max_output = 64u << 20);

}  // namespace cwlog::detail
