#include "http/curl_transport.h"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include <cwlog/error.h>

#include "http/gzip.h"

namespace cwlog::detail {
namespace {

// curl_global_init is not thread-safe and must run before any other libcurl
// call; doing it once here keeps it out of the user's main(). It holds no
// state of ours, and curl_global_cleanup is left to process exit on purpose
// (another part of the program may still use libcurl).
void init_curl_once() {
  static std::once_flag once;
  static CURLcode result = CURLE_OK;
  std::call_once(once, [] { result = curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (result != CURLE_OK) throw error(std::string("curl_global_init failed: ") + curl_easy_strerror(result));
}

std::string env_or_empty(const char* name) {
  const char* value = std::getenv(name);
  return value ? std::string(value) : std::string();
}

bool iequals_prefix(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char a = text[i], b = prefix[i];
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
    if (b >= 'A' && b <= 'Z') b = static_cast<char>(b - 'A' + 'a');
    if (a != b) return false;
  }
  return true;
}

transport_errc map_curl_error(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return transport_errc::resolve;
    case CURLE_COULDNT_CONNECT:
      return transport_errc::connect;
    case CURLE_OPERATION_TIMEDOUT:
      return transport_errc::timeout;
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return transport_errc::connection_reset;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_USE_SSL_FAILED:
      return transport_errc::tls;
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_BAD_FUNCTION_ARGUMENT:
      return transport_errc::bad_request;
    default:
      return transport_errc::other;
  }
}

size_t on_body(char* data, size_t size, size_t count, void* user) {
  static_cast<http_response*>(user)->body.append(data, size * count);
  return size * count;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* response = static_cast<http_response*>(user);
  std::string_view line(data, size * count);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  // A new status line (after a 100 Continue or a proxy's CONNECT reply) starts
  // a new header block: keep only the final response's headers.
  if (line.starts_with("HTTP/")) {
    response->headers.clear();
    return size * count;
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return size * count;
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  response->headers.push_back({std::string(line.substr(0, colon)), std::string(value)});
  return size * count;
}

// What the debug callback learns about one transfer; lives in perform()'s
// frame and is reached through CURLOPT_DEBUGDATA.
struct transfer_trace {
  bool resent = false;
};

// When a reused keep-alive connection dies before any response byte arrives,
// libcurl sends the whole request again on a fresh connection by itself
// (Curl_retry_request in lib/transfer.c, curl 7.88) and reports only the second
// outcome. No option turns that off or reports it afterwards (no CURLINFO
// counts it), and the first copy may already have been processed: a
// PutLogEvents stored twice while the caller sees one success. The only trace
// is the info text curl writes just before resending, so this watches for it.
// Verbose mode routes every message here instead of stderr; everything but
// CURLINFO_TEXT (headers and bodies, which carry credentials) is ignored
// unread, and nothing is ever printed.
int on_debug(CURL*, curl_infotype type, char* data, size_t size, void* user) {
  if (type != CURLINFO_TEXT || user == nullptr) return 0;
  constexpr std::string_view retry_text = "Connection died, retrying a fresh connect";
  if (std::string_view(data, size).starts_with(retry_text)) static_cast<transfer_trace*>(user)->resent = true;
  return 0;
}

// A body sent from its pieces (http_request::body_pieces), pulled by libcurl
// through on_read into its upload buffer: the one copy before the socket.
// on_seek rewinds it for the resend described at on_debug; without it libcurl
// could not send the request again and would fail it instead.
struct body_reader {
  std::string_view head;
  std::span<const std::string_view> pieces;
  std::size_t piece = 0;  // 0: head, i: pieces[i - 1]
  std::size_t offset = 0;
  std::string_view current() const noexcept { return piece == 0 ? head : pieces[piece - 1]; }
};

size_t on_read(char* out, size_t size, size_t count, void* user) {
  auto* reader = static_cast<body_reader*>(user);
  const size_t room = size * count;
  size_t written = 0;
  while (written < room && reader->piece <= reader->pieces.size()) {
    const std::string_view left = reader->current().substr(reader->offset);
    const size_t n = std::min(left.size(), room - written);
    if (n > 0) std::memcpy(out + written, left.data(), n);
    written += n;
    reader->offset += n;
    if (reader->offset == reader->current().size()) {
      ++reader->piece;
      reader->offset = 0;
    }
  }
  return written;
}

int on_seek(void* user, curl_off_t offset, int origin) {
  if (origin != SEEK_SET || offset != 0) return CURL_SEEKFUNC_CANTSEEK;
  auto* reader = static_cast<body_reader*>(user);
  reader->piece = 0;
  reader->offset = 0;
  return CURL_SEEKFUNC_OK;
}

struct slist_deleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using slist_ptr = std::unique_ptr<curl_slist, slist_deleter>;

bool append_header(slist_ptr& list, const std::string& line) {
  curl_slist* next = curl_slist_append(list.get(), line.c_str());
  if (next == nullptr) return false;
  (void)list.release();
  list.reset(next);
  return true;
}

class curl_transport final : public http_transport {
 public:
  explicit curl_transport(curl_transport_options options) : options_(std::move(options)) {
    init_curl_once();
    if (options_.ca_bundle.empty()) options_.ca_bundle = env_or_empty("AWS_CA_BUNDLE");
    // libcurl ignores upper-case HTTP_PROXY on purpose (CGI "httpoxy"); an AWS
    // SDK user expects it to work, so it is applied here for http:// only.
    if (env_or_empty("http_proxy").empty()) upper_http_proxy_ = env_or_empty("HTTP_PROXY");
    share_ = curl_share_init();
    if (share_ == nullptr) throw error("make_curl_transport: curl_share_init failed");
    curl_share_setopt(share_, CURLSHOPT_LOCKFUNC, &curl_transport::lock);
    curl_share_setopt(share_, CURLSHOPT_UNLOCKFUNC, &curl_transport::unlock);
    curl_share_setopt(share_, CURLSHOPT_USERDATA, this);
    // DNS and TLS sessions are shared between handles. Connections are not:
    // libcurl documents CURL_LOCK_DATA_CONNECT as unsupported across
    // concurrent threads, so each pooled easy handle keeps its own live
    // connections (keep-alive comes from reusing the handle).
    curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
  }

  ~curl_transport() override {
    // Every send() has returned (callers hold the shared_ptr while sending), so
    // all handles are idle; they must go before the share they use.
    for (CURL* handle : idle_) curl_easy_cleanup(handle);
    curl_share_cleanup(share_);
  }

  curl_transport(const curl_transport&) = delete;
  curl_transport& operator=(const curl_transport&) = delete;

  http_result send(const http_request& request) override {
    CURL* handle = acquire();
    if (handle == nullptr)
      return std::unexpected(transport_error{transport_errc::other, "curl_easy_init failed"});
    auto result = perform(handle, request);
    release(handle);
    return result;
  }

 private:
  static void lock(CURL*, curl_lock_data data, curl_lock_access, void* user) {
    static_cast<curl_transport*>(user)->locks_[static_cast<std::size_t>(data) % lock_count].lock();
  }
  static void unlock(CURL*, curl_lock_data data, void* user) {
    static_cast<curl_transport*>(user)->locks_[static_cast<std::size_t>(data) % lock_count].unlock();
  }

  CURL* acquire() {
    {
      std::lock_guard guard(pool_mutex_);
      if (!idle_.empty()) {
        CURL* handle = idle_.back();  // most recently used: its connection is the warmest
        idle_.pop_back();
        return handle;
      }
    }
    return curl_easy_init();
  }

  void release(CURL* handle) {
    {
      std::lock_guard guard(pool_mutex_);
      if (idle_.size() < options_.max_idle_handles) {
        idle_.push_back(handle);
        return;
      }
    }
    curl_easy_cleanup(handle);
  }

  http_result perform(CURL* handle, const http_request& request) {
    // curl_easy_reset keeps the handle's live connections and caches, but
    // clears every option, so nothing leaks from one request into the next.
    curl_easy_reset(handle);
    const bool is_http = iequals_prefix(request.url, "http://");
    if (!is_http && !iequals_prefix(request.url, "https://")) {
      return std::unexpected(transport_error{transport_errc::bad_request, "URL must be http:// or https://"});
    }

    std::string compressed;
    const std::string* body = &request.body;
    if (request.gzip_body) {
      // Joined first only when there are pieces: a whole body is compressed where it is.
      compressed =
          request.body_pieces.empty() ? gzip_compress(request.body) : gzip_compress(whole_body(request));
      body = &compressed;
    }
    const bool from_pieces = !request.gzip_body && !request.body_pieces.empty();
    body_reader reader{request.body, request.body_pieces};

    slist_ptr headers;
    bool has_content_type = false;
    for (const auto& header : request.headers) {
      // A CR or LF would let a value (a token from the environment, say)
      // inject its own header lines.
      if (header.name.empty() || header.name.find_first_of(":\r\n") != std::string::npos ||
          header.value.find_first_of("\r\n") != std::string::npos) {
        return std::unexpected(transport_error{transport_errc::bad_request,
                                               "header '" + header.name + "' has a forbidden character"});
      }
      if (request.gzip_body && header_name_equals(header.name, "Content-Encoding")) continue;
      if (header_name_equals(header.name, "Content-Type")) has_content_type = true;
      // "Name;" is libcurl's way to send a header with an empty value.
      const std::string line = header.value.empty() ? header.name + ";" : header.name + ": " + header.value;
      if (!append_header(headers, line)) return out_of_memory();
    }
    if (request.gzip_body && !append_header(headers, "Content-Encoding: gzip")) return out_of_memory();
    // No "Expect: 100-continue" round trip, and no invented form content type.
    if (!append_header(headers, "Expect:")) return out_of_memory();
    if (!has_content_type && !append_header(headers, "Content-Type:")) return out_of_memory();

    http_response response;
    transfer_trace trace;  // fresh per send: a resend belongs to one transfer only
    char error_buffer[CURL_ERROR_SIZE] = {};
    const auto total = request.timeout.count() > 0 ? request.timeout : options_.total_timeout;

    curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_buffer);
    curl_easy_setopt(handle, CURLOPT_SHARE, share_);
    curl_easy_setopt(handle, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM for timeouts
    curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
    curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(total.count()));
    curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!options_.ca_bundle.empty()) curl_easy_setopt(handle, CURLOPT_CAINFO, options_.ca_bundle.c_str());
    if (is_http && !upper_http_proxy_.empty())
      curl_easy_setopt(handle, CURLOPT_PROXY, upper_http_proxy_.c_str());
    if (!options_.user_agent.empty())
      curl_easy_setopt(handle, CURLOPT_USERAGENT, options_.user_agent.c_str());
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &on_body);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &response);
    curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, &on_header);
    curl_easy_setopt(handle, CURLOPT_HEADERDATA, &response);
    curl_easy_setopt(handle, CURLOPT_DEBUGFUNCTION, &on_debug);
    curl_easy_setopt(handle, CURLOPT_DEBUGDATA, &trace);
    curl_easy_setopt(handle, CURLOPT_VERBOSE, 1L);  // see on_debug: only to notice a resend

    if (request.method == "GET") {
      curl_easy_setopt(handle, CURLOPT_HTTPGET, 1L);
    } else if (request.method == "HEAD") {
      curl_easy_setopt(handle, CURLOPT_NOBODY, 1L);
    } else {
      if (request.method != "POST") curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, request.method.c_str());
      curl_easy_setopt(handle, CURLOPT_POST, 1L);
      if (from_pieces) {
        curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body_size(request)));
        curl_easy_setopt(handle, CURLOPT_READFUNCTION, &on_read);
        curl_easy_setopt(handle, CURLOPT_READDATA, &reader);
        curl_easy_setopt(handle, CURLOPT_SEEKFUNCTION, &on_seek);
        curl_easy_setopt(handle, CURLOPT_SEEKDATA, &reader);
      } else {
        curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->size()));
        curl_easy_setopt(handle, CURLOPT_POSTFIELDS, body->data());
      }
    }

    const CURLcode code = curl_easy_perform(handle);
    // The options point into this frame; drop them before the handle is pooled.
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, nullptr);
    curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, nullptr);
    curl_easy_setopt(handle, CURLOPT_READDATA, nullptr);
    curl_easy_setopt(handle, CURLOPT_SEEKDATA, nullptr);
    // Closing the pooled handle's connections later must not call back into
    // this frame's trace.
    curl_easy_setopt(handle, CURLOPT_VERBOSE, 0L);
    curl_easy_setopt(handle, CURLOPT_DEBUGDATA, nullptr);
    if (code != CURLE_OK) {
      std::string message = curl_easy_strerror(code);
      if (error_buffer[0] != '\0') message += std::string(": ") + error_buffer;
      return std::unexpected(transport_error{map_curl_error(code), std::move(message)});
    }
    long status = 0;
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
    response.status = static_cast<int>(status);
    response.resent = trace.resent;
    return response;
  }

  static http_result out_of_memory() {
    return std::unexpected(transport_error{transport_errc::other, "out of memory building headers"});
  }

  static constexpr std::size_t lock_count = CURL_LOCK_DATA_LAST;

  curl_transport_options options_;
  std::string upper_http_proxy_;
  CURLSH* share_ = nullptr;
  std::array<std::mutex, lock_count> locks_;
  std::mutex pool_mutex_;
  std::vector<CURL*> idle_;
};

}  // namespace

std::shared_ptr<http_transport> make_curl_transport(curl_transport_options options) {
  return std::make_shared<curl_transport>(std::move(options));
}

}  // namespace cwlog::detail
