#pragma once
// The prepared-statement wrapper shared by store.cpp and store_events.cpp
// (private to the store).
#include <sqlite3.h>

#include <optional>
#include <string>
#include <string_view>

#include <cwlog/error.h>

#include "local/store.h"

namespace cwlog::detail {

// The columns read_group() and read_stream() expect, in their order.
inline constexpr const char* group_columns =
    "id, name, creation_time, retention_days, kms_key_id, log_group_class, deletion_protection, stored_bytes";
inline constexpr const char* stream_columns =
    "id, group_id, name, creation_time, first_event, last_event, last_ingestion, stored_bytes";

// A prepared statement, reset and cleared before each use.
struct store::statement {
  sqlite3* db = nullptr;
  sqlite3_stmt* st = nullptr;
  int next_param = 1;

  statement(sqlite3* d, const char* sql) : db(d) {
    if (sqlite3_prepare_v3(d, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, nullptr) != SQLITE_OK)
      throw cwlog::error(std::string("cwlog local store: cannot prepare statement: ") + sqlite3_errmsg(d));
  }
  ~statement() { sqlite3_finalize(st); }
  statement(const statement&) = delete;
  statement& operator=(const statement&) = delete;

  statement& begin() {
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    next_param = 1;
    return *this;
  }
  statement& bind(std::int64_t v) {
    sqlite3_bind_int64(st, next_param++, v);
    return *this;
  }
  statement& bind(std::string_view v) {
    // SQLITE_STATIC: every bound view outlives the step that uses it.
    sqlite3_bind_text(st, next_param++, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
    return *this;
  }
  statement& bind_null() {
    sqlite3_bind_null(st, next_param++);
    return *this;
  }
  statement& bind(std::optional<std::int64_t> v) { return v ? bind(*v) : bind_null(); }
  // true while a row is available
  bool step() {
    const int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw cwlog::error(std::string("cwlog local store: ") + sqlite3_errmsg(db));
  }
  // Ends the statement's read, so no read transaction stays open between calls
  // (an open one would keep WAL checkpoints from completing).
  void done() { sqlite3_reset(st); }
  void run() {
    while (step()) {
    }
  }
  std::int64_t i64(int col) const { return sqlite3_column_int64(st, col); }
  std::optional<std::int64_t> opt(int col) const {
    if (sqlite3_column_type(st, col) == SQLITE_NULL) return std::nullopt;
    return i64(col);
  }
  std::string text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st, col));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(st, col))) : std::string();
  }
};

// An event from a row "id, ts, ingestion, message[, stream name]".
inline event_row event_from(sqlite3_stmt* st, bool with_stream) {
  event_row e;
  e.id = sqlite3_column_int64(st, 0);
  e.timestamp = sqlite3_column_int64(st, 1);
  e.ingestion_time = sqlite3_column_int64(st, 2);
  const auto* m = reinterpret_cast<const char*>(sqlite3_column_text(st, 3));
  e.message.assign(m ? m : "", static_cast<std::size_t>(sqlite3_column_bytes(st, 3)));
  if (with_stream) {
    const auto* s = reinterpret_cast<const char*>(sqlite3_column_text(st, 4));
    e.stream_name.assign(s ? s : "", static_cast<std::size_t>(sqlite3_column_bytes(st, 4)));
  }
  return e;
}

}  // namespace cwlog::detail
