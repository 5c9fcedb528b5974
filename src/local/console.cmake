# The web console of cwlog local (console_front, console_api, store_console,
# request_ring) and its assets, compiled into the binary: src/local/console/.
set(console_assets index.html console.css console.js favicon.svg)
list(TRANSFORM console_assets PREPEND ${CMAKE_CURRENT_SOURCE_DIR}/console/ OUTPUT_VARIABLE console_asset_paths)
add_custom_command(
  OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/console_assets.cpp
  COMMAND ${CMAKE_COMMAND} -DOUT=${CMAKE_CURRENT_BINARY_DIR}/console_assets.cpp
          -DASSET_DIR=${CMAKE_CURRENT_SOURCE_DIR}/console "-DASSETS=${console_assets}"
          -P ${CMAKE_CURRENT_SOURCE_DIR}/console/embed_assets.cmake
  DEPENDS ${console_asset_paths} ${CMAKE_CURRENT_SOURCE_DIR}/console/embed_assets.cmake
  COMMENT "Embedding the console's assets"
  VERBATIM)
list(APPEND local_sources
  console_front.cpp console_api.cpp store_console.cpp request_ring.cpp
  ${CMAKE_CURRENT_BINARY_DIR}/console_assets.cpp)
