# cwlog local: the server (local_server.h), its store, operations and wire protocol.
list(APPEND local_sources
  local_server.cpp http_front.cpp connection_reset.cpp service.cpp model_validation.cpp
  ops_groups.cpp ops_streams.cpp ops_events.cpp ops_tags.cpp tokens.cpp store.cpp store_events.cpp
  auth.cpp audit.cpp faults.cpp emf_metrics.cpp put_body_reader.cpp json_unescaped_size.cpp)
