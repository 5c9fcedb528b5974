# Assembles the installed library from the INSTALLED areas' objects: one
# compile, two artefacts — libcwlog.so (SOVERSION) and libcwlog.a.
get_property(cwlog_lib_areas GLOBAL PROPERTY CWLOG_LIBRARY_AREAS)
get_property(cwlog_lib_libs GLOBAL PROPERTY CWLOG_LIBRARY_LIBS)
list(REMOVE_DUPLICATES cwlog_lib_libs)

set(cwlog_lib_objects "")
foreach(area IN LISTS cwlog_lib_areas)
  list(APPEND cwlog_lib_objects $<TARGET_OBJECTS:cwlog_${area}>)
endforeach()

# Header-only dependencies are needed to compile us, never by a consumer.
set(cwlog_private_libs "")
foreach(lib IN LISTS cwlog_lib_libs)
  if(lib STREQUAL "nlohmann_json::nlohmann_json")
    list(APPEND cwlog_private_libs $<BUILD_INTERFACE:${lib}>)
  else()
    list(APPEND cwlog_private_libs ${lib})
  endif()
endforeach()

# The ABI's own number (docs/api.md, "ABI policy"): bumped whenever a layout
# or signature a compiled consumer depends on changes, whatever the version.
set(CWLOG_SOVERSION 1)

foreach(kind IN ITEMS shared static)
  string(TOUPPER ${kind} KIND)
  add_library(cwlog_${kind} ${KIND} ${cwlog_lib_objects})
  add_library(cwlog::cwlog_${kind} ALIAS cwlog_${kind})
  set_target_properties(cwlog_${kind} PROPERTIES
    OUTPUT_NAME cwlog
    EXPORT_NAME cwlog_${kind}
    VERSION ${PROJECT_VERSION}
    SOVERSION ${CWLOG_SOVERSION})
  target_include_directories(cwlog_${kind} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  # Consumers need C++20 for the public headers; our own code is C++23.
  target_compile_features(cwlog_${kind} PUBLIC cxx_std_20)
  target_link_libraries(cwlog_${kind} PRIVATE ${cwlog_private_libs})
  # The public headers' format strings are fmt's (cwlog/format.h), as in spdlog.
  target_link_libraries(cwlog_${kind} PUBLIC fmt::fmt)
endforeach()
# A shared library with no undefined symbols left for the consumer to find;
# its calls to its own exported functions bound within it, not through the
# PLT (the caller's path calls current_tenant() on every log()).
target_link_options(cwlog_shared PRIVATE -Wl,--no-undefined -Wl,-Bsymbolic-functions)
add_library(cwlog::cwlog ALIAS cwlog_shared)

# The spdlog sink: header-only on top of the core, so that spdlog is a
# dependency only of the programs that use it.
add_library(cwlog_spdlog INTERFACE)
add_library(cwlog::spdlog ALIAS cwlog_spdlog)
set_target_properties(cwlog_spdlog PROPERTIES EXPORT_NAME spdlog)
target_link_libraries(cwlog_spdlog INTERFACE cwlog_shared spdlog::spdlog)
