#include "metrics/value_histogram.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "rules/emf.h"

namespace cwlog::detail {
namespace {

// Relative width of a bucket: magnitudes within a factor (1 + 0.1).
const double log_base = std::log1p(0.1);
// Larger than any index a finite double produces (|index| < 7,900).
constexpr std::int64_t index_offset = 1 << 20;

}  // namespace

std::int64_t value_histogram::bucket_of(double v) noexcept {
  if (v == 0) return 0;
  const auto index = static_cast<std::int64_t>(std::floor(std::log(std::fabs(v)) / log_base)) + index_offset;
  return v > 0 ? index : -index;
}

void value_histogram::add(double v) {
  if (count_ == 0) {
    min_ = max_ = v;
  } else {
    min_ = std::min(min_, v);
    max_ = std::max(max_, v);
  }
  sum_ += v;
  ++count_;
  if (!bucketed_) {
    const std::size_t slot = slot_of(v);
    if (index_[slot] != empty_slot) {
      ++exact_[static_cast<std::size_t>(index_[slot])].second;
      return;
    }
    if (exact_.size() < emf_max_values_per_metric) {
      index_[slot] = static_cast<std::int16_t>(exact_.size());
      exact_.emplace_back(v, 1);
      return;
    }
    to_buckets();
  }
  auto& b = buckets_[bucket_of(v)];
  b.sum += v;
  ++b.count;
}

std::size_t value_histogram::slot_of(double v) const noexcept {
  // -0.0 and 0.0 are one value (==), so they must share a slot.
  const double key = v == 0 ? 0.0 : v;
  std::uint64_t bits = 0;
  std::memcpy(&bits, &key, sizeof bits);
  std::size_t slot = static_cast<std::size_t>((bits * 0x9E3779B97F4A7C15ull) >> 56);  // 8 bits
  while (index_[slot] != empty_slot && exact_[static_cast<std::size_t>(index_[slot])].first != v)
    slot = (slot + 1) % index_slots;
  return slot;
}

void value_histogram::to_buckets() {
  bucketed_ = true;
  for (const auto& [value, n] : exact_) {
    auto& b = buckets_[bucket_of(value)];
    b.sum += value * static_cast<double>(n);
    b.count += n;
  }
  exact_.clear();
  index_ = make_empty_index();
}

void value_histogram::summarize(distribution_summary& out) const {
  out.values.clear();
  out.counts.clear();
  out.min = min_;
  out.max = max_;
  out.sum = sum_;
  out.count = count_;
  if (!bucketed_ && count_ <= emf_max_values_per_metric) {
    // Few enough values to send them all: the plain EMF array.
    out.raw = true;
    for (const auto& [value, n] : exact_) out.values.insert(out.values.end(), n, value);
    return;
  }
  out.raw = false;
  std::vector<std::pair<double, std::uint64_t>> pairs;  // (sum or value, count)
  std::vector<double> sums;
  if (!bucketed_) {
    pairs = exact_;
    std::sort(pairs.begin(), pairs.end());
    for (auto& [value, n] : pairs) sums.push_back(value * static_cast<double>(n));
  } else {
    std::vector<std::pair<double, bucket>> ordered;  // by mean
    ordered.reserve(buckets_.size());
    for (const auto& [key, b] : buckets_) ordered.emplace_back(b.sum / static_cast<double>(b.count), b);
    std::sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [mean, b] : ordered) {
      pairs.emplace_back(mean, b.count);
      sums.push_back(b.sum);
    }
  }
  // Merge neighbours pairwise until at most 100 remain.
  while (pairs.size() > emf_max_values_per_metric) {
    std::size_t w = 0;
    for (std::size_t r = 0; r < pairs.size(); r += 2, ++w) {
      if (r + 1 == pairs.size()) {
        pairs[w] = pairs[r];
        sums[w] = sums[r];
        continue;
      }
      const std::uint64_t n = pairs[r].second + pairs[r + 1].second;
      sums[w] = sums[r] + sums[r + 1];
      pairs[w] = {sums[w] / static_cast<double>(n), n};
    }
    pairs.resize(w);
    sums.resize(w);
  }
  for (const auto& [value, n] : pairs) {
    // A mean of values inside [min, max] stays there up to rounding; clamp it.
    out.values.push_back(std::clamp(value, min_, max_));
    out.counts.push_back(n);
  }
}

void value_histogram::clear() {
  exact_.clear();
  index_ = make_empty_index();
  buckets_.clear();
  bucketed_ = false;
  min_ = max_ = sum_ = 0;
  count_ = 0;
}

}  // namespace cwlog::detail
