# CI time (issue 12): lld links a sanitizer-built test executable in about a
# third of ld.bfd's time (test_ship_integration: 0.42 s against 1.13 s), and
# the suite links dozens. Test and fuzz executables only: the installed
# library, the cwlog binary and the Python module (pybind11's GCC LTO, which
# lld cannot link) keep the toolchain's default linker. Without lld (Debian's
# `lld`, installed by scripts/install-deps.sh) everything links with the default.
include(CheckLinkerFlag)
check_linker_flag(CXX -fuse-ld=lld CWLOG_HAVE_LLD)

function(cwlog_fast_link target)
  if(CWLOG_HAVE_LLD)
    target_link_options(${target} PRIVATE -fuse-ld=lld)
  endif()
endfunction()
