include(CMakePackageConfigHelpers)
set(cwlog_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/cwlog)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/cwlog
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS cwlog_shared cwlog_static cwlog_spdlog EXPORT cwlog-targets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT cwlog-targets NAMESPACE cwlog:: DESTINATION ${cwlog_cmake_dir})

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/cwlogConfig.cmake.in
  ${PROJECT_BINARY_DIR}/cwlogConfig.cmake INSTALL_DESTINATION ${cwlog_cmake_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/cwlogConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/cwlogConfig.cmake
              ${PROJECT_BINARY_DIR}/cwlogConfigVersion.cmake
        DESTINATION ${cwlog_cmake_dir})
