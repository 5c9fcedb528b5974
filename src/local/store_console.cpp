// The store's queries for the web console (console_api.cpp): group and stream
// summaries, a group's events merged across streams, the live tail after a
// cursor and the per-minute ingest volume. All read-only.
#include <algorithm>
#include <queue>

#include "local/store.h"
#include "local/store_statement.h"

namespace cwlog::detail {

std::vector<group_summary> store::read_summaries(statement& st) {
  std::vector<group_summary> out;
  while (auto g = read_group(st)) {
    group_summary s;
    s.group = std::move(*g);
    s.event_count = st.i64(8);
    s.last_ingestion_time = st.opt(9);
    out.push_back(std::move(s));
  }
  for (auto& s : out) {
    auto& tags = prepared("SELECT key, value FROM tags WHERE group_id = ? ORDER BY key").bind(s.group.id);
    while (tags.step()) s.tags.emplace(tags.text(0), tags.text(1));
  }
  return out;
}

std::vector<group_summary> store::console_groups(std::string_view search, std::int64_t offset, int limit,
                                                 std::int64_t* total) {
  std::lock_guard lock(mutex_);
  static const std::string sql =
      std::string("SELECT ") + group_columns +
      ", event_count, last_ingestion FROM log_groups WHERE ?1 = '' OR instr(lower(name), lower(?1)) > 0 "
      "ORDER BY name LIMIT ?2 OFFSET ?3";
  auto out = read_summaries(prepared(sql.c_str()).bind(search).bind(std::int64_t{limit}).bind(offset));
  auto& count = prepared("SELECT count(*) FROM log_groups WHERE ?1 = '' OR instr(lower(name), lower(?1)) > 0")
                    .bind(search);
  *total = count.step() ? count.i64(0) : 0;
  count.done();
  return out;
}

std::optional<group_summary> store::console_group(std::string_view name) {
  std::lock_guard lock(mutex_);
  static const std::string sql =
      std::string("SELECT ") + group_columns + ", event_count, last_ingestion FROM log_groups WHERE name = ?";
  auto out = read_summaries(prepared(sql.c_str()).bind(name));
  if (out.empty()) return std::nullopt;
  return std::move(out.front());
}

std::vector<stream_summary> store::console_streams(std::int64_t group_id, std::string_view search,
                                                   std::int64_t offset, int limit, std::int64_t* total) {
  std::lock_guard lock(mutex_);
  static const std::string sql =
      std::string("SELECT ") + stream_columns +
      ", event_count FROM log_streams WHERE group_id = ?1 AND (?2 = '' OR instr(lower(name), lower(?2)) > 0) "
      "ORDER BY coalesce(last_event, -1) DESC, name LIMIT ?3 OFFSET ?4";
  auto& st = prepared(sql.c_str()).bind(group_id).bind(search).bind(std::int64_t{limit}).bind(offset);
  std::vector<stream_summary> out;
  while (st.step()) out.push_back({read_stream(st), st.i64(8)});
  auto& count = prepared(
                    "SELECT count(*) FROM log_streams WHERE group_id = ?1 AND (?2 = '' OR "
                    "instr(lower(name), lower(?2)) > 0)")
                    .bind(group_id)
                    .bind(search);
  *total = count.step() ? count.i64(0) : 0;
  count.done();
  return out;
}

std::vector<event_row> store::merge_streams(const std::vector<stream_row>& streams, event_key after,
                                            read_range range, int limit,
                                            const std::function<bool(std::string_view)>& match,
                                            std::int64_t max_scan, std::optional<event_key>* scanned_to,
                                            bool* exhausted) {
  std::lock_guard lock(mutex_);
  // One open cursor per stream, each walking the events B-tree in (ts, id)
  // order; a heap picks the smallest head. Statements are private to this call
  // because they are stepped side by side.
  struct cursor {
    std::unique_ptr<statement> st;
    const std::string* stream_name;
    event_key key;
  };
  std::vector<cursor> cursors;
  cursors.reserve(streams.size());
  for (const auto& s : streams) {
    auto st = std::make_unique<statement>(
        db_,
        "SELECT id, ts, ingestion, message FROM events WHERE stream_id = ? AND (ts, id) > (?, ?) AND ts >= ? "
        "AND ts < ? ORDER BY ts, id");
    st->begin()
        .bind(s.id)
        .bind(after.timestamp)
        .bind(after.id)
        .bind(range.min_timestamp)
        .bind(range.max_timestamp);
    if (!st->step()) continue;
    const event_key key{st->i64(1), st->i64(0)};
    cursors.push_back({std::move(st), &s.name, key});
  }
  auto later = [&](std::size_t a, std::size_t b) {
    const auto &x = cursors[a].key, &y = cursors[b].key;
    return std::tie(x.timestamp, x.id) > std::tie(y.timestamp, y.id);
  };
  std::priority_queue<std::size_t, std::vector<std::size_t>, decltype(later)> heads(later);
  for (std::size_t i = 0; i < cursors.size(); ++i) heads.push(i);

  std::vector<event_row> out;
  std::int64_t scanned = 0;
  *exhausted = true;
  while (!heads.empty()) {
    if (scanned >= max_scan) {
      *exhausted = false;
      break;
    }
    auto& c = cursors[heads.top()];
    const auto index = heads.top();
    heads.pop();
    ++scanned;
    *scanned_to = c.key;
    const auto* m = reinterpret_cast<const char*>(sqlite3_column_text(c.st->st, 3));
    const std::string_view msg(m ? m : "", static_cast<std::size_t>(sqlite3_column_bytes(c.st->st, 3)));
    if (!match || match(msg)) {
      auto e = event_from(c.st->st, false);
      e.stream_name = *c.stream_name;
      out.push_back(std::move(e));
    }
    if (c.st->step()) {
      c.key = {c.st->i64(1), c.st->i64(0)};
      heads.push(index);
    }
    if (static_cast<int>(out.size()) >= limit) {
      *exhausted = heads.empty();
      break;
    }
  }
  return out;
}

std::int64_t store::next_event_id() {
  std::lock_guard lock(mutex_);
  auto& st = prepared("SELECT value FROM meta WHERE key = 'next_event_id'");
  const std::int64_t id = st.step() ? st.i64(0) : 1;
  st.done();
  return id;
}

tail_page store::tail(std::int64_t group_id, std::optional<std::int64_t> stream_id, std::int64_t cursor,
                      int limit, const std::function<bool(std::string_view)>& match, std::int64_t max_scan) {
  std::lock_guard lock(mutex_);
  struct batch {
    std::int64_t id_end, id_first, stream_id, ts_min, ts_max;
  };
  std::vector<batch> batches;
  auto& list =
      prepared(
          "SELECT id_end, id_first, stream_id, ts_min, ts_max FROM ingest_batches WHERE group_id = ? "
          "AND id_end > ? ORDER BY id_end")
          .bind(group_id)
          .bind(cursor);
  while (list.step()) batches.push_back({list.i64(0), list.i64(1), list.i64(2), list.i64(3), list.i64(4)});

  tail_page page;
  page.cursor = cursor;
  std::map<std::int64_t, std::string> names;
  std::int64_t scanned = 0;
  for (const auto& b : batches) {
    if (stream_id && b.stream_id != *stream_id) {
      page.cursor = b.id_end;
      continue;
    }
    auto& name = names[b.stream_id];
    if (name.empty()) {
      auto& n = prepared("SELECT name FROM log_streams WHERE id = ?").bind(b.stream_id);
      if (n.step()) name = n.text(0);
      n.done();
    }
    // A batch's events are in (ts, id) order, so its id range is a slice of
    // the stream's B-tree between its timestamps.
    auto& st =
        prepared(
            "SELECT id, ts, ingestion, message FROM events WHERE stream_id = ? AND ts >= ? AND ts <= ? "
            "AND id >= ? AND id < ? ORDER BY ts, id")
            .bind(b.stream_id)
            .bind(b.ts_min)
            .bind(b.ts_max)
            .bind(std::max(cursor, b.id_first))
            .bind(b.id_end);
    bool full = false;
    while (st.step()) {
      ++scanned;
      page.cursor = st.i64(0) + 1;
      const auto* m = reinterpret_cast<const char*>(sqlite3_column_text(st.st, 3));
      const std::string_view msg(m ? m : "", static_cast<std::size_t>(sqlite3_column_bytes(st.st, 3)));
      if (!match || match(msg)) {
        auto e = event_from(st.st, false);
        e.stream_name = name;
        page.events.push_back(std::move(e));
      }
      if (static_cast<int>(page.events.size()) >= limit || scanned >= max_scan) {
        full = true;
        break;
      }
    }
    st.done();
    if (full) break;
    page.cursor = b.id_end;
  }
  return page;
}

std::map<std::int64_t, std::int64_t> store::ingest_volume(std::int64_t group_id, std::int64_t since_ms) {
  std::lock_guard lock(mutex_);
  auto& st = prepared(
                 "SELECT ingestion - ingestion % 60000 AS minute, sum(events) FROM ingest_batches "
                 "WHERE group_id = ? AND ingestion >= ? GROUP BY minute")
                 .bind(group_id)
                 .bind(since_ms);
  std::map<std::int64_t, std::int64_t> out;
  while (st.step()) out[st.i64(0)] = st.i64(1);
  return out;
}

}  // namespace cwlog::detail
