// Filter patterns as the CloudWatch Logs User Guide documents them ("Filter
// pattern syntax for metric filters, subscription filters, filter log events,
// and Live Tail"): each construct, precedence, malformed input, unicode.
#include "local/filter_pattern.h"

#include <gtest/gtest.h>

#include <string>

namespace cwlog::detail {
namespace {

filter_pattern must_parse(std::string_view text) {
  auto p = filter_pattern::parse(text);
  EXPECT_TRUE(p.has_value()) << "pattern: " << text << "\nerror: " << (p ? "" : p.error());
  return p ? *p : filter_pattern{};
}

bool match(std::string_view pattern, std::string_view message) {
  return must_parse(pattern).matches(message);
}

std::string parse_error(std::string_view text) {
  auto p = filter_pattern::parse(text);
  EXPECT_FALSE(p.has_value()) << "pattern unexpectedly parsed: " << text;
  return p ? std::string{} : p.error();
}

// ------------------------------------------------------------ unstructured

TEST(FilterPatternTerms, EmptyPatternMatchesEverything) {
  EXPECT_TRUE(filter_pattern{}.matches("anything"));
  EXPECT_TRUE(match("", "anything"));
  EXPECT_TRUE(match("   ", ""));
  EXPECT_EQ(must_parse("  ").text(), "  ");
}

TEST(FilterPatternTerms, QuotedSpaceMatchesEverything) {
  EXPECT_TRUE(match("\" \"", "nospace"));
  EXPECT_TRUE(match("\" \"", "{\"a\":1}"));
}

TEST(FilterPatternTerms, SingleTermIsCaseSensitiveSubstring) {
  EXPECT_TRUE(match("ERROR", "[ERROR] disk full"));
  EXPECT_TRUE(match("ERROR", "2024 ERROR: x"));
  EXPECT_FALSE(match("ERROR", "error: disk full"));
  EXPECT_FALSE(match("ERROR", "WARN all good"));
}

TEST(FilterPatternTerms, AllTermsMustAppearInAnyOrder) {
  EXPECT_TRUE(match("ERROR ARGUMENTS", "ARGUMENTS were bad: ERROR"));
  EXPECT_FALSE(match("ERROR ARGUMENTS", "ERROR only"));
  EXPECT_FALSE(match("ERROR ARGUMENTS", "ARGUMENTS only"));
}

TEST(FilterPatternTerms, QuotedPhraseMatchesExactly) {
  EXPECT_TRUE(match("\"INTERNAL SERVER ERROR\"", "500 INTERNAL SERVER ERROR at /x"));
  EXPECT_FALSE(match("\"INTERNAL SERVER ERROR\"", "INTERNAL ERROR SERVER"));
  EXPECT_TRUE(match("\"a=b\" \"{x}\"", "{x} and a=b"));
  EXPECT_TRUE(match(R"("say \"hi\"")", R"(they say "hi" twice)"));
  EXPECT_FALSE(match(R"("say \"hi\"")", "they say hi"));
}

TEST(FilterPatternTerms, QuestionMarkTermsMatchAnyOf) {
  EXPECT_TRUE(match("?ERROR ?WARN", "WARN low disk"));
  EXPECT_TRUE(match("?ERROR ?WARN", "ERROR disk"));
  EXPECT_FALSE(match("?ERROR ?WARN", "INFO fine"));
  EXPECT_TRUE(match("?\"disk full\" ?OOM", "the disk full again"));
}

TEST(FilterPatternTerms, RequiredAndAnyOfCombine) {
  EXPECT_TRUE(match("db ?ERROR ?WARN", "db WARN"));
  EXPECT_FALSE(match("db ?ERROR ?WARN", "cache WARN"));
  EXPECT_FALSE(match("db ?ERROR ?WARN", "db INFO"));
}

TEST(FilterPatternTerms, ExclusionRemovesMatches) {
  EXPECT_TRUE(match("ERROR -Throttled", "ERROR disk"));
  EXPECT_FALSE(match("ERROR -Throttled", "ERROR Throttled request"));
  EXPECT_FALSE(match("ERROR -\"retry later\"", "ERROR please retry later"));
  EXPECT_TRUE(match("ERROR -\"retry later\"", "ERROR please retry"));
  EXPECT_TRUE(match("?ERROR ?WARN -health", "WARN x"));
  EXPECT_FALSE(match("?ERROR ?WARN -health", "WARN health check"));
}

TEST(FilterPatternTerms, HyphenInsideATermIsLiteral) {
  EXPECT_TRUE(match("request-id", "got request-id=5"));
  EXPECT_FALSE(match("request-id", "got request id"));
}

TEST(FilterPatternTerms, RegexTerm) {
  EXPECT_TRUE(match("%ERROR [0-9]{3}%", "ERROR 503 upstream"));
  EXPECT_FALSE(match("%ERROR [0-9]{3}%", "ERROR 50 upstream"));
  EXPECT_TRUE(match("%^GET%", "GET /index"));
  EXPECT_FALSE(match("%^GET%", "POST GET"));
}

TEST(FilterPatternTerms, RegexOnAOneMegabyteEventDoesNotExhaustTheStack) {
  // std::regex's default backtracking executor recurses once per character.
  const std::string message = "a" + std::string(1048000, 'x') + "b";
  EXPECT_TRUE(match("%a.*b%", message));
  EXPECT_FALSE(match("%a.*c%", message));
  EXPECT_TRUE(match(R"({ $.m = %^a.*b$% })", R"({"m":")" + message + R"("})"));
}

TEST(FilterPatternTerms, UnicodeTerms) {
  EXPECT_TRUE(match("Überlauf", "Fehler: Überlauf im Puffer"));
  EXPECT_FALSE(match("Überlauf", "Fehler: uberlauf"));
  EXPECT_TRUE(match("\"ошибка диска\"", "критическая ошибка диска"));
  EXPECT_TRUE(match("?日本 ?🚀", "launch 🚀 now"));
  EXPECT_FALSE(match("?日本 ?🚀", "launch now"));
}

TEST(FilterPatternTerms, MalformedTermsAreErrors) {
  EXPECT_NE(parse_error("\"unterminated").find("unterminated quoted term"), std::string::npos);
  EXPECT_NE(parse_error("-Throttled").find("exclusion"), std::string::npos);
  EXPECT_NE(parse_error("ERROR ? WARN").find("'?' must be followed"), std::string::npos);
  EXPECT_NE(parse_error("ERROR -").find("'-' must be followed"), std::string::npos);
  EXPECT_NE(parse_error("a=b").find("invalid character in term"), std::string::npos);
  EXPECT_NE(parse_error("%abc").find("unterminated regular expression"), std::string::npos);
  EXPECT_NE(parse_error("%[a%").find("invalid regular expression"), std::string::npos);
  EXPECT_NE(parse_error("%(a)%").find("'(' and ')' are not supported"), std::string::npos);
  EXPECT_NE(parse_error("%something!%").find("symbol is not supported"), std::string::npos);
  EXPECT_NE(parse_error("%é%").find("multi-byte"), std::string::npos);
  EXPECT_NE(parse_error("%a% %b% %c%").find("at most 2"), std::string::npos);
}

TEST(FilterPatternTerms, ErrorSaysWhere) {
  const auto e = parse_error("ok \"open");
  EXPECT_NE(e.find("at character 4"), std::string::npos) << e;
}

// -------------------------------------------------------------------- JSON

constexpr const char* event =
    R"({"level":"ERROR","latency":150,"user":{"id":2,"name":"Zoë","tags":["a","b"]},)"
    R"("ok":false,"flag":true,"gone":null,"ip":"123.123.0.7","items":[{"id":1},{"id":7}],"ratio":0.25})";

TEST(FilterPatternJson, StringEquality) {
  EXPECT_TRUE(match(R"({ $.level = "ERROR" })", event));
  EXPECT_FALSE(match(R"({ $.level = "error" })", event));
  EXPECT_TRUE(match(R"({ $.level = ERROR })", event));
  EXPECT_TRUE(match(R"({ $.level != "WARN" })", event));
  EXPECT_FALSE(match(R"({ $.level != "ERROR" })", event));
  EXPECT_TRUE(match(R"({$.level="ERROR"})", event));
}

TEST(FilterPatternJson, StringWildcards) {
  EXPECT_TRUE(match(R"({ $.ip = 123.123.* })", event));
  EXPECT_TRUE(match(R"({ $.ip = "*.0.7" })", event));
  EXPECT_TRUE(match(R"({ $.level = "E*R*R" })", event));
  EXPECT_FALSE(match(R"({ $.ip = 10.* })", event));
  EXPECT_TRUE(match(R"({ $.ip != 10.* })", event));
  EXPECT_TRUE(match(R"({ $.level = * })", event));
}

TEST(FilterPatternJson, NumericComparisons) {
  EXPECT_TRUE(match("{ $.latency > 100 }", event));
  EXPECT_FALSE(match("{ $.latency > 150 }", event));
  EXPECT_TRUE(match("{ $.latency >= 150 }", event));
  EXPECT_TRUE(match("{ $.latency < 151 }", event));
  EXPECT_FALSE(match("{ $.latency <= 149 }", event));
  EXPECT_TRUE(match("{ $.latency = 150 }", event));
  EXPECT_TRUE(match("{ $.latency = 150.0 }", event));
  EXPECT_TRUE(match("{ $.latency = 1.5E2 }", event));
  EXPECT_TRUE(match("{ $.latency != 3 }", event));
  EXPECT_TRUE(match("{ $.ratio < 0.5 }", event));
  EXPECT_TRUE(match("{ $.ratio > -1 }", event));
}

TEST(FilterPatternJson, TypesDoNotMix) {
  EXPECT_FALSE(match("{ $.level > 1 }", event));           // string field, numeric test
  EXPECT_FALSE(match(R"({ $.latency = "150" })", event));  // number field, string value
  EXPECT_FALSE(match("{ $.user = 2 }", event));            // object
}

TEST(FilterPatternJson, NestedSelectorsAndArrays) {
  EXPECT_TRUE(match("{ $.user.id = 2 }", event));
  EXPECT_TRUE(match(R"({ $.user.tags[1] = "b" })", event));
  EXPECT_FALSE(match(R"({ $.user.tags[2] = "b" })", event));
  EXPECT_TRUE(match("{ $.items[1].id = 7 }", event));
  EXPECT_TRUE(match("{ $[0] = 5 }", "[5, 6]"));
}

TEST(FilterPatternJson, NullExistsAndBooleans) {
  EXPECT_TRUE(match("{ $.gone IS NULL }", event));
  EXPECT_FALSE(match("{ $.level IS NULL }", event));
  EXPECT_FALSE(match("{ $.missing IS NULL }", event));
  EXPECT_TRUE(match("{ $.missing NOT EXISTS }", event));
  EXPECT_FALSE(match("{ $.gone NOT EXISTS }", event));
  EXPECT_FALSE(match("{ $.user.id NOT EXISTS }", event));
  EXPECT_TRUE(match("{ $.user.nope NOT EXISTS }", event));
  EXPECT_TRUE(match("{ $.flag IS TRUE }", event));
  EXPECT_FALSE(match("{ $.flag IS FALSE }", event));
  EXPECT_TRUE(match("{ $.ok IS FALSE }", event));
  EXPECT_FALSE(match("{ $.level IS TRUE }", event));
  EXPECT_TRUE(match("{ $.flag is true }", event));
}

TEST(FilterPatternJson, MissingFieldsFailEveryComparison) {
  EXPECT_FALSE(match(R"({ $.missing = "x" })", event));
  EXPECT_FALSE(match(R"({ $.missing != "x" })", event));
  EXPECT_FALSE(match("{ $.missing < 5 }", event));
}

TEST(FilterPatternJson, AndOrAndPrecedence) {
  EXPECT_TRUE(match(R"({ $.level = "ERROR" && $.latency > 100 })", event));
  EXPECT_FALSE(match(R"({ $.level = "ERROR" && $.latency > 200 })", event));
  EXPECT_TRUE(match(R"({ $.level = "WARN" || $.latency > 100 })", event));
  EXPECT_FALSE(match(R"({ $.level = "WARN" || $.latency > 200 })", event));
  // && binds tighter than ||: WARN || (ERROR && >200) is false, (WARN || ERROR) && >200 too,
  // but ERROR || (WARN && x) is true while (ERROR || WARN) && >200 is false.
  EXPECT_TRUE(match(R"({ $.level = "ERROR" || $.level = "WARN" && $.latency > 200 })", event));
  EXPECT_FALSE(match(R"({ ($.level = "ERROR" || $.level = "WARN") && $.latency > 200 })", event));
  EXPECT_TRUE(match(R"({ ($.user.id = 2 && $.user.tags[0] = "a") || $.items[0].id = 99 })", event));
  EXPECT_TRUE(match(R"({ ((($.flag IS TRUE))) })", event));
}

TEST(FilterPatternJson, NonJsonMessagesNeverMatch) {
  EXPECT_FALSE(match(R"({ $.level = "ERROR" })", R"(level="ERROR")"));
  EXPECT_FALSE(match("{ $.missing NOT EXISTS }", "plain text"));
  EXPECT_FALSE(match("{ $.missing NOT EXISTS }", "42"));
  EXPECT_FALSE(match(R"({ $.a = 1 })", R"({"a":1)"));
}

TEST(FilterPatternJson, DeeplyNestedMessageIsHandled) {
  const std::string nested = std::string(400000, '[') + std::string(400000, ']');
  EXPECT_FALSE(match("{ $[0][0][1] = 1 }", nested));
  EXPECT_TRUE(match("{ $[0][0][1] NOT EXISTS }", nested));
}

TEST(FilterPatternJson, Unicode) {
  EXPECT_TRUE(match(R"({ $.user.name = "Zoë" })", event));
  EXPECT_TRUE(match(R"({ $.user.name = Zo* })", event));
  EXPECT_TRUE(match(R"({ $.名前 = "値" })", R"({"名前":"値"})"));
  EXPECT_TRUE(match(R"({ $.msg = "*🚀*" })", R"({"msg":"go \ud83d\ude80 go"})"));
}

TEST(FilterPatternJson, RegexValues) {
  EXPECT_TRUE(match("{ $.ip = %^123\\.123\\.% }", event));
  EXPECT_FALSE(match("{ $.ip = %^10\\.% }", event));
  EXPECT_TRUE(match("{ $.ip != %^10\\.% }", event));
}

TEST(FilterPatternJson, MalformedPatternsAreErrors) {
  EXPECT_NE(parse_error("{ $.level = \"ERROR\"").find("'}'"), std::string::npos);
  EXPECT_NE(parse_error("{ level = 1 }").find("selector"), std::string::npos);
  EXPECT_NE(parse_error("{ $ = 1 }").find("selector needs a field"), std::string::npos);
  EXPECT_NE(parse_error("{ $. = 1 }").find("field name"), std::string::npos);
  EXPECT_NE(parse_error("{ $.a[x] = 1 }").find("array index"), std::string::npos);
  EXPECT_NE(parse_error("{ $.a[99999999999999999999999] = 1 }").find("array index too large"),
            std::string::npos);
  EXPECT_NE(parse_error("{ $.a ~ 1 }").find("expected a comparison"), std::string::npos);
  EXPECT_NE(parse_error("{ $.a = }").find("expected a value"), std::string::npos);
  EXPECT_NE(parse_error("{ $.a > \"x\" }").find("compare numbers only"), std::string::npos);
  EXPECT_NE(parse_error("{ $.a > abc }").find("compare numbers only"), std::string::npos);
  EXPECT_NE(parse_error("{ $.a IS MAYBE }").find("NULL, TRUE or FALSE"), std::string::npos);
  EXPECT_NE(parse_error("{ $.a NOT THERE }").find("EXISTS"), std::string::npos);
  EXPECT_NE(parse_error("{ ($.a = 1 }").find("')'"), std::string::npos);
  EXPECT_NE(parse_error("{ $.a = 1 && }").find("selector"), std::string::npos);
  EXPECT_NE(parse_error("{ $.a = 1 } extra").find("nothing may follow"), std::string::npos);
  EXPECT_NE(parse_error("{ $.a = 1 & $.b = 2 }").find("'}'"), std::string::npos);
  EXPECT_NE(parse_error("{ $.a = \"x }").find("unterminated"), std::string::npos);
}

TEST(FilterPatternJson, DeepNestingIsAnErrorNotACrash) {
  const std::string deep = "{ " + std::string(200, '(') + "$.a = 1" + std::string(200, ')') + " }";
  EXPECT_NE(parse_error(deep).find("nested too deeply"), std::string::npos);
}

// --------------------------------------------------------- space-delimited

constexpr const char* access_line =
    R"(127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 404 1534)";

TEST(FilterPatternDelimited, NamesEveryField) {
  EXPECT_TRUE(match("[ip, id, user, timestamp, request, status_code, size]", access_line));
  EXPECT_FALSE(match("[ip, id, user, timestamp, request, status_code]", access_line));
  EXPECT_TRUE(match("[ip, id, user, timestamp, request, status_code = 404, size]", access_line));
  EXPECT_FALSE(match("[ip, id, user, timestamp, request, status_code = 200, size]", access_line));
}

TEST(FilterPatternDelimited, ConditionsWildcardsAndEllipsis) {
  EXPECT_TRUE(match("[ip, id, user = frank, ...]", access_line));
  EXPECT_TRUE(match("[..., status_code = 4*, size > 1000]", access_line));
  EXPECT_FALSE(match("[..., status_code = 5*, size]", access_line));
  EXPECT_TRUE(match("[ip = 127.0.*, ..., size]", access_line));
  EXPECT_TRUE(match("[ip, id, user, timestamp, request = \"*gif*\", ...]", access_line));
  EXPECT_TRUE(match("[..., status_code = 5* || status_code = 404, size]", access_line));
  EXPECT_FALSE(match("[..., status_code >= 400 && status_code != 404, size]", access_line));
}

TEST(FilterPatternDelimited, MalformedPatternsAreErrors) {
  EXPECT_NE(parse_error("[ip, ..., ..., x]").find("only once"), std::string::npos);
  EXPECT_NE(parse_error("[ip, user").find("',' or ']'"), std::string::npos);
  EXPECT_NE(parse_error("[ip = 1 || user = 2]").find("must test 'ip'"), std::string::npos);
  EXPECT_NE(parse_error("[, ip]").find("field name"), std::string::npos);
}

}  // namespace
}  // namespace cwlog::detail
