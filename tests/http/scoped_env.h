#pragma once
// Environment variables set for one test and restored afterwards (AWS_CA_BUNDLE,
// proxy variables): libcurl and the transport read them from the process.
#include <cstdlib>
#include <optional>
#include <string>

namespace cwlog::test {

// Sets (or unsets, with nullopt) an environment variable for one test and
// restores the previous value afterwards.
class scoped_env {
 public:
  scoped_env(const char* name, std::optional<std::string> value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) {
      ::setenv(name, value->c_str(), 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~scoped_env() {
    if (old_) {
      ::setenv(name_.c_str(), old_->c_str(), 1);
    } else {
      ::unsetenv(name_.c_str());
    }
  }
  scoped_env(const scoped_env&) = delete;
  scoped_env& operator=(const scoped_env&) = delete;

 private:
  std::string name_;
  std::optional<std::string> old_;
};

// No proxy from the machine's environment may divert loopback traffic.
struct no_proxy_env {
  scoped_env a{"http_proxy", std::nullopt}, b{"HTTP_PROXY", std::nullopt}, c{"https_proxy", std::nullopt},
      d{"HTTPS_PROXY", std::nullopt}, e{"all_proxy", std::nullopt}, f{"ALL_PROXY", std::nullopt};
};

}  // namespace cwlog::test
