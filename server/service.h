// fahras-serve: Fahras databases as an HTTP service, a JSON API and a search
// page (see docs/serve.md).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "server/api.h"

namespace fahras::serve {

struct ServeOptions {
  std::vector<std::string> databases;  // as fahras-query's --db, searched as one
  std::string host = "127.0.0.1";
  int port = 8080;              // 0: any free port (the log's first line says which)
  unsigned threads = 0;         // searching threads; 0: one per core
  size_t queue = 64;            // requests waiting for a thread; more get 503
  unsigned timeout_ms = 10000;  // per request, waiting included; then 503
  size_t max_body = 1 << 20;    // bytes of a request body; more get 413
  std::string access_log;       // file the access log is appended to; "": stderr
  Limits limits;
};

// Opens the databases once to check them (throwing std::runtime_error if one
// cannot be opened), writes "fahras-serve: listening on http://HOST:PORT/" to
// standard error, then answers requests until SIGTERM or SIGINT, after which
// it finishes the requests in flight and returns 0. Throws
// std::runtime_error if it cannot listen on options.host:options.port.
int serve(const ServeOptions& options);

}  // namespace fahras::serve
