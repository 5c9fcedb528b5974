#pragma once
// One interval of a group as EMF documents (rules/emf.h): one metric directive
// per document with the group's namespace and dimension sets, at most 100
// metric definitions each, every document within the event size limit, the
// dimension values as strings, the properties as string members. A group
// with more metrics than fit is sent as several documents; what can never
// fit (a document of its dimensions and properties alone over the limit) is
// not sent and counted by the caller.
#include <cstdint>
#include <string>
#include <vector>

#include "metrics/registry.h"

namespace cwlog::detail {

struct emf_encode_result {
  std::size_t documents = 0;
  std::size_t oversize = 0;  // metrics left out: the document would exceed the size limit
};

// Appends the documents of `g` to out. timestamp_ms: the _aws.Timestamp.
// max_bytes: the event size limit (a parameter so tests can reach it).
emf_encode_result encode_emf(const group_sample& g, std::int64_t timestamp_ms, std::vector<std::string>& out,
                             std::size_t max_bytes);

// A finite double as JSON (shortest round-trip form).
void append_json_number(std::string& out, double v);

}  // namespace cwlog::detail
