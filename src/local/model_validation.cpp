#include "local/model_validation.h"

#include <climits>
#include <cstdint>
#include <string>
#include <vector>

namespace cwlog::detail {
namespace {

constexpr const char* embedded_model =
#include "local/logs_model.inc"
    ;

// Length as the service counts it: characters, not bytes.
std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0u) != 0x80u ? 1 : 0;
  return n;
}

std::string scalar_text(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

std::string number_text(double d) {
  const auto i = static_cast<long long>(d);
  return static_cast<double>(i) == d ? std::to_string(i) : std::to_string(d);
}

}  // namespace

struct model_validator::shape {
  enum class kind {
    string,
    integer,
    number,
    boolean,
    timestamp,
    list,
    map,
    structure
  } type = kind::structure;
  std::optional<double> min, max;
  bool long_type = false;             // "long": the value must fit in 64 signed bits
  std::string pattern;                // as in the model (for the message)
  std::unique_ptr<std::regex> regex;  // null: no pattern, or one std::regex cannot express
  std::vector<std::string> enums;
  std::string enum_text;  // "[A, B]"
  std::unique_ptr<shape> member, key, value;
  std::vector<std::pair<std::string, std::unique_ptr<shape>>> members;
  std::vector<std::string> required;

  static std::unique_ptr<shape> compile(const nlohmann::json& j) {
    auto s = std::make_unique<shape>();
    const std::string t = j.value("type", "structure");
    if (t == "string")
      s->type = kind::string;
    else if (t == "integer" || t == "long")
      s->type = kind::integer;
    else if (t == "double" || t == "float")
      s->type = kind::number;
    else if (t == "boolean")
      s->type = kind::boolean;
    else if (t == "timestamp")
      s->type = kind::timestamp;
    else if (t == "list")
      s->type = kind::list;
    else if (t == "map")
      s->type = kind::map;
    s->long_type = t == "long";
    if (j.contains("min")) s->min = j["min"].get<double>();
    if (j.contains("max")) s->max = j["max"].get<double>();
    if (j.contains("pattern")) {
      s->pattern = j["pattern"].get<std::string>();
      // std::regex has no Unicode property classes; patterns using them (tag
      // keys and values) are not checked rather than checked wrongly.
      if (s->pattern.find("\\p{") == std::string::npos)
        s->regex = std::make_unique<std::regex>(s->pattern, std::regex::ECMAScript | std::regex::optimize);
    }
    if (j.contains("enum")) {
      for (const auto& e : j["enum"]) {
        s->enums.push_back(e.get<std::string>());
        s->enum_text += (s->enum_text.empty() ? "" : ", ") + s->enums.back();
      }
      s->enum_text = "[" + s->enum_text + "]";
    }
    if (j.contains("member")) s->member = compile(j["member"]);
    if (j.contains("key")) s->key = compile(j["key"]);
    if (j.contains("value")) s->value = compile(j["value"]);
    if (j.contains("members"))
      for (const auto& [name, sub] : j["members"].items()) s->members.emplace_back(name, compile(sub));
    if (j.contains("required")) s->required = j["required"].get<std::vector<std::string>>();
    return s;
  }
};

namespace {

using shape = model_validator::shape;

bool fits_int32(const nlohmann::json& v) {
  if (v.is_number_unsigned()) return v.get<std::uint64_t>() <= static_cast<std::uint64_t>(INT32_MAX);
  const auto i = v.get<std::int64_t>();
  return i >= INT32_MIN && i <= INT32_MAX;
}

// The path is one buffer extended and truncated while descending, so that only
// an actual error builds a message.
struct walker {
  std::vector<std::string> errors;
  std::optional<std::string> serialization;  // a type mismatch stops validation
  std::string path;

  void fail(const nlohmann::json* value, const std::string& constraint) {
    std::string msg = value ? "Value '" + scalar_text(*value) + "' at '" : "Value at '";
    msg += path + "' failed to satisfy constraint: " + constraint;
    errors.push_back(std::move(msg));
  }
  void bounds(const shape& s, double n, bool length, const nlohmann::json* value) {
    const char* what = length ? "length" : "value";
    if (s.min && n < *s.min)
      fail(value,
           std::string("Member must have ") + what + " greater than or equal to " + number_text(*s.min));
    if (s.max && n > *s.max)
      fail(value, std::string("Member must have ") + what + " less than or equal to " + number_text(*s.max));
  }
  void mismatch(const char* expected) {
    serialization = std::string("Start of ") + expected + " expected for '" + path + "'";
  }

