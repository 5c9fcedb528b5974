#pragma once
// A distribution's values within one interval, bounded in memory and in what
// it sends (docs/metrics.md, "Distributions").
//
// Values are kept exactly, as (value, count) pairs, while there are at most
// emf_max_values_per_metric (100) distinct ones. The 101st distinct value
// switches the interval to buckets, as aws-embedded-metrics' histograms do:
// a bucket covers values of one sign whose magnitudes are within a factor
// 1.1 of each other (boundaries at powers of 1.1), and keeps the count and the
// sum of its values; it is sent as its mean, which lies inside the bucket, so
// no value moves by more than 10%. Min, max, count and sum stay exact (the sum
// up to floating-point rounding). When more than 100 buckets are occupied,
// neighbours are merged pairwise, in value order, until at most 100 remain.
#include <array>
#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

namespace cwlog::detail {

struct distribution_summary {
  // raw: values holds every value (counts empty), at most 100 of them.
  // Otherwise values/counts are at most 100 (value, count) pairs by value.
  bool raw = true;
  std::vector<double> values;
  std::vector<std::uint64_t> counts;
  double min = 0;
  double max = 0;
  double sum = 0;
  std::uint64_t count = 0;
};

class value_histogram {
 public:
  // v must be finite (checked by the caller).
  void add(double v);
  bool empty() const noexcept { return count_ == 0; }
  std::uint64_t count() const noexcept { return count_; }
  bool bucketed() const noexcept { return bucketed_; }
  void summarize(distribution_summary& out) const;
  void clear();

  // The bucket key of v (exposed for tests): 0 for zero, else the sign times
  // the power-of-1.1 index of |v|, offset so that it is never zero.
  static std::int64_t bucket_of(double v) noexcept;

 private:
  struct bucket {
    double sum = 0;
    std::uint64_t count = 0;
  };
  void to_buckets();
  // The slot of v in index_ (open addressing, linear probing): where v's
  // position in exact_ is, or the empty slot where it goes.
  std::size_t slot_of(double v) const noexcept;

  // The record path finds a value among up to 100 in one or two probes
  // instead of a linear search: 256 slots for at most 100 entries.
  static constexpr std::size_t index_slots = 256;
  static constexpr std::int16_t empty_slot = -1;
  std::array<std::int16_t, index_slots> index_ = make_empty_index();
  static constexpr std::array<std::int16_t, index_slots> make_empty_index() {
    std::array<std::int16_t, index_slots> a{};
    a.fill(empty_slot);
    return a;
  }
  std::vector<std::pair<double, std::uint64_t>> exact_;
  std::unordered_map<std::int64_t, bucket> buckets_;
  bool bucketed_ = false;
  double min_ = 0;
  double max_ = 0;
  double sum_ = 0;
  std::uint64_t count_ = 0;
};

}  // namespace cwlog::detail
