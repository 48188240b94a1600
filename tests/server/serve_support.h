// Helpers for the fahras-serve tests: the real service started on an
// ephemeral 127.0.0.1 port, and an HTTP client for it.
#pragma once

#include <signal.h>
#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "tests/support.h"

namespace fahras::test::serve {

// fahras-serve ARGS... --listen 127.0.0.1:0, its standard error (the
// "listening on" line and the access log) kept in a file.
class ServeProcess {
 public:
  // Starts it and waits (up to 30 s) until it listens; throws with its
  // standard error if it exits first.
  explicit ServeProcess(const std::vector<std::string>& args);
  // Kills it if still running.
  ~ServeProcess();
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  int port() const { return port_; }
  // The processor time (user and system) it has used so far, in seconds.
  double cpu_seconds() const;
  // A new client of the service (a client is not shared between threads).
  std::unique_ptr<httplib::Client> client() const;
  // Sends `signal_number` and waits for the exit; its status (-1: killed).
  int stop(int signal_number = SIGTERM);
  // Its standard error so far.
  std::string log() const;

 private:
  TempDir dir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

// GET `path` with `params` (encoded); throws if no answer came.
httplib::Response get(httplib::Client& client, const std::string& path,
                      const httplib::Params& params = {});

// POST `body` to `path` (content type application/x-ndjson).
httplib::Response post(httplib::Client& client, const std::string& path, const std::string& body);

// The body of `response` parsed as JSON.
nlohmann::json json_of(const httplib::Response& response);

// The path of the fahras-serve binary.
std::string serve_tool();

}  // namespace fahras::test::serve
