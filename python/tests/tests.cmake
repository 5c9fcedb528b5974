# The pytest suite (python/tests/) against `cwlog local` on an ephemeral
# loopback port, reading back with boto3; included by python/CMakeLists.txt.
add_test(NAME python_pytest
  COMMAND ${Python_EXECUTABLE} -m pytest -q -p no:cacheprovider ${CMAKE_CURRENT_SOURCE_DIR}/tests)
set(cwlog_python_test_env
  "PYTHONPATH=${CMAKE_CURRENT_BINARY_DIR}"
  "CWLOG_BIN=$<TARGET_FILE:cwlog_cli>"
  "PYTHONDONTWRITEBYTECODE=1")
if(CWLOG_SANITIZE)
  # The extension is instrumented but python3 is not: the sanitizer runtimes
  # must be loaded first. Leak checking stays with the C++ tests: the
  # interpreter deliberately leaves memory to the OS at exit.
  execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=libasan.so
    OUTPUT_VARIABLE cwlog_libasan OUTPUT_STRIP_TRAILING_WHITESPACE)
  execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=libubsan.so
    OUTPUT_VARIABLE cwlog_libubsan OUTPUT_STRIP_TRAILING_WHITESPACE)
  # CWLOG_SANITIZED: tests that fork a process with threads run in the
  # release pass only (ASan's allocator is not fork-safe; test_process.py).
  list(APPEND cwlog_python_test_env
    "LD_PRELOAD=${cwlog_libasan}:${cwlog_libubsan}"
    "ASAN_OPTIONS=detect_leaks=0:abort_on_error=1"
    "CWLOG_SANITIZED=1")
endif()
set_tests_properties(python_pytest PROPERTIES
  ENVIRONMENT "${cwlog_python_test_env}" TIMEOUT 300 DEPENDS cwlog_cli)
add_dependencies(cwlog_python cwlog_cli)

# The offline pip install of the package (python/setup.py driving CMake). It
# compiles the library once more in its own tree (ccache makes re-runs cheap);
# under the sanitizers it is left out: it checks packaging, not memory, and
# the uninstrumented venv interpreter cannot load an instrumented extension.
# Not RUN_SERIAL: its compile queues on scripts/build.sh's lock, and the rest
# of the suite goes on meanwhile. The timeout only catches a hang: the compile
# may wait behind other builds on that lock and runs on a busy machine (the
# stress run in tests/README.md), so it is generous.
if(NOT CWLOG_SANITIZE)
  add_test(NAME python_pip_install
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/tests/pip_install_test.sh ${Python_EXECUTABLE})
  # COST: the longest test of the release pass starts first (a fresh clone has
  # no timings for ctest to order by, and started last it alone ran a minute).
  set_tests_properties(python_pip_install PROPERTIES TIMEOUT 3600 COST 1000)
endif()
