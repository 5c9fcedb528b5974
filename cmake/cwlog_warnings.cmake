function(cwlog_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
    -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Wunused -Woverloaded-virtual
    -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
  # g++ 12 reports -Wrestrict inside its own libstdc++ for std::string
  # concatenations inlined at -O2 (<bits/char_traits.h>: "__builtin_memcpy ...
  # may overlap"): GCC bug 105329, a false positive fixed in g++ 13. Off for
  # that compiler only; every other warning stays an error.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  # With the sanitizers at -O1, g++ 12 reports -Wmaybe-uninitialized inside
  # libstdc++'s own std::regex and std::function (<bits/std_function.h>): the
  # instrumentation hides the initialisation from its flow analysis (GCC bug
  # 105562 and its duplicates). The Release build keeps the warning.
  if(CWLOG_SANITIZE)
    target_compile_options(${target} PRIVATE -Wno-maybe-uninitialized)
  endif()
  if(CWLOG_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# Sanitizers apply to everything built here, so set them directory-wide.
# float-cast-overflow is not part of GCC's -fsanitize=undefined; a JSON number
# cast to an integer (nlohmann's get<std::int64_t>() on a float, epoch
# conversions) is exactly where parsers of untrusted input meet it.
if(CWLOG_SANITIZE)
  add_compile_options(-fsanitize=address,undefined,float-cast-overflow -fno-omit-frame-pointer
    -fno-sanitize-recover=undefined,float-cast-overflow)
  add_link_options(-fsanitize=address,undefined,float-cast-overflow)
endif()
