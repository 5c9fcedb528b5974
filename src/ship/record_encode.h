#pragma once
// The encoding half of the record codec (record_codec.h), inline: the
// caller's path (engine_caller.cpp) writes records straight into its ring
// with it, with no call per record and no copy of the record first. One
// contiguous buffer: a fixed header, then the logger, message, tenant and
// source location's bytes, the fields, and the deferred format arguments.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>

#include <cwlog/deferred_arg.h>
#include <cwlog/record.h>

namespace cwlog::detail {
namespace record_layout {

struct header {
  std::int64_t timestamp_ns;
  std::uint32_t logger_len;
  std::uint32_t message_len;  // with arg_count > 0: the format string's
  std::uint32_t tenant_len;
  std::uint32_t destination;  // fixed destination id, 0: routed
  std::uint32_t file_len;     // source location (0: none)
  std::uint32_t function_len;
  std::uint32_t line;
  std::uint16_t field_count;
  std::uint16_t arg_count;  // deferred format arguments after the fields
  std::uint8_t lvl;
  std::uint8_t has_tenant;
  std::uint8_t emf;  // an EMF document: sent as is, in batches of its own
};
static_assert(std::is_trivially_copyable_v<header>);

enum class field_type : std::uint8_t { string, integer, real, boolean, unsigned_integer };

inline std::size_t field_size(const field_view& f) noexcept {
  std::size_t n = 1 + sizeof(std::uint32_t) + f.key.size();
  if (const auto* s = std::get_if<std::string_view>(&f.value)) return n + sizeof(std::uint32_t) + s->size();
  if (std::holds_alternative<bool>(f.value)) return n + 1;
  return n + 8;
}

// A deferred argument: kind, period, then 8 bytes of value or a length and
// the string's bytes.
inline std::size_t arg_size(const deferred_arg& a) noexcept {
  return 2 + (a.kind == deferred_kind::string ? sizeof(std::uint32_t) + a.s.size() : 8);
}

inline std::size_t arg_count(std::span<const deferred_arg> args) noexcept {
  return args.size() > 0xFFFF ? 0xFFFF : args.size();
}

static_assert(sizeof(header) - offsetof(header, lvl) == sizeof(std::uint64_t));

// A header field written at its place in the output.
template <class T>
void put_at(char* out, std::size_t offset, T v) noexcept {
  std::memcpy(out + offset, &v, sizeof v);
}

template <class T>
char* put(char* p, const T& v) noexcept {
  std::memcpy(p, &v, sizeof v);
  return p + sizeof v;
}
inline char* put_bytes(char* p, std::string_view s) noexcept {
  if (!s.empty()) std::memcpy(p, s.data(), s.size());
  return p + s.size();
}

}  // namespace record_layout

// The same with `tenant` in place of r.tenant.
inline std::size_t encoded_size(const record_view& r, std::optional<std::string_view> tenant,
                                std::span<const deferred_arg> args) noexcept {
  using namespace record_layout;
  std::size_t n = sizeof(header) + r.logger.size() + r.message.size() + (tenant ? tenant->size() : 0) +
                  r.source.file.size() + r.source.function.size();
  for (const auto& f : r.fields) n += field_size(f);
  for (std::size_t i = 0; i < arg_count(args); ++i) n += arg_size(args[i]);
  return n;
}

// Bytes encode() will write for r (and its deferred arguments).
inline std::size_t encoded_size(const record_view& r, std::span<const deferred_arg> args = {}) noexcept {
  return encoded_size(r, r.tenant, args);
}

// Writes r into out, which has room for encoded_size(r, tenant, args) bytes,
// with timestamp_ns and tenant in place of r's (the caller's path fills them
// in without copying r); returns the end of what was written (less than that
// only past 0xFFFF fields). No allocation: the caller's ring (thread_ring.h)
// is written this way. destination: a fixed destination's id
// (fixed_destinations.h), 0 for a record the router places. args: r.message
// is a format string for them. emf: the message is an EMF document
// (src/metrics), sent unformatted in batches of its own.
inline char* encode_record_into(const record_view& r, std::int64_t timestamp_ns,
                                std::optional<std::string_view> tenant, char* out,
                                std::uint32_t destination = 0, std::span<const deferred_arg> args = {},
                                bool emf = false) noexcept {
  using namespace record_layout;
  // The header is written field by field straight into out: built on the
  // stack and copied, its narrow stores would be read back by wide loads, and
  // a load that spans several pending stores waits for them (a store-
  // forwarding stall, twice per record on the caller's path).
  const auto field_count = static_cast<std::uint16_t>(r.fields.size() > 0xFFFF ? 0xFFFF : r.fields.size());
  const auto n_args = static_cast<std::uint16_t>(arg_count(args));
  put_at(out, offsetof(header, timestamp_ns), timestamp_ns);
  put_at(out, offsetof(header, logger_len), static_cast<std::uint32_t>(r.logger.size()));
  put_at(out, offsetof(header, message_len), static_cast<std::uint32_t>(r.message.size()));
  put_at(out, offsetof(header, tenant_len), tenant ? static_cast<std::uint32_t>(tenant->size()) : 0u);
  put_at(out, offsetof(header, destination), destination);
  put_at(out, offsetof(header, file_len), static_cast<std::uint32_t>(r.source.file.size()));
  put_at(out, offsetof(header, function_len), static_cast<std::uint32_t>(r.source.function.size()));
  put_at(out, offsetof(header, line), r.source.line);
  put_at(out, offsetof(header, field_count), field_count);
  put_at(out, offsetof(header, arg_count), n_args);
  // The last word: the level, the flags and the struct's padding (zero).
  put_at(out, offsetof(header, lvl), std::uint64_t{0});
  put_at(out, offsetof(header, lvl), static_cast<std::uint8_t>(r.lvl));
  put_at(out, offsetof(header, has_tenant), static_cast<std::uint8_t>(tenant ? 1 : 0));
  put_at(out, offsetof(header, emf), static_cast<std::uint8_t>(emf ? 1 : 0));
  char* p = out + sizeof(header);
  p = put_bytes(p, r.logger);
  p = put_bytes(p, r.message);
  if (tenant) p = put_bytes(p, *tenant);
  p = put_bytes(p, r.source.file);
  p = put_bytes(p, r.source.function);
  for (std::size_t i = 0; i < field_count; ++i) {
    const auto& f = r.fields[i];
    std::uint8_t type = 0;
    if (std::holds_alternative<std::string_view>(f.value))
      type = static_cast<std::uint8_t>(field_type::string);
    if (std::holds_alternative<std::int64_t>(f.value)) type = static_cast<std::uint8_t>(field_type::integer);
    if (std::holds_alternative<double>(f.value)) type = static_cast<std::uint8_t>(field_type::real);
    if (std::holds_alternative<bool>(f.value)) type = static_cast<std::uint8_t>(field_type::boolean);
    if (std::holds_alternative<std::uint64_t>(f.value))
      type = static_cast<std::uint8_t>(field_type::unsigned_integer);
    p = put(p, type);
    p = put(p, static_cast<std::uint32_t>(f.key.size()));
    p = put_bytes(p, f.key);
    if (const auto* s = std::get_if<std::string_view>(&f.value)) {
      p = put(p, static_cast<std::uint32_t>(s->size()));
      p = put_bytes(p, *s);
    } else if (const auto* i64 = std::get_if<std::int64_t>(&f.value)) {
      p = put(p, *i64);
    } else if (const auto* d = std::get_if<double>(&f.value)) {
      p = put(p, *d);
    } else if (const auto* u = std::get_if<std::uint64_t>(&f.value)) {
      p = put(p, *u);
    } else {
      p = put(p, static_cast<std::uint8_t>(std::get<bool>(f.value) ? 1 : 0));
    }
  }
  for (std::size_t i = 0; i < n_args; ++i) {
    const auto& a = args[i];
    p = put(p, static_cast<std::uint8_t>(a.kind));
    p = put(p, static_cast<std::uint8_t>(a.period));
    if (a.kind == deferred_kind::string) {
      p = put(p, static_cast<std::uint32_t>(a.s.size()));
      p = put_bytes(p, a.s);
    } else {
      p = put(p, a.u);  // the union's 8 bytes, whichever member is set
    }
  }
  return p;
}

}  // namespace cwlog::detail
