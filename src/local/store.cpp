// The SQLite state of cwlog local: schema, log groups, tags and log streams
// (events: store_events.cpp).
#include "local/store.h"

#include <cwlog/error.h>

#include "local/store_statement.h"

namespace cwlog::detail {

namespace {

constexpr const char* schema = R"sql(
CREATE TABLE IF NOT EXISTS log_groups(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, creation_time INTEGER NOT NULL,
  retention_days INTEGER, kms_key_id TEXT NOT NULL DEFAULT '', log_group_class TEXT NOT NULL,
  deletion_protection INTEGER NOT NULL DEFAULT 0, stored_bytes INTEGER NOT NULL DEFAULT 0,
  event_count INTEGER NOT NULL DEFAULT 0, last_ingestion INTEGER);
CREATE TABLE IF NOT EXISTS tags(
  group_id INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY(group_id, key));
CREATE TABLE IF NOT EXISTS log_streams(
  id INTEGER PRIMARY KEY, group_id INTEGER NOT NULL, name TEXT NOT NULL, creation_time INTEGER NOT NULL,
  first_event INTEGER, last_event INTEGER, last_ingestion INTEGER, stored_bytes INTEGER NOT NULL DEFAULT 0,
  event_count INTEGER NOT NULL DEFAULT 0, UNIQUE(group_id, name));
-- One B-tree in read order (no rowid table plus index): half the work per
-- insert. Event ids come from meta.next_event_id, advanced once per batch.
CREATE TABLE IF NOT EXISTS events(
  stream_id INTEGER NOT NULL, ts INTEGER NOT NULL, id INTEGER NOT NULL, ingestion INTEGER NOT NULL,
  message TEXT NOT NULL, PRIMARY KEY(stream_id, ts, id)) WITHOUT ROWID;
-- One row per stored batch (not per event): the console's live tail reads the
-- batches after a cursor (event ids grow with each batch), and its volume chart
-- sums them per minute of ingestion.
CREATE TABLE IF NOT EXISTS ingest_batches(
  group_id INTEGER NOT NULL, id_end INTEGER NOT NULL, id_first INTEGER NOT NULL, stream_id INTEGER NOT NULL,
  ingestion INTEGER NOT NULL, ts_min INTEGER NOT NULL, ts_max INTEGER NOT NULL, events INTEGER NOT NULL,
  PRIMARY KEY(group_id, id_end)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ingest_batches_by_time ON ingest_batches(group_id, ingestion);
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO meta(key, value) VALUES('next_event_id', 1);
)sql";

}  // namespace

store::store(const std::string& path) {
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw cwlog::error("cwlog local: cannot open database '" + path + "': " + msg);
  }
  try {
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=NORMAL");
    exec("PRAGMA busy_timeout=5000");
    exec(schema);
    upgrade_schema();
  } catch (...) {
    sqlite3_close(db_);
    throw;
  }
}

void store::upgrade_schema() {
  // Files written before the event counters existed: add the columns, count
  // what is stored once. (Their batches predate ingest_batches: the console's
  // tail and volume chart start with the next batch.)
  auto& info = prepared("SELECT 1 FROM pragma_table_info('log_groups') WHERE name = 'event_count'");
  const bool current = info.step();
  info.done();
  if (current) return;
  exec("BEGIN");
  try {
    exec("ALTER TABLE log_groups ADD COLUMN event_count INTEGER NOT NULL DEFAULT 0");
    exec("ALTER TABLE log_groups ADD COLUMN last_ingestion INTEGER");
    exec("ALTER TABLE log_streams ADD COLUMN event_count INTEGER NOT NULL DEFAULT 0");
    exec(
        "UPDATE log_streams SET event_count = (SELECT count(*) FROM events WHERE stream_id = "
        "log_streams.id)");
    exec(
        "UPDATE log_groups SET event_count = (SELECT coalesce(sum(event_count), 0) FROM log_streams WHERE "
        "group_id = log_groups.id), last_ingestion = (SELECT max(last_ingestion) FROM log_streams WHERE "
        "group_id = log_groups.id)");
    exec("COMMIT");
  } catch (...) {
    exec("ROLLBACK");
    throw;
  }
}

store::~store() {
  statements_.clear();
  sqlite3_close(db_);
}

void store::exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw cwlog::error("cwlog local store: " + msg);
  }
}

store::statement& store::prepared(const char* sql) {
  auto& slot = statements_[sql];
  if (!slot) slot = std::make_unique<statement>(db_, sql);
  return slot->begin();
}

