#include "tests/support.h"

#include "common/schema.h"
#include "common/stored_text.h"

#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

#include <catch2/catch.hpp>

namespace fahras::test {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "fahras-test-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::file(const std::string& name) const { return path_ + "/" + name; }

void write_file(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + path);
}

namespace {

std::string read_all(int fd) {
  std::string data;
  char buf[65536];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) data.append(buf, static_cast<size_t>(n));
  close(fd);
  return data;
}

}  // namespace

RunResult run_unprivileged(const std::string& program, const std::vector<std::string>& args,
                           const std::string& input) {
  if (geteuid() != 0) return run(program, args, input);
  constexpr const char* kSetpriv = "/usr/bin/setpriv";
  if (access(kSetpriv, X_OK) != 0) return {-1, "", std::string(kSetpriv) + " missing"};
  const std::string id = std::to_string(kUnprivilegedId);
  std::vector<std::string> full = {"--reuid=" + id, "--regid=" + id, "--clear-groups", "--",
                                   program};
  full.insert(full.end(), args.begin(), args.end());
  return run(kSetpriv, full, input);
}

int as_unprivileged(const std::function<int()>& work) {
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    if (geteuid() == 0 && (setgroups(0, nullptr) != 0 ||
                           setresgid(kUnprivilegedId, kUnprivilegedId, kUnprivilegedId) != 0 ||
                           setresuid(kUnprivilegedId, kUnprivilegedId, kUnprivilegedId) != 0)) {
      _exit(125);
    }
    _exit(work());
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void give_to_unprivileged(const std::string& path) {
  if (geteuid() != 0) return;
  auto give = [](const std::filesystem::path& p) {
    if (lchown(p.c_str(), kUnprivilegedId, kUnprivilegedId) != 0) {
      throw std::runtime_error("cannot give " + p.string() + " to the unprivileged user");
    }
  };
  give(path);
  for (const auto& e : std::filesystem::recursive_directory_iterator(path)) give(e.path());
}

bool skip_or_fail(const std::string& why) {
  const char* allow = std::getenv("FAHRAS_ALLOW_SKIP");
  if (allow && std::string(allow) == "1") {
    WARN("skipped (FAHRAS_ALLOW_SKIP=1): " << why);
    return true;
  }
  FAIL(why << " (set FAHRAS_ALLOW_SKIP=1 to let this test skip)");
  return true;
}

RunResult run(const std::string& program, const std::vector<std::string>& args,
              const std::string& input) {
  signal(SIGPIPE, SIG_IGN);  // a program that ignores its input must not kill us
  int in[2], out[2], err[2];
  if (pipe(in) || pipe(out) || pipe(err)) throw std::runtime_error("pipe failed");
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    dup2(in[0], 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) close(fd);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(program.c_str()));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(program.c_str(), argv.data());
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  close(err[1]);
  std::thread writer([&] {
    size_t done = 0;
    while (done < input.size()) {
      ssize_t n = write(in[1], input.data() + done, input.size() - done);
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    close(in[1]);
  });
  RunResult result;
  std::thread err_reader([&] { result.err = read_all(err[0]); });
  result.out = read_all(out[0]);
  err_reader.join();
  writer.join();
  int status = 0;
  waitpid(pid, &status, 0);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string stored_data(const Xapian::Database& db, const Xapian::Document& doc) {
  TextDecoder texts;
  texts.add_dictionary(db.get_metadata(schema::kTextDictionaryKey));
  return texts.decode(doc.get_data());
}

std::shared_ptr<const AnalysisChain> loaded_chain() {
  static const std::shared_ptr<const AnalysisChain> loaded = AnalysisChain::load();
  return loaded;
}

std::string index_tool() { return std::string(FAHRAS_BIN_DIR) + "/fahras-index"; }
std::string query_tool() { return std::string(FAHRAS_BIN_DIR) + "/fahras-query"; }
std::string corpus_dir() { return std::string(FAHRAS_SOURCE_DIR) + "/corpus"; }

std::vector<Record> corpus_records() {
  std::vector<Record> records;
  read_input(
      corpus_dir() + "/articles.jsonl",
      [&](Record&& r) {
        records.push_back(std::move(r));
        return true;
      },
      [](const InputError& e) -> bool {
        throw std::runtime_error("corpus/articles.jsonl: " + e.message);
      });
  return records;
}

}  // namespace fahras::test