  void check(const shape& s, const nlohmann::json& v) {
    if (serialization) return;
    switch (s.type) {
      case shape::kind::string: {
        if (!v.is_string()) return mismatch("a string");
        const auto& str = v.get_ref<const std::string&>();
        if (!s.enums.empty() && std::find(s.enums.begin(), s.enums.end(), str) == s.enums.end())
          fail(&v, "Member must satisfy enum value set: " + s.enum_text);
        if (s.min || s.max) bounds(s, static_cast<double>(utf8_length(str)), true, &v);
        if (s.regex && !std::regex_match(str, *s.regex))
          fail(&v, "Member must satisfy regular expression pattern: " + s.pattern);
        return;
      }
      case shape::kind::integer:
        if (!v.is_number_integer()) return mismatch("an integer");
        // nlohmann reads 2^63..2^64-1 as unsigned; a Java long (the service's
        // type) cannot hold them, and the operations read an int64.
        if (s.long_type && v.is_number_unsigned() &&
            v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
          return mismatch("an integer");
        // "integer" is a Java int: 4294967297 must not reach an operation
        // that reads an int and become 1.
        if (!s.long_type && !fits_int32(v)) return mismatch("an integer");
        return bounds(s, v.get<double>(), false, &v);
      case shape::kind::number:
        if (!v.is_number()) return mismatch("a number");
        return bounds(s, v.get<double>(), false, &v);
      case shape::kind::boolean:
        if (!v.is_boolean()) mismatch("a boolean");
        return;
      case shape::kind::timestamp:
        if (!v.is_number()) mismatch("a timestamp");
        return;
      case shape::kind::list: {
        if (!v.is_array()) return mismatch("a list");
        bounds(s, static_cast<double>(v.size()), true, nullptr);
        const auto base = path.size();
        for (std::size_t i = 0; i < v.size(); ++i) {
          path.append(".").append(std::to_string(i + 1)).append(".member");
          // The operations read every member of a list: a null one is
          // refused here rather than met by them.
          if (v[i].is_null())
            errors.push_back("Value null at '" + path +
                             "' failed to satisfy constraint: Member must not be null");
          else
            check(*s.member, v[i]);
          path.resize(base);
        }
        return;
      }
      case shape::kind::map: {
        if (!v.is_object()) return mismatch("a map");
        bounds(s, static_cast<double>(v.size()), true, nullptr);
        const auto base = path.size();
        for (const auto& [k, item] : v.items()) {
          path.append(".key");
          check(*s.key, nlohmann::json(k));
          path.resize(base);
          if (item.is_null()) continue;
          path.append(".").append(k).append(".value");
          check(*s.value, item);
          path.resize(base);
        }
        return;
      }
      case shape::kind::structure: {
        if (!v.is_object()) return mismatch("a structure");
        const auto base = path.size();
        for (const auto& [name, sub] : s.members) {
          auto it = v.find(name);
          if (it == v.end() || it->is_null()) continue;
          if (base) path.append(".");
          path.append(name);
          check(*sub, *it);
          path.resize(base);
        }
        for (const auto& name : s.required) {
          auto it = v.find(name);
          if (it != v.end() && !it->is_null()) continue;
          if (base) path.append(".");
          path.append(name);
          errors.push_back("Value null at '" + path +
                           "' failed to satisfy constraint: Member must not be null");
          path.resize(base);
        }
        return;
      }
    }
  }
};

}  // namespace

model_validator::model_validator() {
  const auto model = nlohmann::json::parse(embedded_model);
  for (const auto& [op, input] : model.items()) operations_.emplace(op, shape::compile(input));
}

model_validator::~model_validator() = default;

bool model_validator::knows(std::string_view operation) const {
  return operations_.contains(operation);
}

std::optional<validation_failure> model_validator::validate(std::string_view operation,
                                                            const nlohmann::json& input) const {
  auto it = operations_.find(operation);
  if (it == operations_.end()) return std::nullopt;
  walker w;
  w.check(*it->second, input);
  if (w.serialization) return validation_failure{"SerializationException", *w.serialization};
  if (w.errors.empty()) return std::nullopt;
  std::string msg = std::to_string(w.errors.size()) +
                    (w.errors.size() == 1 ? " validation error detected: " : " validation errors detected: ");
  for (std::size_t i = 0; i < w.errors.size(); ++i) msg += (i ? "; " : "") + w.errors[i];
  return validation_failure{"InvalidParameterException", std::move(msg)};
}

}  // namespace cwlog::detail
