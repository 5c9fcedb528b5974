function(cwlog_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
    -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Wunused -Woverloaded-virtual
    -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
  # g++ 12's libstdc++ trips its own -Warray-bounds / -Wstringop-overflow /
  # -Wrestrict on inlined std::string and std::vector code at -O2 (GCC bugs
  # 105329, 105651 and 106199 — false positives inside <bits/char_traits.h>).
  # Keep the warnings visible but not fatal for that compiler only.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-error=array-bounds
      -Wno-error=stringop-overflow -Wno-error=restrict)
  endif()
  if(CWLOG_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# Sanitizers apply to everything built here, so set them directory-wide.
if(CWLOG_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
    -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
