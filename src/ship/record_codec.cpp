#include "ship/record_codec.h"

#include <cstddef>
#include <cstring>
#include <type_traits>

#include "ship/deferred_format.h"

namespace cwlog::detail {
namespace {

using record_layout::field_type;
using record_layout::header;

class reader {
 public:
  explicit reader(std::string_view b) : p_(b.data()), end_(b.data() + b.size()) {}
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

bool decoded_record::decode(std::string_view buf) {
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
