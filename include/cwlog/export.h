#pragma once
// Symbols of the public API are visible; everything else in libcwlog is hidden
// (CMAKE_CXX_VISIBILITY_PRESET hidden), so internals are free to change.
#if defined(__GNUC__) || defined(__clang__)
#define CWLOG_API __attribute__((visibility("default")))
#else
#define CWLOG_API
#endif
