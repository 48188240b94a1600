// fahras-serve: Fahras databases as an HTTP service: a JSON API and a search page.
#include <malloc.h>

#include <iostream>
#include <stdexcept>
#include <string>

#include <boost/program_options.hpp>
#include <xapian.h>

#include "server/service.h"

namespace po = boost::program_options;

namespace {

constexpr int kExitOk = 0, kExitError = 2;

const char* kUsage =
    "Usage: fahras-serve --db DB [--db DB...] [--listen HOST:PORT] [options]\n"
    "Serve Fahras databases over HTTP: a search page at / and a JSON API\n"
    "(/search, /articles/ID, /batch, /analyze, /stats, /health; described at\n"
    "/openapi.json). Read-only; no TLS and no authentication: put a reverse\n"
    "proxy in front to serve beyond this machine (see docs/serve.md).\n"
    "SIGTERM or SIGINT finishes the requests in flight, then exits 0.\n"
    "\n"
    "Examples:\n"
    "  fahras-serve --db news.db\n"
    "  fahras-serve --db 2023.db --db 2024.db --listen 127.0.0.1:9000 --threads 4\n"
    "\n"
    "Exit status: 0 stopped by a signal, 2 error.\n"
    "\n"
    "Options";

struct Options {
  fahras::serve::ServeOptions serve;
  std::string listen = "127.0.0.1:8080";
};

// "HOST:PORT" or "[IPV6]:PORT" into options.host and options.port.
void parse_listen(const std::string& listen, fahras::serve::ServeOptions& options) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon + 1 == listen.size() ||
      listen.find_first_not_of("0123456789", colon + 1) != std::string::npos ||
      listen.size() - colon > 6) {
    throw po::error("--listen must be HOST:PORT, e.g. 127.0.0.1:8080");
  }
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  const int port = std::stoi(listen.substr(colon + 1));
  if (host.empty() || port > 65535) {
    throw po::error("--listen must be HOST:PORT, e.g. 127.0.0.1:8080");
  }
  options.host = host;
  options.port = port;
}

// Parses the command line into `o`; false when it only asked for --help or
// --version (written). Throws po::error on a bad option.
bool parse_options(int argc, char** argv, Options& o) {
  fahras::serve::ServeOptions& s = o.serve;
  po::options_description visible(kUsage);
  visible.add_options()
      ("help,h", "show this help and exit")
      ("version", "show the version and exit")
      ("db,d", po::value(&s.databases)->value_name("DB"),
           "a database directory, stub file or tcp://HOST:PORT; repeat to search several")
      ("listen,l", po::value(&o.listen)->value_name("HOST:PORT")->default_value(o.listen),
           "where to listen (port 0: any free port, written to standard error)")
      ("threads", po::value(&s.threads)->value_name("N"),
           "searching threads, each with its own database handles (default: one per core)")
      ("queue", po::value(&s.queue)->value_name("N")->default_value(s.queue),
           "requests that may wait for a thread; more are refused with 503")
      ("timeout", po::value(&s.timeout_ms)->value_name("MS")->default_value(s.timeout_ms),
           "time limit of a request, waiting included; then 503")
      ("max-body", po::value(&s.max_body)->value_name("BYTES")->default_value(s.max_body),
           "largest request body (POST /batch); larger gets 413")
      ("max-batch", po::value(&s.limits.batch_queries)->value_name("N")
           ->default_value(s.limits.batch_queries), "most queries in one POST /batch")
      ("access-log", po::value(&s.access_log)->value_name("FILE"),
           "append the access log (time, method, path, status, ms) to FILE, not standard error");
  po::variables_map vm;
  po::store(po::command_line_parser(argc, argv).options(visible).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << visible << "\n";
    return false;
  }
  if (vm.count("version")) {
    std::cout << "fahras-serve " << FAHRAS_VERSION << " (Xapian " << Xapian::version_string()
              << ")\n";
    return false;
  }
  if (s.databases.empty()) throw po::error("--db DB is required");
  if (s.timeout_ms == 0) throw po::error("--timeout must be 1 or more");
  parse_listen(o.listen, s);
  return true;
}

}  // namespace

int main(int argc, char** argv) try {
  // A reply is made on a searching thread and freed on a connection's: with
  // glibc's arena per thread, what one arena frees the others do not reuse,
  // and the service's memory grows with its connections.
  mallopt(M_ARENA_MAX, 2);
  Options options;
  if (!parse_options(argc, argv, options)) return kExitOk;
  return fahras::serve::serve(options.serve);
} catch (const po::error& e) {
  std::cerr << "fahras-serve: " << e.what() << "\nTry 'fahras-serve --help'.\n";
  return kExitError;
} catch (const Xapian::Error& e) {
  std::cerr << "fahras-serve: " << e.get_description() << "\n";
  return kExitError;
} catch (const std::exception& e) {
  std::cerr << "fahras-serve: " << e.what() << "\n";
  return kExitError;
}
