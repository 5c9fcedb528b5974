#pragma once
// The queue's lock: glibc's adaptive mutex spins briefly before sleeping.
// The critical section on the caller's path is a few pointer moves, so a
// second producer that finds it taken is better off spinning for ~100 ns than
// paying a futex sleep and wake-up (microseconds), which is what std::mutex
// does. Used with std::condition_variable_any.
#include <pthread.h>

namespace cwlog::detail {

class adaptive_mutex {
 public:
  adaptive_mutex() noexcept {
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ADAPTIVE_NP);
    pthread_mutex_init(&m_, &attr);
    pthread_mutexattr_destroy(&attr);
  }
  ~adaptive_mutex() { pthread_mutex_destroy(&m_); }
  adaptive_mutex(const adaptive_mutex&) = delete;
  adaptive_mutex& operator=(const adaptive_mutex&) = delete;

  void lock() noexcept { pthread_mutex_lock(&m_); }
  bool try_lock() noexcept { return pthread_mutex_trylock(&m_) == 0; }
  void unlock() noexcept { pthread_mutex_unlock(&m_); }

 private:
  pthread_mutex_t m_;
};

}  // namespace cwlog::detail
