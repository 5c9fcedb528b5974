#pragma once
// Holds a stand-in server's handler (a "slow" server) until the test lets it
// go, instead of sleeping a fixed time: the client's timeout then fires however
// slowly the machine runs, and never races the answer. The bound only keeps a
// gate nobody opens from hanging the suite.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace cwlog::test {

class gate {
 public:
  // Blocks until release() or open() (or `bound` passes).
  void wait(std::chrono::seconds bound = std::chrono::seconds(60)) {
    std::unique_lock lock(mutex_);
    const auto generation = generation_;
    cv_.wait_for(lock, bound, [&] { return open_ || generation_ != generation; });
  }
  // Lets every waiter through; later waits block again.
  void release() {
    {
      std::lock_guard lock(mutex_);
      ++generation_;
    }
    cv_.notify_all();
  }
  // Lets every waiter through, now and from now on (before stopping the server).
  void open() {
    {
      std::lock_guard lock(mutex_);
      open_ = true;
    }
    cv_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::uint64_t generation_ = 0;
  bool open_ = false;
};

}  // namespace cwlog::test
