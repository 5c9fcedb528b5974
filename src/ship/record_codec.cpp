#include "ship/record_codec.h"

#include <cstddef>
#include <cstring>
#include <type_traits>

#include "ship/deferred_format.h"

namespace cwlog::detail {
namespace {

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

std::size_t field_size(const field_view& f) noexcept {
  std::size_t n = 1 + sizeof(std::uint32_t) + f.key.size();
  if (const auto* s = std::get_if<std::string_view>(&f.value)) return n + sizeof(std::uint32_t) + s->size();
  if (std::holds_alternative<bool>(f.value)) return n + 1;
  return n + 8;
}

// A deferred argument: kind, period, then 8 bytes of value or a length and
// the string's bytes.
std::size_t arg_size(const deferred_arg& a) noexcept {
  return 2 + (a.kind == deferred_kind::string ? sizeof(std::uint32_t) + a.s.size() : 8);
}

std::size_t arg_count(std::span<const deferred_arg> args) noexcept {
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
char* put_bytes(char* p, std::string_view s) noexcept {
  if (!s.empty()) std::memcpy(p, s.data(), s.size());
  return p + s.size();
}

class reader {
 public:
  explicit reader(const std::string& b) : p_(b.data()), end_(b.data() + b.size()) {}
  template <class T>
  bool get(T& v) noexcept {
    if (static_cast<std::size_t>(end_ - p_) < sizeof v) return false;
    std::memcpy(&v, p_, sizeof v);
    p_ += sizeof v;
    return true;
  }
  bool get_bytes(std::size_t n, std::string_view& out) noexcept {
    if (static_cast<std::size_t>(end_ - p_) < n) return false;
    out = std::string_view(p_, n);
    p_ += n;
    return true;
  }
  bool done() const noexcept { return p_ == end_; }

 private:
  const char* p_;
  const char* end_;
};

}  // namespace

std::size_t encoded_size(const record_view& r, std::span<const deferred_arg> args) noexcept {
  return encoded_size(r, r.tenant, args);
}

std::size_t encoded_size(const record_view& r, std::optional<std::string_view> tenant,
                         std::span<const deferred_arg> args) noexcept {
  std::size_t n = sizeof(header) + r.logger.size() + r.message.size() + (tenant ? tenant->size() : 0) +
                  r.source.file.size() + r.source.function.size();
  for (const auto& f : r.fields) n += field_size(f);
  for (std::size_t i = 0; i < arg_count(args); ++i) n += arg_size(args[i]);
  return n;
}

void encode_record(const record_view& r, std::string& out, std::uint32_t destination,
                   std::span<const deferred_arg> args, bool emf) {
  out.resize(encoded_size(r, args));
  char* end = encode_record_into(r, r.timestamp_ns, r.tenant, out.data(), destination, args, emf);
  // If more than 0xFFFF fields were given, the rest are dropped; shrink to fit.
  out.resize(static_cast<std::size_t>(end - out.data()));
}

static_assert(offsetof(header, timestamp_ns) == 0);

std::int64_t encoded_timestamp(std::string_view encoded) noexcept {
  std::int64_t ns = 0;
  if (encoded.size() >= sizeof(header)) std::memcpy(&ns, encoded.data(), sizeof ns);
  return ns;
}

void set_encoded_timestamp(char* encoded, std::int64_t timestamp_ns) noexcept {
  std::memcpy(encoded, &timestamp_ns, sizeof timestamp_ns);
}

std::optional<std::string_view> encoded_tenant(std::string_view encoded) noexcept {
  header h{};
  if (encoded.size() < sizeof h) return std::nullopt;
  std::memcpy(&h, encoded.data(), sizeof h);
  const std::size_t at = sizeof h + std::size_t{h.logger_len} + h.message_len;
  if (!h.has_tenant || at > encoded.size() || h.tenant_len > encoded.size() - at) return std::nullopt;
  return encoded.substr(at, h.tenant_len);
}

char* encode_record_into(const record_view& r, std::int64_t timestamp_ns,
                         std::optional<std::string_view> tenant, char* out, std::uint32_t destination,
                         std::span<const deferred_arg> args, bool emf) noexcept {
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

bool decoded_record::decode(const std::string& buf) {
  reader in(buf);
  header h{};
  if (!in.get(h)) return false;
  view_ = record_view{};
  view_.timestamp_ns = h.timestamp_ns;
  view_.lvl = static_cast<level>(h.lvl);
  destination_ = h.destination;
  emf_ = h.emf != 0;
  if (!in.get_bytes(h.logger_len, view_.logger) || !in.get_bytes(h.message_len, view_.message)) return false;
  if (h.has_tenant) {
    std::string_view t;
    if (!in.get_bytes(h.tenant_len, t)) return false;
    view_.tenant = t;
  }
  if (!in.get_bytes(h.file_len, view_.source.file) || !in.get_bytes(h.function_len, view_.source.function))
    return false;
  view_.source.line = h.line;
  fields_.clear();
  for (std::size_t i = 0; i < h.field_count; ++i) {
    std::uint8_t type = 0;
    std::uint32_t key_len = 0;
    field_view f;
    if (!in.get(type) || !in.get(key_len) || !in.get_bytes(key_len, f.key)) return false;
    switch (static_cast<field_type>(type)) {
      case field_type::string: {
        std::uint32_t n = 0;
        std::string_view s;
        if (!in.get(n) || !in.get_bytes(n, s)) return false;
        f.value = s;
        break;
      }
      case field_type::integer: {
        std::int64_t v = 0;
        if (!in.get(v)) return false;
        f.value = v;
        break;
      }
      case field_type::real: {
        double v = 0;
        if (!in.get(v)) return false;
        f.value = v;
        break;
      }
      case field_type::boolean: {
        std::uint8_t v = 0;
        if (!in.get(v)) return false;
        f.value = v != 0;
        break;
      }
      case field_type::unsigned_integer: {
        std::uint64_t v = 0;
        if (!in.get(v)) return false;
        f.value = v;
        break;
      }
      default:
        return false;
    }
    fields_.push_back(f);
  }
  view_.fields = fields_;
  if (h.arg_count > 0) {
    args_.clear();
    for (std::size_t i = 0; i < h.arg_count; ++i) {
      std::uint8_t kind = 0, period = 0;
      deferred_arg a;
      if (!in.get(kind) || !in.get(period)) return false;
      if (kind > static_cast<std::uint8_t>(deferred_kind::system_time) ||
          period > static_cast<std::uint8_t>(chrono_period::days))
        return false;
      a.kind = static_cast<deferred_kind>(kind);
      a.period = static_cast<chrono_period>(period);
      if (a.kind == deferred_kind::string) {
        std::uint32_t n = 0;
        if (!in.get(n) || !in.get_bytes(n, a.s)) return false;
      } else if (!in.get(a.u)) {
        return false;
      } else if (a.kind == deferred_kind::boolean) {
        a.b = (a.u & 0xFF) != 0;  // any byte from the buffer becomes a valid bool
      }
      args_.push_back(a);
    }
    if (!in.done()) return false;
    format_deferred(view_.message, args_, message_);
    view_.message = message_;
    return true;
  }
  return in.done();
}

}  // namespace cwlog::detail
