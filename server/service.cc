#include "server/service.h"

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <fstream>
#include <future>
#include <iostream>
#include <memory>
#include <mutex>
#include <regex>
#include <stdexcept>
#include <thread>

#include <httplib.h>
#include <xapian.h>

#include "server/assets.h"
#include "server/worker_pool.h"

namespace fahras::serve {
namespace {

using Clock = std::chrono::steady_clock;

constexpr char kJson[] = "application/json; charset=utf-8";
constexpr char kJsonLines[] = "application/jsonl; charset=utf-8";
// The page's scripts and styles come only from the service itself; no
// inline script, no frames, no plugins.
constexpr char kSecurityPolicy[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

// When the request this thread is answering reached its handler (the access
// log's milliseconds count from there).
thread_local Clock::time_point request_start;
thread_local bool request_started = false;

// One line per request, "TIME METHOD PATH STATUS MILLISECONDS", to a file or
// standard error. The query string is left out.
class AccessLog {
 public:
  explicit AccessLog(const std::string& path) {
    if (path.empty()) return;
    file_.open(path, std::ios::app);
    if (!file_) throw std::runtime_error("cannot write the access log " + path);
  }

  void write(const httplib::Request& req, const httplib::Response& res) {
    const double ms =
        request_started
            ? std::chrono::duration<double, std::milli>(Clock::now() - request_start).count()
            : 0;
    request_started = false;
    char line[64];
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    std::strftime(line, sizeof line, "%Y-%m-%dT%H:%M:%SZ", &utc);
    char millis[32];
    std::snprintf(millis, sizeof millis, "%.1f", ms);
    std::lock_guard<std::mutex> lock(mutex_);
    std::ostream& out = file_.is_open() ? static_cast<std::ostream&>(file_) : std::cerr;
    out << line << ' ' << req.method << ' ' << printable(req.path) << ' ' << res.status << ' '
        << millis << '\n'
        << std::flush;
  }

 private:
  // `path` with control characters and spaces shown as '?': one field of one line.
  static std::string printable(const std::string& path) {
    std::string out = path;
    for (char& c : out) {
      if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) c = '?';
    }
    return out;
  }

  std::mutex mutex_;
  std::ofstream file_;
};

void set_error(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content(error_body(message), kJson);
  if (status == 503) res.set_header("Retry-After", "1");
}

// The status and message of the error `error`, thrown while answering.
void set_error(httplib::Response& res, const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const HttpError& e) {
    set_error(res, e.status(), e.what());
  } catch (const Xapian::DatabaseError& e) {  // opening, corrupt, modified too often
    set_error(res, 503, "database unavailable: " + e.get_description());
  } catch (const Xapian::NetworkError& e) {
    set_error(res, 503, "database unavailable: " + e.get_description());
  } catch (const Xapian::Error& e) {
    set_error(res, 500, e.get_description());
  } catch (const std::runtime_error& e) {  // a shard that cannot be opened (Searcher)
    set_error(res, 503, std::string("database unavailable: ") + e.what());
  } catch (const std::exception& e) {
    set_error(res, 500, e.what());
  }
}

// The message of an error the HTTP library answers by itself.
std::string status_message(int status) {
  switch (status) {
    case 400:
      return "bad request";
    case 404:
      return "no such page (see /openapi.json)";
    case 413:
      return "the request body is too large";
    case 414:
      return "the request URI is too long (use POST /batch for long queries)";
    default:
      return "HTTP status " + std::to_string(status);
  }
}

// Request parameters as api.h takes them.
Params params_of(const httplib::Request& req) {
  return Params(req.params.begin(), req.params.end());
}

// The parameters of the request's URL alone (httplib adds those of a form's
// body to req.params).
Params url_params_of(const httplib::Request& req) {
  const size_t mark = req.target.find('?');
  httplib::Params params;
  if (mark != std::string::npos)
    httplib::detail::parse_query_text(req.target.substr(mark + 1), params);
  return Params(params.begin(), params.end());
}

std::string escaped(std::string_view path) {
  static const std::regex special(R"([.^$|()\[\]{}*+?\\])");
  return std::regex_replace(std::string(path), special, R"(\$&)");
}

class Service {
 public:
  explicit Service(const ServeOptions& options)
      : options_(options),
        chain_(AnalysisChain::load()),
        threads_(options.threads ? options.threads
                                 : std::max(1u, std::thread::hardware_concurrency())),
        pool_(options.databases, chain_, threads_, options.queue),
        log_(options.access_log) {
    Searcher check(options.databases, chain_);  // fails now rather than on each request
  }

  // Connections handled at once: enough for every searching thread and every
  // queued request, so that a full queue is what refuses requests.
  size_t connections() const { return threads_ + options_.queue + 8; }

