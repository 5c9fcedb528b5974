#include "metrics/metrics_emitter.h"

#include <algorithm>

#include <cwlog/error.h>

#include "metrics/emf_encoder.h"
#include "route/router.h"
#include "rules/emf.h"
#include "ship/engine.h"

namespace cwlog::detail {

emf_destination::emf_destination(const options& opts, const std::string& name, std::string_view what) {
  const auto it = std::find_if(opts.destinations.begin(), opts.destinations.end(),
                               [&](const destination_options& d) { return d.name == name; });
  if (name.empty() || it == opts.destinations.end())
    throw error(std::string(what) + ": \"" + name +
                "\" is not a destination name (allowed: a name in destinations)");
  base_ = *it;
  group_ = name_template::parse(base_.group, template_kind::group);
  stream_ = name_template::parse(base_.stream, template_kind::stream);
  ctx_ = current_render_context();
}

std::uint32_t emf_destination::resolve(shipper_engine& engine, std::string_view namespace_name,
                                       const std::optional<std::string>& tenant) {
  record_view r;
  r.logger = namespace_name;
  if (tenant) r.tenant = *tenant;
  std::string key;
  if (!group_.render_to(key, r, ctx_)) return 0;
  key += '\n';
  if (!stream_.render_to(key, r, ctx_)) return 0;
  if (auto it = opened_.find(key); it != opened_.end()) return it->second;
  destination_options d = base_;
  d.group = key.substr(0, key.find('\n'));
  d.stream = key.substr(key.find('\n') + 1);
  std::uint32_t id = 0;
  try {
    id = engine.open_destination(d);
  } catch (const std::exception&) {
    return 0;  // names the service would refuse: counted as dropped documents
  }
  opened_.emplace(std::move(key), id);
  return id;
}

metrics_emitter::metrics_emitter(std::shared_ptr<void> keep_alive, shipper_engine& engine,
                                 emf_destination destination, std::chrono::milliseconds interval,
                                 collector source)
    : keep_alive_(std::move(keep_alive)),
      engine_(engine),
      destination_(std::move(destination)),
      interval_(interval),
      source_(std::move(source)) {
  if (interval_.count() <= 0) throw error("metrics: interval must be positive");
  hook_ = engine_.add_flush_hook([this] { emit(); });
  thread_ = std::thread([this] { loop(); });
}

metrics_emitter::~metrics_emitter() {
  {
    std::lock_guard lk(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  engine_.remove_flush_hook(hook_);
  emit();
}

void metrics_emitter::loop() {
  const auto& clock = engine_.clock();
  auto next = clock->steady_now() + interval_;
  std::unique_lock lk(mu_);
  while (!stop_) {
    const auto now = clock->steady_now();
    if (now >= next) {
      lk.unlock();
      emit();
      lk.lock();
      // The next boundary from the one just passed, skipping any missed.
      while (next <= now) next += interval_;
      continue;
    }
    // Real time only decides when to look at the (possibly manual) clock again.
    cv_.wait_for(
        lk, std::min<std::chrono::nanoseconds>(clock->real_wait(next - now), std::chrono::milliseconds(50)));
  }
}

void metrics_emitter::emit() {
  std::lock_guard lk(emit_mu_);
  source_(samples_);
  intervals_.fetch_add(1);
  if (samples_.empty()) return;
  const auto now = engine_.clock()->now();
  const std::int64_t now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  for (const auto& g : samples_) {
    documents_scratch_.clear();
    const auto encoded = encode_emf(g, now_ms, documents_scratch_, emf_max_event_bytes);
    dropped_.fetch_add(encoded.oversize);
    const std::uint32_t id = destination_.resolve(engine_, g.group->namespace_name, g.group->tenant);
    for (const auto& doc : documents_scratch_) {
      record_view r;
      r.timestamp_ns = now_ms * 1'000'000;
      r.lvl = level::info;
      r.logger = g.group->namespace_name;
      r.message = doc;
      if (g.group->tenant) r.tenant = *g.group->tenant;
      if (id != 0 && engine_.log(r, id, {}, true))
        documents_.fetch_add(1);
      else
        dropped_.fetch_add(1);
    }
  }
}

}  // namespace cwlog::detail
