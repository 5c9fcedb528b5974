#pragma once
// Sends what the registry aggregated: every interval (its own thread, reading
// the shipper's injected clock), on the shipper's flush() and shutdown()
// (an engine flush hook), and when cwlog::metrics goes away. Each group's
// documents go to the metrics destination rendered for that group ({logger}:
// the namespace, {tenant}: the group's tenant), opened once as a fixed
// destination and logged with the engine's EMF flag: not formatted, batched
// apart, sent with x-amzn-logs-format: json/emf.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <cwlog/metrics.h>
#include <cwlog/options.h>

#include "metrics/registry.h"
#include "route/name_template.h"

namespace cwlog::detail {

class shipper_engine;

// Where EMF documents of one destination template go.
class emf_destination {
 public:
  // Throws cwlog::error when `name` is empty or not in opts.destinations.
  emf_destination(const options& opts, const std::string& name, std::string_view what);
  // The fixed destination id for documents of this namespace and tenant; 0
  // when the names cannot be rendered (counted by the caller).
  std::uint32_t resolve(shipper_engine& engine, std::string_view namespace_name,
                        const std::optional<std::string>& tenant);

 private:
  destination_options base_;
  name_template group_;
  name_template stream_;
  render_context ctx_;
  std::unordered_map<std::string, std::uint32_t> opened_;  // "group\nstream" -> id
};

class metrics_emitter {
 public:
  // `source` is asked for one interval's groups each time something is sent.
  using collector = std::function<void(std::vector<group_sample>&)>;
  metrics_emitter(std::shared_ptr<void> keep_alive, shipper_engine& engine, emf_destination destination,
                  std::chrono::milliseconds interval, collector source);
  ~metrics_emitter();  // stops the thread, sends the partial interval
  metrics_emitter(const metrics_emitter&) = delete;
  metrics_emitter& operator=(const metrics_emitter&) = delete;

  void emit();
  std::uint64_t documents() const noexcept { return documents_.load(); }
  std::uint64_t documents_dropped() const noexcept { return dropped_.load(); }
  std::uint64_t intervals() const noexcept { return intervals_.load(); }

 private:
  void loop();

  std::shared_ptr<void> keep_alive_;  // the shipper
  shipper_engine& engine_;
  emf_destination destination_;
  std::chrono::milliseconds interval_;
  collector source_;
  std::uint64_t hook_ = 0;

  std::mutex emit_mu_;  // one emission at a time (timer, flush, destructor)
  std::vector<group_sample> samples_;
  std::vector<std::string> documents_scratch_;
  std::atomic<std::uint64_t> documents_{0};
  std::atomic<std::uint64_t> dropped_{0};
  std::atomic<std::uint64_t> intervals_{0};

  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace cwlog::detail