std::optional<group_row> store::read_group(statement& st) {
  if (!st.step()) return std::nullopt;
  group_row g;
  g.id = st.i64(0);
  g.name = st.text(1);
  g.creation_time = st.i64(2);
  if (auto r = st.opt(3)) g.retention_days = static_cast<int>(*r);
  g.kms_key_id = st.text(4);
  g.log_group_class = st.text(5);
  g.deletion_protection = st.i64(6) != 0;
  g.stored_bytes = st.i64(7);
  return g;  // callers reading a single row call done()
}

stream_row store::read_stream(statement& st) {
  stream_row s;
  s.id = st.i64(0);
  s.group_id = st.i64(1);
  s.name = st.text(2);
  s.creation_time = st.i64(3);
  s.first_event_timestamp = st.opt(4);
  s.last_event_timestamp = st.opt(5);
  s.last_ingestion_time = st.opt(6);
  s.stored_bytes = st.i64(7);
  return s;
}

std::optional<group_row> store::find_group(std::string_view name) {
  std::lock_guard lock(mutex_);
  static const std::string sql = std::string("SELECT ") + group_columns + " FROM log_groups WHERE name = ?";
  auto& st = prepared(sql.c_str()).bind(name);
  auto g = read_group(st);
  st.done();
  return g;
}

bool store::create_group(group_row& g, const std::map<std::string, std::string>& tags) {
  std::lock_guard lock(mutex_);
  auto& exists = prepared("SELECT 1 FROM log_groups WHERE name = ?").bind(std::string_view(g.name));
  const bool found = exists.step();
  exists.done();
  if (found) return false;
  exec("BEGIN");
  try {
    prepared(
        "INSERT INTO log_groups(name, creation_time, retention_days, kms_key_id, log_group_class, "
        "deletion_protection) VALUES(?,?,?,?,?,?)")
        .bind(std::string_view(g.name))
        .bind(g.creation_time)
        .bind(g.retention_days ? std::optional<std::int64_t>(*g.retention_days) : std::nullopt)
        .bind(std::string_view(g.kms_key_id))
        .bind(std::string_view(g.log_group_class))
        .bind(std::int64_t{g.deletion_protection ? 1 : 0})
        .run();
    g.id = sqlite3_last_insert_rowid(db_);
    for (const auto& [k, v] : tags)
      prepared("INSERT OR REPLACE INTO tags(group_id, key, value) VALUES(?,?,?)")
          .bind(g.id)
          .bind(std::string_view(k))
          .bind(std::string_view(v))
          .run();
    exec("COMMIT");
  } catch (...) {
    exec("ROLLBACK");
    throw;
  }
  return true;
}

bool store::delete_group(std::string_view name) {
  std::lock_guard lock(mutex_);
  auto& find = prepared("SELECT id FROM log_groups WHERE name = ?").bind(name);
  if (!find.step()) return false;
  const std::int64_t id = find.i64(0);
  find.done();
  exec("BEGIN");
  try {
    prepared("DELETE FROM events WHERE stream_id IN (SELECT id FROM log_streams WHERE group_id = ?)")
        .bind(id)
        .run();
    prepared("DELETE FROM log_streams WHERE group_id = ?").bind(id).run();
    prepared("DELETE FROM ingest_batches WHERE group_id = ?").bind(id).run();
    prepared("DELETE FROM tags WHERE group_id = ?").bind(id).run();
    prepared("DELETE FROM log_groups WHERE id = ?").bind(id).run();
    exec("COMMIT");
  } catch (...) {
    exec("ROLLBACK");
    throw;
  }
  return true;
}

std::vector<group_row> store::list_groups(std::string_view prefix, std::string_view log_group_class,
                                          std::int64_t offset, int limit) {
  std::lock_guard lock(mutex_);
  static const std::string sql = std::string("SELECT ") + group_columns +
                                 " FROM log_groups WHERE substr(name, 1, length(?1)) = ?1 "
                                 "AND (?2 = '' OR log_group_class = ?2) ORDER BY name LIMIT ?3 OFFSET ?4";
  auto& st = prepared(sql.c_str());
  sqlite3_bind_text(st.st, 1, prefix.data(), static_cast<int>(prefix.size()), SQLITE_STATIC);
  sqlite3_bind_text(st.st, 2, log_group_class.data(), static_cast<int>(log_group_class.size()),
                    SQLITE_STATIC);
  sqlite3_bind_int64(st.st, 3, limit);
  sqlite3_bind_int64(st.st, 4, offset);
  std::vector<group_row> out;
  while (auto g = read_group(st)) out.push_back(std::move(*g));
  return out;
}

void store::set_retention(std::int64_t group_id, std::optional<int> days) {
  std::lock_guard lock(mutex_);
  prepared("UPDATE log_groups SET retention_days = ? WHERE id = ?")
      .bind(days ? std::optional<std::int64_t>(*days) : std::nullopt)
      .bind(group_id)
      .run();
}

