#include "tests/server/serve_support.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace fahras::test::serve {

std::string serve_tool() { return std::string(FAHRAS_BIN_DIR) + "/fahras-serve"; }

ServeProcess::ServeProcess(const std::vector<std::string>& args) {
  std::vector<std::string> all = {serve_tool()};
  all.insert(all.end(), args.begin(), args.end());
  all.insert(all.end(), {"--listen", "127.0.0.1:0"});
  const std::string log_path = dir_.file("stderr");
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    const int log = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(log, 2);
    const int null = open("/dev/null", O_RDWR);
    dup2(null, 0);
    dup2(null, 1);
    std::vector<char*> argv;
    for (std::string& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  const std::regex listening(R"(listening on http://127\.0\.0\.1:([0-9]+)/)");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    std::smatch m;
    const std::string text = log();
    if (std::regex_search(text, m, listening)) {
      port_ = std::stoi(m[1]);
      return;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("fahras-serve exited: " + text);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("fahras-serve did not listen within 30 s: " + log());
}

ServeProcess::~ServeProcess() {
  if (pid_ > 0) stop(SIGKILL);
}

std::unique_ptr<httplib::Client> ServeProcess::client() const {
  auto client = std::make_unique<httplib::Client>("127.0.0.1", port_);
  client->set_read_timeout(60, 0);
  return client;
}

int ServeProcess::stop(int signal_number) {
  if (pid_ <= 0) return -1;
  kill(pid_, signal_number);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

double ServeProcess::cpu_seconds() const {
  std::ifstream in("/proc/" + std::to_string(pid_) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), {});
  // Fields after the command name (in brackets, which may hold spaces):
  // utime and stime are the 12th and 13th.
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));
  std::string field;
  double ticks = 0;
  for (int i = 1; i <= 13 && fields >> field; ++i) {
    if (i >= 12) ticks += std::stod(field);
  }
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

std::string ServeProcess::log() const {
  std::ifstream in(dir_.file("stderr"));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

httplib::Response get(httplib::Client& client, const std::string& path,
                      const httplib::Params& params) {
  auto result = client.Get(path, params, httplib::Headers{});
  if (!result) throw std::runtime_error("no answer to GET " + path);
  return *result;
}

httplib::Response post(httplib::Client& client, const std::string& path, const std::string& body) {
  auto result = client.Post(path, body, "application/x-ndjson");
  if (!result) throw std::runtime_error("no answer to POST " + path);
  return *result;
}

nlohmann::json json_of(const httplib::Response& response) {
  return nlohmann::json::parse(response.body);
}

}  // namespace fahras::test::serve
