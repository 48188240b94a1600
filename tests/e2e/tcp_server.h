// Real xapian-tcpsrv servers for the tests of remote shards, and sockets that
// misbehave (a port nobody listens on, a listener that never answers).
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace fahras::test {

constexpr const char* kTcpServer = "/usr/bin/xapian-tcpsrv";

// A socket bound to 127.0.0.1 on a port the system chose; closed with the
// object. Listening (and never accepting: connections wait in the backlog, so
// a client connects but gets no answer) if `listen` is true.
class LocalSocket {
 public:
  explicit LocalSocket(bool listen) : fd_(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    if (fd_ < 0) throw std::runtime_error("socket failed");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof addr;
    if (bind(fd_, reinterpret_cast<sockaddr*>(&addr), size) != 0 ||
        getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &size) != 0 ||
        (listen && ::listen(fd_, 16) != 0)) {
      close(fd_);
      throw std::runtime_error("cannot bind a local socket");
    }
    port_ = ntohs(addr.sin_port);
  }
  ~LocalSocket() { close(fd_); }
  LocalSocket(const LocalSocket&) = delete;
  LocalSocket& operator=(const LocalSocket&) = delete;
  unsigned port() const { return port_; }

 private:
  int fd_;
  unsigned port_ = 0;
};

// A port that was free a moment ago (nothing listens on it once this returns).
inline unsigned free_port() { return LocalSocket(false).port(); }

// Whether something accepts connections on 127.0.0.1:`port`.
inline bool accepts(unsigned port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

// xapian-tcpsrv serving `dbs` (as one) on 127.0.0.1 at `port`, or a free port
// if 0, in a process group of its own (it forks a child per connection). The
// destructor stops the group (SIGTERM, then SIGKILL if need be) and reaps the
// server, so it never outlives a test, passed or failed.
class TcpServer {
 public:
  explicit TcpServer(const std::vector<std::string>& dbs, unsigned port = 0) {
    if (access(kTcpServer, X_OK) != 0) {
      throw std::runtime_error(std::string(kTcpServer) + " missing: install xapian-tools");
    }
    // A free port may be taken before the server binds it: try another. A
    // given port may still be held by the server before: try it again.
    for (int attempt = 0; attempt < 10 && pid_ <= 0; ++attempt) {
      if (port && attempt) std::this_thread::sleep_for(std::chrono::milliseconds(200));
      start(dbs, port ? port : free_port());
    }
    if (pid_ <= 0) throw std::runtime_error("xapian-tcpsrv did not start");
  }
  ~TcpServer() { stop(); }
  TcpServer(const TcpServer&) = delete;
  TcpServer& operator=(const TcpServer&) = delete;

  unsigned port() const { return port_; }
  std::string url() const { return "tcp://127.0.0.1:" + std::to_string(port_); }
  // The line of a stub file that names this server.
  std::string stub_line() const { return "remote 127.0.0.1:" + std::to_string(port_); }

  // Sends `sig` to the server and its connection children (SIGSTOP: a
  // server that stalls; SIGKILL: one that dies).
  void signal(int sig) {
    if (pid_ > 0) kill(-pid_, sig);
  }

  // Stops the server now (the destructor then does nothing).
  void stop() {
    if (pid_ <= 0) return;
    kill(-pid_, SIGTERM);
    kill(-pid_, SIGCONT);  // a stalled server too
    // Up to 2 s to exit; the server is not reaped before its group is killed,
    // so that its pid (the group's id) cannot be reused meanwhile.
    for (int i = 0; i < 100; ++i) {
      siginfo_t info{};
      if (waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
          info.si_pid == pid_) {
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    kill(-pid_, SIGKILL);  // the server if still there, and connection children left
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
    // Connection children hold the listening socket until they are gone.
    for (int i = 0; i < 250 && accepts(port_); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

 private:
  void start(const std::vector<std::string>& dbs, unsigned port) {
    std::vector<std::string> args = {kTcpServer,    "--port",    std::to_string(port),
                                     "--interface", "127.0.0.1", "--quiet"};
    args.insert(args.end(), dbs.begin(), dbs.end());
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
      setpgid(0, 0);
      const int null = open("/dev/null", O_RDWR);
      dup2(null, 0);
      dup2(null, 1);
      dup2(null, 2);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(kTcpServer, argv.data());
      _exit(127);
    }
    setpgid(pid, pid);  // also here, so that kill(-pid) works at once
    // Up to 10 s for the server to listen; it exits at once if the port is taken.
    for (int i = 0; i < 500; ++i) {
      int status = 0;
      if (waitpid(pid, &status, WNOHANG) == pid) return;
      if (accepts(port)) {
        pid_ = pid;
        port_ = port;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    kill(-pid, SIGKILL);
    waitpid(pid, nullptr, 0);
  }

  pid_t pid_ = -1;
  unsigned port_ = 0;
};

}  // namespace fahras::test
