// cwlog::logger as an spdlog/quill user writes it: format strings (deferred
// to the background thread or formatted by the caller), fields of every kind,
// bound and scoped context across threads, source location, and the
// compile-time level macros.
#define CWLOG_ACTIVE_LEVEL CWLOG_LEVEL_INFO  // before the include: CWLOG_DEBUG vanishes
#include <cwlog/logger.h>

#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "memory_service.h"
#include "ship/shipper_factory.h"

// A user type formatted by fmt only (not cheap to copy: formatted on the caller).
struct money {
  std::int64_t cents;
};
template <>
struct fmt::formatter<money> : fmt::formatter<std::int64_t> {
  template <class Context>
  auto format(const money& m, Context& ctx) const {
    format_thread = std::this_thread::get_id();
    return fmt::format_to(ctx.out(), "{}.{:02} EUR", m.cents / 100, m.cents % 100);
  }
  static inline thread_local std::thread::id format_thread;
  static inline std::thread::id format_thread_seen() { return format_thread; }
};

// A user type as a field, through the customisation point.
struct order_id {
  std::uint64_t value;
};
template <>
struct cwlog::field_traits<order_id> {
  static std::uint64_t to_field(const order_id& id) noexcept { return id.value; }
};

namespace cwlog::test {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

enum class colour : std::uint8_t { red = 2, green = 7 };

struct fixture {
  explicit fixture(formatter_kind kind = formatter_kind::json, std::string pattern = "{message}") {
    options o;
    destination_options d;
    d.name = "main";
    d.group = "g";
    d.stream = "s";
    d.format = kind;
    d.pattern = std::move(pattern);
    o.destinations.push_back(d);
    o.default_destination = "main";
    o.shipping.flush_interval = 50ms;
    detail::shipper_dependencies deps;
    deps.service = service;
    deps.diagnostics = [](const diagnostic&) {};
    shipper = detail::make_shipper(o, std::move(deps));
  }
  std::vector<std::string> messages() {
    EXPECT_TRUE(shipper->flush(60s).complete);
    std::vector<std::string> out;
    for (auto& e : service->events("g", "s")) out.push_back(e.message);
    return out;
  }
  std::vector<json> objects() {
    std::vector<json> out;
    for (auto& m : messages()) out.push_back(json::parse(m));
    return out;
  }
  std::shared_ptr<memory_service> service = std::make_shared<memory_service>();
  std::unique_ptr<cwlog::shipper> shipper;
};

// The pattern's invalid bytes are repaired when it is compiled: the
// dispatcher sends what the formatter writes without checking it again.
TEST(logger, a_pattern_literal_with_invalid_utf8_is_delivered_repaired) {
  fixture f(formatter_kind::plain, "\xFF {message}");
  {
    logger log(*f.shipper, "api");
    log.info("hi");
  }
  EXPECT_EQ(f.messages(), std::vector<std::string>{"\xEF\xBF\xBD hi"});
}

TEST(logger, format_strings_fields_and_plain_messages) {
  fixture f(formatter_kind::plain, "{message}|{fields}");
  {
    logger log(*f.shipper, "api");
    const std::string customer = "acme";
    log.info("order {} placed for {}", 42, customer);             // deferred
    log.info({{"order_id", 42}}, "order {} placed", 42);          // fields + format
    log.info("order placed", {{"order_id", 42}});                 // message + fields
    log.info("{{not a placeholder}}");                            // used as written
    log.info({{"k", 1}}, "{{escaped}}");                          // a format string: fmt's rules
    log.warn("{:>6}|{:<4}|{:x}|{:.2f}", 7, "ab", 255u, 3.14159);  // specs, deferred
    log.error("{} {}", 0.1f, 0.1);                                // float stays float
    log.info("{} {} {}", 150ms, 2s, true);                        // chrono, bool
    log.info("{} paid", money{1234});                             // caller-formatted
    log.info("{} {}", money{5}, 7);                               // mixed: caller-formatted
  }
  EXPECT_EQ(f.messages(), (std::vector<std::string>{
                              "order 42 placed for acme|",
                              "order 42 placed|order_id=42",
                              "order placed|order_id=42",
                              "{{not a placeholder}}|",
                              "{escaped}|k=1",
                              "     7|ab  |ff|3.14|",
                              "0.1 0.1|",
                              "150ms 2s true|",
                              "12.34 EUR paid|",
                              "0.05 EUR 7|",
                          }));
}

TEST(logger, non_cheap_arguments_are_formatted_on_the_calling_thread) {
  fixture f(formatter_kind::plain);
  logger log(*f.shipper, "api");
  std::thread caller([&] {
    log.info("{}", money{100});
    EXPECT_EQ(fmt::formatter<money>::format_thread_seen(), std::this_thread::get_id());
  });
  caller.join();
  EXPECT_EQ(f.messages(), std::vector<std::string>{"1.00 EUR"});
}

TEST(logger, fields_of_every_kind) {
  fixture f;
  {
    logger log(*f.shipper, "api");
    const std::string s = "owned";
    const char* null_text = nullptr;
    const auto when = std::chrono::system_clock::time_point(1'700'000'000'123ms);
    log.info("kinds", {{"i8", std::int8_t{-8}},
                       {"u8", std::uint8_t{200}},
                       {"i16", std::int16_t{-16000}},
                       {"u16", std::uint16_t{65000}},
                       {"i32", std::numeric_limits<std::int32_t>::min()},
                       {"u32", std::numeric_limits<std::uint32_t>::max()},
                       {"i64", std::numeric_limits<std::int64_t>::min()},
                       {"u64", std::numeric_limits<std::uint64_t>::max()},
                       {"size", std::size_t{12}},
                       {"f", 1.5f},
                       {"b", true},
                       {"str", s},
                       {"cstr", "literal"},
                       {"null", null_text},
                       {"lvl", level::warn},
                       {"colour", colour::green},
                       {"elapsed", 1500ms},
                       {"at", when},
                       {"order", order_id{99}}});
  }
  const auto o = f.objects();
  ASSERT_EQ(o.size(), 1u);
  const auto& j = o[0];
  EXPECT_EQ(j["i8"], -8);
  EXPECT_EQ(j["u8"], 200);
  EXPECT_EQ(j["i16"], -16000);
  EXPECT_EQ(j["u16"], 65000);
  EXPECT_EQ(j["i32"].get<std::int64_t>(), std::numeric_limits<std::int32_t>::min());
  EXPECT_EQ(j["u32"].get<std::uint64_t>(), std::numeric_limits<std::uint32_t>::max());
  EXPECT_EQ(j["i64"].get<std::int64_t>(), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(j["u64"].get<std::uint64_t>(), std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(j["size"], 12);
  EXPECT_EQ(j["f"], 1.5);
  EXPECT_EQ(j["b"], true);
  EXPECT_EQ(j["str"], "owned");
  EXPECT_EQ(j["cstr"], "literal");
  EXPECT_EQ(j["null"], "");
  EXPECT_EQ(j["lvl"], "warn");                                // an enum with to_string: by name
  EXPECT_EQ(j["colour"], 7);                                  // any other enum: its value
  EXPECT_EQ(j["elapsed"], 1.5);                               // durations: seconds
  EXPECT_EQ(j["at"].get<std::int64_t>(), 1'700'000'000'123);  // time points: Unix milliseconds
  EXPECT_EQ(j["order"], 99);
}

TEST(logger, bound_and_scoped_context_with_precedence) {
  fixture f;
  {
    logger log(*f.shipper, "api");
    const logger req = log.bind({{"request_id", "r-1"}, {"shared", "bound"}});
    context_scope outer({{"agent", "a-7"}, {"shared", "scope"}});
    {
      context_scope inner({{"step", 3}});
      req.info("one");                        // bound + both scopes
      req.info("two", {{"shared", "call"}});  // the call wins
      log.info("three");                      // the scope's value
    }
    req.bind({{"request_id", "r-2"}}).info("four");  // rebinding replaces by key
  }
  const auto o = f.objects();
  ASSERT_EQ(o.size(), 4u);
  EXPECT_EQ(o[0]["request_id"], "r-1");
  EXPECT_EQ(o[0]["agent"], "a-7");
  EXPECT_EQ(o[0]["step"], 3);
  EXPECT_EQ(o[0]["shared"], "bound");
  EXPECT_EQ(o[1]["shared"], "call");
  EXPECT_EQ(o[2]["shared"], "scope");
  EXPECT_FALSE(o[2].contains("request_id"));
  EXPECT_EQ(o[3]["request_id"], "r-2");
  EXPECT_FALSE(o[3].contains("step"));  // the inner scope ended
}

TEST(logger, one_logger_many_threads_each_with_its_scope) {
  fixture f;
  constexpr int threads = 4, per = 200;
  {
    const logger log = logger(*f.shipper, "api").bind({{"service", "checkout"}});
    std::barrier start(threads);
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        context_scope scope({{"worker", t}});
        start.arrive_and_wait();
        for (int i = 0; i < per; ++i) log.info("worker {} record {}", t, i);
      });
    }
    for (auto& th : pool) th.join();
  }
  const auto o = f.objects();
  ASSERT_EQ(o.size(), static_cast<std::size_t>(threads * per));
  for (const auto& j : o) {
    EXPECT_EQ(j["service"], "checkout");
    const auto expected = "worker " + std::to_string(j["worker"].get<int>()) + " record ";
    EXPECT_EQ(j["message"].get<std::string>().rfind(expected, 0), 0u) << j.dump();
  }
}

