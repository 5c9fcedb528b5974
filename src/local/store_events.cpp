// The event half of the store: appending batches and reading them back.
#include <algorithm>

#include "local/store.h"
#include "local/store_statement.h"

namespace cwlog::detail {

void store::append(const stream_row& stream, std::span<const event_in> events, std::int64_t ingestion_ms) {
  if (events.empty()) return;
  std::lock_guard lock(mutex_);
  std::int64_t bytes = 0;
  std::int64_t first = events.front().timestamp;
  std::int64_t last = events.front().timestamp;
  exec("BEGIN");
  try {
    auto& next = prepared("SELECT value FROM meta WHERE key = 'next_event_id'");
    std::int64_t id = next.step() ? next.i64(0) : 1;
    next.done();
    prepared("UPDATE meta SET value = ? WHERE key = 'next_event_id'")
        .bind(id + static_cast<std::int64_t>(events.size()))
        .run();
    auto& insert = prepared("INSERT INTO events(stream_id, ts, id, ingestion, message) VALUES(?,?,?,?,?)");
    for (const auto& e : events) {
      insert.begin().bind(stream.id).bind(e.timestamp).bind(id++).bind(ingestion_ms).bind(e.message).run();
      bytes += static_cast<std::int64_t>(e.message.size());
      first = std::min(first, e.timestamp);
      last = std::max(last, e.timestamp);
    }
    const auto count = static_cast<std::int64_t>(events.size());
    prepared(
        "UPDATE log_streams SET first_event = min(coalesce(first_event, ?1), ?1), "
        "last_event = max(coalesce(last_event, ?2), ?2), last_ingestion = ?3, "
        "stored_bytes = stored_bytes + ?4, event_count = event_count + ?5 WHERE id = ?6")
        .bind(first)
        .bind(last)
        .bind(ingestion_ms)
        .bind(bytes)
        .bind(count)
        .bind(stream.id)
        .run();
    prepared(
        "UPDATE log_groups SET stored_bytes = stored_bytes + ?, event_count = event_count + ?, "
        "last_ingestion = ? WHERE id = ?")
        .bind(bytes)
        .bind(count)
        .bind(ingestion_ms)
        .bind(stream.group_id)
        .run();
    prepared(
        "INSERT OR REPLACE INTO ingest_batches(group_id, id_end, id_first, stream_id, ingestion, ts_min, "
        "ts_max, events) VALUES(?,?,?,?,?,?,?,?)")
        .bind(stream.group_id)
        .bind(id)
        .bind(id - count)
        .bind(stream.id)
        .bind(ingestion_ms)
        .bind(first)
        .bind(last)
        .bind(count)
        .run();
    exec("COMMIT");
  } catch (...) {
    exec("ROLLBACK");
    throw;
  }
}

std::vector<event_row> store::read_forward(std::int64_t stream_id, event_key after, read_range range,
                                           int limit) {
  std::lock_guard lock(mutex_);
  auto& st = prepared(
                 "SELECT id, ts, ingestion, message FROM events WHERE stream_id = ? AND (ts, id) > (?, ?) "
                 "AND ts >= ? AND ts < ? ORDER BY ts, id LIMIT ?")
                 .bind(stream_id)
                 .bind(after.timestamp)
                 .bind(after.id)
                 .bind(range.min_timestamp)
                 .bind(range.max_timestamp)
                 .bind(std::int64_t{limit});
  std::vector<event_row> out;
  while (st.step()) out.push_back(event_from(st.st, false));
  return out;
}

std::vector<event_row> store::read_backward(std::int64_t stream_id, event_key before, read_range range,
                                            int limit) {
  std::lock_guard lock(mutex_);
  auto& st = prepared(
                 "SELECT id, ts, ingestion, message FROM events WHERE stream_id = ? AND (ts, id) < (?, ?) "
                 "AND ts >= ? AND ts < ? ORDER BY ts DESC, id DESC LIMIT ?")
                 .bind(stream_id)
                 .bind(before.timestamp)
                 .bind(before.id)
                 .bind(range.min_timestamp)
                 .bind(range.max_timestamp)
                 .bind(std::int64_t{limit});
  std::vector<event_row> out;
  while (st.step()) out.push_back(event_from(st.st, false));
  return {out.rbegin(), out.rend()};
}

std::vector<event_row> store::filter(std::int64_t group_id, const std::vector<std::int64_t>& stream_ids,
                                     event_key after, read_range range, int limit,
                                     const std::function<bool(std::string_view)>& match,
                                     std::int64_t max_scan, std::optional<event_key>* scanned_to,
                                     bool* exhausted) {
  std::lock_guard lock(mutex_);
  // The stream list travels as a comma-separated string matched with instr(),
  // so that the statement stays fixed (and prepared) whatever the list's length.
  std::string ids = ",";
  for (auto id : stream_ids) ids += std::to_string(id) + ",";
  auto& st = prepared(
                 "SELECT e.id, e.ts, e.ingestion, e.message, s.name FROM events e JOIN log_streams s "
                 "ON e.stream_id = s.id WHERE s.group_id = ? AND instr(?, ',' || s.id || ',') > 0 "
                 "AND (e.ts, e.id) > (?, ?) AND e.ts >= ? AND e.ts < ? ORDER BY e.ts, e.id LIMIT ?")
                 .bind(group_id)
                 .bind(std::string_view(ids))
                 .bind(after.timestamp)
                 .bind(after.id)
                 .bind(range.min_timestamp)
                 .bind(range.max_timestamp)
                 .bind(max_scan);
  std::vector<event_row> out;
  std::int64_t scanned = 0;
  *exhausted = true;
  while (st.step()) {
    ++scanned;
    event_key key{sqlite3_column_int64(st.st, 1), sqlite3_column_int64(st.st, 0)};
    *scanned_to = key;
    const auto* m = reinterpret_cast<const char*>(sqlite3_column_text(st.st, 3));
    std::string_view msg(m ? m : "", static_cast<std::size_t>(sqlite3_column_bytes(st.st, 3)));
    if (match && !match(msg)) continue;
    out.push_back(event_from(st.st, true));
    if (static_cast<int>(out.size()) >= limit) {
      *exhausted = false;
      break;
    }
  }
  if (scanned >= max_scan) *exhausted = false;
  sqlite3_reset(st.st);
  return out;
}

}  // namespace cwlog::detail
