#pragma once
// A fixed destination: one (log group, log stream) named by the caller, with
// the group's creation options, opened once on a shipper and then logged to
// without any routing. This is what a handler per customer needs (the Python
// binding's CloudWatchLogHandler, a sink per tenant): each one costs an entry
// in the shipper's table, not a thread or a connection, and every destination
// of a shipper shares its queue, senders and retry budget.
//
//   cwlog::destination_options d;
//   d.group = "swarms-customer-acme";
//   d.stream = "customer-acme-stream";
//   d.retention_days = 30;
//   cwlog::destination acme = shipper.open(d);   // validated here, throws cwlog::error
//   shipper.log(acme, record);                   // noexcept, like shipper::log
//
// The names are used as written (no template tokens, no tenant encoding): a
// group name is 1-512 of A-Z a-z 0-9 . - _ / # and does not start with "aws/";
// a stream name is 1-512 characters without ':' or '*' (CloudWatch's rules).
// Opening the same (group, stream) again returns the same destination; opening
// a group again with different group options (retention, KMS key, tags, class,
// create_group) is refused, since the group is created once.
#include <cstdint>
#include <string>
#include <utility>

namespace cwlog {

class shipper;

// A handle: cheap to copy, valid for the shipper that opened it (logging it to
// another shipper drops the record as no_destination). A default-constructed
// handle is empty.
class destination {
 public:
  destination() = default;
  const std::string& group() const noexcept { return group_; }
  const std::string& stream() const noexcept { return stream_; }
  bool empty() const noexcept { return id_ == 0; }

 private:
  friend class shipper;
  destination(const void* owner, std::uint32_t id, std::string group, std::string stream)
      : owner_(owner), id_(id), group_(std::move(group)), stream_(std::move(stream)) {}
  const void* owner_ = nullptr;  // the engine that issued it
  std::uint32_t id_ = 0;
  std::string group_;
  std::string stream_;
};

}  // namespace cwlog