  void install(httplib::Server& server) {
    server.set_default_headers({{"Content-Security-Policy", kSecurityPolicy},
                                {"X-Content-Type-Options", "nosniff"},
                                {"Referrer-Policy", "no-referrer"}});
    server.set_payload_max_length(options_.max_body);
    server.set_keep_alive_timeout(2);
    // A reply is written in parts (head, body): without TCP_NODELAY the body
    // waits for the client's delayed ACK of the head on a connection kept
    // open, about 40 ms a request.
    server.set_tcp_nodelay(true);
    server.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
      request_start = Clock::now();
      request_started = true;
      return httplib::Server::HandlerResponse::Unhandled;
    });
    server.set_logger([this](const auto& req, const auto& res) { log_.write(req, res); });
    server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
      if (res.body.empty()) set_error(res, res.status, status_message(res.status));
    });
    server.set_exception_handler([](const httplib::Request&, httplib::Response& res,
                                    std::exception_ptr error) { set_error(res, error); });
    for (const Asset& asset : assets()) {
      server.Get(escaped(asset.path), [&asset](const httplib::Request&, httplib::Response& res) {
        res.set_content(asset.content.data(), asset.content.size(),
                        std::string(asset.content_type).c_str());
      });
    }
    install_api(server);
  }

 private:
  void install_api(httplib::Server& server) {
    server.Get("/health", [this](const httplib::Request&, httplib::Response& res) {
      answer(res, [](Searcher& searcher) {
        searcher.search("health", "", SearchOptions{});  // reaches every shard's latest commit
        return dump(nlohmann::ordered_json{{"status", "ok"}});
      });
    });
    server.Get("/search", [this](const httplib::Request& req, httplib::Response& res) {
      const SearchRequest request = parse_search(params_of(req), options_.limits);
      answer(res, [this, request](Searcher& searcher) {
        return search(searcher, request, options_.limits);
      });
    });
    server.Post("/batch", [this](const httplib::Request& req, httplib::Response& res) {
      const SearchRequest shared = parse_search(url_params_of(req), options_.limits, false);
      answer(
          res,
          [this, shared, body = req.body](Searcher& searcher) {
            return batch(searcher, body, shared, options_.limits);
          },
          kJsonLines);
    });
    server.Get(R"(/articles/(.+))", [this](const httplib::Request& req, httplib::Response& res) {
      const std::string id = req.matches[1];
      const Params params = params_of(req);
      answer(res, [this, id, params](Searcher& searcher) {
        return article(searcher, *chain_, id, params, options_.limits);
      });
    });
    server.Get("/stats", [this](const httplib::Request&, httplib::Response& res) {
      answer(res, [](Searcher& searcher) { return stats(searcher); });
    });
    server.Get("/analyze", [this](const httplib::Request& req, httplib::Response& res) {
      res.set_content(analyze(*chain_, params_of(req), options_.limits), kJson);
    });
  }

  // Runs `work` on a searching thread with that thread's Searcher, and sets
  // `res` to its body (of `content_type`), or to the JSON error it threw. 503 when the queue is
  // full or the request takes longer than the time limit (waiting included).
  void answer(httplib::Response& res, std::function<std::string(Searcher&)> work,
              const char* content_type = kJson) {
    const auto deadline = Clock::now() + std::chrono::milliseconds(options_.timeout_ms);
    auto promise = std::make_shared<std::promise<std::string>>();
    std::future<std::string> reply = promise->get_future();
    const bool queued = pool_.submit(
        [promise, work = std::move(work), deadline](const WorkerPool::SearcherAccess& searcher) {
          try {
            if (Clock::now() > deadline) throw HttpError(503, "the service is busy");
            promise->set_value(work(searcher()));
          } catch (...) {
            promise->set_exception(std::current_exception());
          }
        });
    if (!queued) return set_error(res, 503, "the service is busy: too many requests waiting");
    if (reply.wait_until(deadline) == std::future_status::timeout) {
      return set_error(
          res, 503, "the request took longer than " + std::to_string(options_.timeout_ms) + " ms");
    }
    try {
      res.set_content(reply.get(), content_type);
    } catch (...) {
      set_error(res, std::current_exception());
    }
  }

  const ServeOptions& options_;
  std::shared_ptr<const AnalysisChain> chain_;
  unsigned threads_;
  WorkerPool pool_;
  AccessLog log_;
};

// Stops `server` on SIGTERM or SIGINT (blocked in every thread, waited for
// here), or when woken by SIGUSR1 after the server stopped by itself.
class Stopper {
 public:
  explicit Stopper(httplib::Server& server) {
    thread_ = std::thread([this, &server] {
      int signal = 0;
      sigwait(&signals(), &signal);
      if (signal != SIGUSR1) {
        requested_ = true;
        server.stop();
      }
    });
  }
  ~Stopper() {
    if (!requested_) pthread_kill(thread_.native_handle(), SIGUSR1);
    thread_.join();
  }
  bool requested() const { return requested_; }

  // SIGTERM, SIGINT and SIGUSR1, to block before any thread starts.
  static sigset_t& signals() {
    static sigset_t set = [] {
      sigset_t s;
      sigemptyset(&s);
      sigaddset(&s, SIGTERM);
      sigaddset(&s, SIGINT);
      sigaddset(&s, SIGUSR1);
      return s;
    }();
    return set;
  }

 private:
  std::thread thread_;
  std::atomic<bool> requested_{false};
};

}  // namespace

int serve(const ServeOptions& options) {
  // Threads started from here on inherit the mask: only Stopper takes them.
  pthread_sigmask(SIG_BLOCK, &Stopper::signals(), nullptr);
  signal(SIGPIPE, SIG_IGN);  // a client gone while its answer is written
  Service service(options);
  httplib::Server server;
  const size_t connections = service.connections();
  server.new_task_queue = [connections] { return new httplib::ThreadPool(connections); };
  service.install(server);
  const int port = options.port == 0
                       ? server.bind_to_any_port(options.host)
                       : (server.bind_to_port(options.host, options.port) ? options.port : -1);
  if (port < 0) {
    throw std::runtime_error("cannot listen on " + options.host + ":" +
                             std::to_string(options.port));
  }
  const bool ipv6 = options.host.find(':') != std::string::npos;
  std::cerr << "fahras-serve: listening on http://" << (ipv6 ? "[" : "") << options.host
            << (ipv6 ? "]" : "") << ':' << port << "/\n"
            << std::flush;
  Stopper stopper(server);
  const bool listened = server.listen_after_bind();
  if (!listened && !stopper.requested()) throw std::runtime_error("the server stopped listening");
  return 0;
}

}  // namespace fahras::serve