std::map<std::string, std::string> store::tags(std::int64_t group_id) {
  std::lock_guard lock(mutex_);
  auto& st = prepared("SELECT key, value FROM tags WHERE group_id = ? ORDER BY key").bind(group_id);
  std::map<std::string, std::string> out;
  while (st.step()) out.emplace(st.text(0), st.text(1));
  return out;
}

void store::set_tags(std::int64_t group_id, const std::map<std::string, std::string>& tags) {
  std::lock_guard lock(mutex_);
  for (const auto& [k, v] : tags)
    prepared("INSERT OR REPLACE INTO tags(group_id, key, value) VALUES(?,?,?)")
        .bind(group_id)
        .bind(std::string_view(k))
        .bind(std::string_view(v))
        .run();
}

void store::remove_tags(std::int64_t group_id, const std::vector<std::string>& keys) {
  std::lock_guard lock(mutex_);
  for (const auto& k : keys)
    prepared("DELETE FROM tags WHERE group_id = ? AND key = ?")
        .bind(group_id)
        .bind(std::string_view(k))
        .run();
}

std::optional<stream_row> store::find_stream(std::int64_t group_id, std::string_view name) {
  std::lock_guard lock(mutex_);
  static const std::string sql =
      std::string("SELECT ") + stream_columns + " FROM log_streams WHERE group_id = ? AND name = ?";
  auto& st = prepared(sql.c_str()).bind(group_id).bind(name);
  if (!st.step()) return std::nullopt;
  auto row = read_stream(st);
  st.done();
  return row;
}

bool store::create_stream(std::int64_t group_id, std::string_view name, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto& exists =
      prepared("SELECT 1 FROM log_streams WHERE group_id = ? AND name = ?").bind(group_id).bind(name);
  const bool found = exists.step();
  exists.done();
  if (found) return false;
  prepared("INSERT INTO log_streams(group_id, name, creation_time) VALUES(?,?,?)")
      .bind(group_id)
      .bind(name)
      .bind(now_ms)
      .run();
  return true;
}

bool store::delete_stream(std::int64_t group_id, std::string_view name) {
  std::lock_guard lock(mutex_);
  auto& find =
      prepared("SELECT id, stored_bytes, event_count FROM log_streams WHERE group_id = ? AND name = ?")
          .bind(group_id)
          .bind(name);
  if (!find.step()) return false;
  const std::int64_t id = find.i64(0);
  const std::int64_t bytes = find.i64(1);
  const std::int64_t count = find.i64(2);
  find.done();
  exec("BEGIN");
  try {
    prepared("DELETE FROM events WHERE stream_id = ?").bind(id).run();
    prepared("DELETE FROM log_streams WHERE id = ?").bind(id).run();
    prepared("DELETE FROM ingest_batches WHERE group_id = ? AND stream_id = ?").bind(group_id).bind(id).run();
    prepared(
        "UPDATE log_groups SET stored_bytes = stored_bytes - ?, event_count = event_count - ? WHERE id = ?")
        .bind(bytes)
        .bind(count)
        .bind(group_id)
        .run();
    exec("COMMIT");
  } catch (...) {
    exec("ROLLBACK");
    throw;
  }
  return true;
}

std::vector<stream_row> store::list_streams(std::int64_t group_id, std::string_view prefix,
                                            stream_order order, bool descending, std::int64_t offset,
                                            int limit) {
  std::lock_guard lock(mutex_);
  // Four fixed statements rather than string building, so each is prepared once.
  static const std::string base =
      std::string("SELECT ") + stream_columns +
      " FROM log_streams WHERE group_id = ?1 AND substr(name, 1, length(?2)) = ?2 ";
  static const std::string by_name_asc = base + "ORDER BY name ASC LIMIT ?3 OFFSET ?4";
  static const std::string by_name_desc = base + "ORDER BY name DESC LIMIT ?3 OFFSET ?4";
  static const std::string by_time_asc =
      base + "ORDER BY coalesce(last_event, -1) ASC, name ASC LIMIT ?3 OFFSET ?4";
  static const std::string by_time_desc =
      base + "ORDER BY coalesce(last_event, -1) DESC, name DESC LIMIT ?3 OFFSET ?4";
  const std::string& sql = order == stream_order::name ? (descending ? by_name_desc : by_name_asc)
                                                       : (descending ? by_time_desc : by_time_asc);
  auto& st = prepared(sql.c_str());
  sqlite3_bind_int64(st.st, 1, group_id);
  sqlite3_bind_text(st.st, 2, prefix.data(), static_cast<int>(prefix.size()), SQLITE_STATIC);
  sqlite3_bind_int64(st.st, 3, limit);
  sqlite3_bind_int64(st.st, 4, offset);
  std::vector<stream_row> out;
  while (st.step()) out.push_back(read_stream(st));
  return out;
}

}  // namespace cwlog::detail