TEST(logger, source_location_in_json_and_plain) {
  fixture json_f;
  std::uint32_t line = 0;
  {
    logger log(*json_f.shipper, "api");
    line = __LINE__ + 1;
    log.info("with {}", "location");
  }
  const auto o = json_f.objects();
  ASSERT_EQ(o.size(), 1u);
  const std::string file = o[0]["source"]["file"];
  EXPECT_NE(file.find("logger_test.cpp"), std::string::npos) << file;
  EXPECT_EQ(o[0]["source"]["line"], line);
  EXPECT_NE(o[0]["source"]["function"].get<std::string>().find("source_location_in_json_and_plain"),
            std::string::npos);

  fixture plain_f(formatter_kind::plain, "{line} {message}");
  {
    logger log(*plain_f.shipper, "api");
    line = __LINE__ + 1;
    log.warn("plain");
  }
  EXPECT_EQ(plain_f.messages(), std::vector<std::string>{std::to_string(line) + " plain"});
}

TEST(logger, level_macros_filter_at_compile_time) {
  fixture f(formatter_kind::plain);
  int evaluated = 0;
  auto count = [&] { return ++evaluated; };
  {
    logger log(*f.shipper, "api");
    CWLOG_DEBUG(log, "debug {}", count());  // below CWLOG_ACTIVE_LEVEL: not even evaluated
    CWLOG_INFO(log, "info {}", count());
    CWLOG_ERROR(log, {{"k", 1}}, "error {}", count());
  }
  EXPECT_EQ(evaluated, 2);
  EXPECT_EQ(f.messages(), (std::vector<std::string>{"info 1", "error 2"}));
}

TEST(logger, with_tenant_and_without) {
  fixture f(formatter_kind::plain, "{tenant}|{message}");
  {
    logger log(*f.shipper, "api");
    const auto acme = log.with_tenant("acme");
    acme.info("a {}", 1);
    acme.without_tenant().info("b");
    EXPECT_EQ(acme.tenant(), std::optional<std::string>("acme"));
  }
  EXPECT_EQ(f.messages(), (std::vector<std::string>{"acme|a 1", "|b"}));
}

}  // namespace
}  // namespace cwlog::test
