# One OBJECT library per concept folder under src/ ("area"). The installed
# libcwlog is assembled from the areas marked INSTALLED (see
# cwlog_library.cmake); tests link exactly the areas they exercise, so a test of
# src/aws builds without compiling src/ship.
#
#   cwlog_add_area(<name> SOURCES ... [AREAS <areas it uses>...]
#                  [LIBS <third-party targets>...] [INSTALLED])
#   cwlog_add_test(<name> SOURCES ... AREAS ... [LIBS ...] [NO_GTEST_MAIN])
#   cwlog_area_closure(<out-var> <areas>...)  areas plus everything they use

# How the library's code reaches its own symbols, for the caller's path (a
# few nanoseconds each, several per log()): calls between its exported
# functions go direct instead of through the PLT (no one interposes them), and
# on x86-64 with GCC its thread_locals are reached through TLS descriptors
# (one indirect call that returns the offset once the library is loaded)
# instead of __tls_get_addr.
function(cwlog_set_call_model target)
  target_compile_options(${target} PRIVATE -fno-semantic-interposition)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64")
    target_compile_options(${target} PRIVATE -mtls-dialect=gnu2)
  endif()
endfunction()

function(cwlog_add_area name)
  cmake_parse_arguments(arg "INSTALLED" "" "SOURCES;AREAS;LIBS" ${ARGN})
  set(target cwlog_${name})
  if(NOT arg_SOURCES)
    # An area whose sources are not written yet: nothing to build or link.
    add_library(${target} INTERFACE)
    target_include_directories(${target} INTERFACE
      $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include> $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/src>)
    set_property(GLOBAL PROPERTY CWLOG_AREA_DEPS_${name} "${arg_AREAS}")
    return()
  endif()
  add_library(${target} OBJECT ${arg_SOURCES})
  cwlog_unity_sources(${target})
  target_include_directories(${target} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/src>)
  target_compile_features(${target} PUBLIC cxx_std_23)
  cwlog_set_warnings(${target})
  cwlog_set_call_model(${target})
  foreach(dep IN LISTS arg_AREAS)
    # Usage requirements only; objects are collected by cwlog_area_closure.
    target_link_libraries(${target} PUBLIC cwlog_${dep})
  endforeach()
  if(arg_LIBS)
    target_link_libraries(${target} PUBLIC ${arg_LIBS})
  endif()
  set_property(GLOBAL PROPERTY CWLOG_AREA_DEPS_${name} "${arg_AREAS}")
  set_property(GLOBAL APPEND PROPERTY CWLOG_ALL_AREAS ${name})
  if(arg_INSTALLED)
    set_property(GLOBAL APPEND PROPERTY CWLOG_LIBRARY_AREAS ${name})
    set_property(GLOBAL APPEND PROPERTY CWLOG_LIBRARY_LIBS ${arg_LIBS})
  endif()
endfunction()

# CI time (issue 12): most of a file's compile time is its headers (json,
# httplib, fmt, libstdc++) and the inline code they instantiate, the same in
# every file of an area. Compiled in batches of a few files, an area pays that
# once per batch; files stay separate in the source tree, so a file-local
# helper's name must be unique within its area (the build says when not).
# Batches of 6 keep both cores busy on small areas.
function(cwlog_unity_sources target)
  if(CWLOG_UNITY_SOURCES)
    set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE 6)
  endif()
endfunction()

function(cwlog_area_closure out)
  set(pending ${ARGN})
  set(done "")
  while(pending)
    list(POP_FRONT pending area)
    if(area IN_LIST done)
      continue()
    endif()
    list(APPEND done ${area})
    get_property(deps GLOBAL PROPERTY CWLOG_AREA_DEPS_${area})
    list(APPEND pending ${deps})
  endwhile()
  set(${out} ${done} PARENT_SCOPE)
endfunction()

# Links the objects of the given areas (and of every area they use).
function(cwlog_link_areas target)
  cwlog_area_closure(all ${ARGN})
  foreach(area IN LISTS all)
    target_link_libraries(${target} PRIVATE cwlog_${area})
  endforeach()
endfunction()

function(cwlog_add_test name)
  # CI's release pass builds only the artefacts and their own tests; the test
  # executables run in its sanitizer pass (scripts/test.sh says why).
  if(NOT CWLOG_TEST_EXECUTABLES)
    return()
  endif()
  cmake_parse_arguments(arg "NO_GTEST_MAIN" "" "SOURCES;AREAS;LIBS" ${ARGN})
  add_executable(${name} ${arg_SOURCES})
  cwlog_set_warnings(${name})
  cwlog_fast_link(${name})
  # CI time (issue 12): a test's own code needs no -O3 (the library it tests
  # keeps the build type's flags; the sanitizer build's -Og stays), and its
  # files share their heavy headers (gtest, json, httplib) when compiled as
  # one unity file.
  if(NOT CWLOG_SANITIZE)
    target_compile_options(${name} PRIVATE -O1)
  endif()
  set_target_properties(${name} PROPERTIES UNITY_BUILD ${CWLOG_UNITY_TESTS})
  foreach(src IN LISTS arg_SOURCES)
    # Library sources a test compiles itself keep their own file: their
    # file-local helpers may share names (tests' own helpers may not).
    cmake_path(ABSOLUTE_PATH src BASE_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR} OUTPUT_VARIABLE abs)
    cmake_path(IS_PREFIX CMAKE_CURRENT_SOURCE_DIR "${abs}" NORMALIZE in_tests)
    if(NOT in_tests)
      set_source_files_properties(${src} PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
    endif()
  endforeach()
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  cwlog_link_areas(${name} ${arg_AREAS})
  if(arg_NO_GTEST_MAIN)
    target_link_libraries(${name} PRIVATE GTest::gtest GTest::gmock ${arg_LIBS})
  else()
    target_link_libraries(${name} PRIVATE GTest::gtest_main GTest::gmock ${arg_LIBS})
  endif()
  target_compile_definitions(${name} PRIVATE
    CWLOG_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    CWLOG_SHARED_DIR="${PROJECT_SOURCE_DIR}/../shared"
    CWLOG_BINARY_DIR="${PROJECT_BINARY_DIR}")
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 120 PROPERTIES TIMEOUT 300)
endfunction()
