#pragma once
// The state of cwlog local in SQLite: log groups, their tags, log streams and
// events. A file (survives restarts) or ":memory:". One connection guarded by a
// mutex; WAL and synchronous=NORMAL, prepared statements, and one transaction
// per PutLogEvents batch keep ingest well above 200,000 small events/s.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace cwlog::detail {

struct group_row {
  std::int64_t id = 0;
  std::string name;
  std::int64_t creation_time = 0;  // ms since the epoch
  std::optional<int> retention_days;
  std::string kms_key_id;
  std::string log_group_class = "STANDARD";
  bool deletion_protection = false;
  std::int64_t stored_bytes = 0;
};

struct stream_row {
  std::int64_t id = 0;
  std::int64_t group_id = 0;
  std::string name;
  std::int64_t creation_time = 0;
  std::optional<std::int64_t> first_event_timestamp;
  std::optional<std::int64_t> last_event_timestamp;
  std::optional<std::int64_t> last_ingestion_time;
  std::int64_t stored_bytes = 0;
};

struct event_row {
  std::int64_t id = 0;  // also the eventId and the tie-breaker of equal timestamps
  std::string stream_name;
  std::int64_t timestamp = 0;
  std::int64_t ingestion_time = 0;
  std::string message;
};

struct event_in {
  std::int64_t timestamp = 0;
  // The message, unescaped. Empty when the body was read for sizes only
  // (put_messages::sizes_only in put_request.h: cwlog local --discard, which
  // stores nothing): only message_bytes is read then.
  std::string_view message;
  // The message's size in UTF-8 bytes as the service counts it (after JSON
  // unescaping): message.size() when the content was read. The batch rules
  // use it; the store reads `message`.
  std::size_t message_bytes = 0;
};

// A position in (timestamp, id) order, used by read tokens.
struct event_key {
  std::int64_t timestamp = 0;
  std::int64_t id = 0;
};

enum class stream_order { name, last_event_time };

// What the console shows of a group or a stream besides the API's fields.
struct group_summary {
  group_row group;
  std::int64_t event_count = 0;
  std::optional<std::int64_t> last_ingestion_time;
  std::map<std::string, std::string> tags;
};
struct stream_summary {
  stream_row stream;
  std::int64_t event_count = 0;
};

// Events ingested after a live-tail cursor (the next event id to look at).
struct tail_page {
  std::vector<event_row> events;  // in ingestion (id) order, with stream names
  std::int64_t cursor = 0;        // where the next poll starts
};

class store {
 public:
  // path: a file name, or ":memory:". Throws cwlog::error when it cannot be opened.
  explicit store(const std::string& path);
  ~store();
  store(const store&) = delete;
  store& operator=(const store&) = delete;

  // --- groups ---
  std::optional<group_row> find_group(std::string_view name);
  // false: a group of that name exists. Fills g.id.
  bool create_group(group_row& g, const std::map<std::string, std::string>& tags);
  bool delete_group(std::string_view name);
  // Groups ordered by name, starting at offset.
  std::vector<group_row> list_groups(std::string_view prefix, std::string_view log_group_class,
                                     std::int64_t offset, int limit);
  void set_retention(std::int64_t group_id, std::optional<int> days);
  std::map<std::string, std::string> tags(std::int64_t group_id);
  void set_tags(std::int64_t group_id, const std::map<std::string, std::string>& tags);
  void remove_tags(std::int64_t group_id, const std::vector<std::string>& keys);

  // --- streams ---
  std::optional<stream_row> find_stream(std::int64_t group_id, std::string_view name);
  bool create_stream(std::int64_t group_id, std::string_view name, std::int64_t now_ms);
  bool delete_stream(std::int64_t group_id, std::string_view name);
  std::vector<stream_row> list_streams(std::int64_t group_id, std::string_view prefix, stream_order order,
                                       bool descending, std::int64_t offset, int limit);

  // --- events ---
  // Appends in one transaction and updates the stream's and group's metadata.
  void append(const stream_row& stream, std::span<const event_in> events, std::int64_t ingestion_ms);

  struct read_range {
    std::int64_t min_timestamp = INT64_MIN;  // inclusive (time range and retention)
    std::int64_t max_timestamp = INT64_MAX;  // exclusive
  };
  // Events of one stream strictly after `after` ascending, or strictly before
  // `before` descending (then returned in ascending order). At most limit.
  std::vector<event_row> read_forward(std::int64_t stream_id, event_key after, read_range range, int limit);
  std::vector<event_row> read_backward(std::int64_t stream_id, event_key before, read_range range, int limit);
  // Events of the given streams of one group, interleaved by (timestamp, id),
  // strictly after `after`, that satisfy `match`. Scans at most max_scan rows;
  // *scanned_to is the key of the last row looked at (for the next token).
  std::vector<event_row> filter(std::int64_t group_id, const std::vector<std::int64_t>& stream_ids,
                                event_key after, read_range range, int limit,
                                const std::function<bool(std::string_view)>& match, std::int64_t max_scan,
                                std::optional<event_key>* scanned_to, bool* exhausted);

  // --- the console's queries (store_console.cpp) ---
  // Groups whose name contains `search` (case-insensitive), by name; *total: how many match.
  std::vector<group_summary> console_groups(std::string_view search, std::int64_t offset, int limit,
                                            std::int64_t* total);
  std::optional<group_summary> console_group(std::string_view name);
  // A group's streams whose name contains `search`, latest event first.
  std::vector<stream_summary> console_streams(std::int64_t group_id, std::string_view search,
                                              std::int64_t offset, int limit, std::int64_t* total);
  // Like filter(), but merges the streams' (timestamp, id)-ordered B-tree
  // ranges instead of sorting the group, so the first page of a big group
  // costs what it reads.
  std::vector<event_row> merge_streams(const std::vector<stream_row>& streams, event_key after,
                                       read_range range, int limit,
                                       const std::function<bool(std::string_view)>& match,
                                       std::int64_t max_scan, std::optional<event_key>* scanned_to,
                                       bool* exhausted);
  // The cursor of "from now on": the id the next stored event will get.
  std::int64_t next_event_id();
  // Events of the group (of one stream if stream_id is set) stored at or after
  // `cursor`, that satisfy `match`, at most limit (and max_scan looked at).
  tail_page tail(std::int64_t group_id, std::optional<std::int64_t> stream_id, std::int64_t cursor, int limit,
                 const std::function<bool(std::string_view)>& match, std::int64_t max_scan);
  // Events stored per minute (minute start ms -> count) at or after since_ms.
  std::map<std::int64_t, std::int64_t> ingest_volume(std::int64_t group_id, std::int64_t since_ms);

 private:
  struct statement;
  statement& prepared(const char* sql);
  void exec(const char* sql);
  void upgrade_schema();
  std::optional<group_row> read_group(statement& st);
  stream_row read_stream(statement& st);
  // Rows of group_columns, event_count, last_ingestion, with their tags.
  std::vector<group_summary> read_summaries(statement& st);

  std::mutex mutex_;
  sqlite3* db_ = nullptr;
  std::map<const char*, std::unique_ptr<statement>> statements_;  // keyed by the literal's address
};

}  // namespace cwlog::detail
