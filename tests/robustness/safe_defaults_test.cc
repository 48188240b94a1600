// Safe defaults: fahras-query only reads a database (it writes, creates and
// locks nothing), and whatever starts xapian-tcpsrv binds it to the loopback
// interface only.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "tests/e2e/e2e_support.h"
#include "tests/e2e/tcp_server.h"
#include "tests/robustness/robustness_support.h"
#include "tests/support.h"

namespace fahras::test::robust {
namespace {

namespace fs = std::filesystem;
using Catch::Matchers::Contains;

// Every file below `dir` with its size and modification time.
std::map<std::string, std::string> stat_tree(const std::string& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    struct stat st {};
    REQUIRE(lstat(e.path().c_str(), &st) == 0);
    out[e.path().string()] = std::to_string(st.st_size) + "@" + std::to_string(st.st_mtim.tv_sec) +
                             "." + std::to_string(st.st_mtim.tv_nsec) + " mode " +
                             std::to_string(st.st_mode);
  }
  return out;
}

TEST_CASE("safe defaults: fahras-query opens databases read-only", "[robustness]") {
  TempDir tmp;
  const std::string db = tmp.file("db");
  e2e::copy_shared_db(db);
  const auto before = stat_tree(db);

  for (const char* format : {"text", "json", "ids"}) {
    const RunResult r = run(query_tool(), {"--db", db, "--format", format, "طاجيكستان"});
    CHECK(r.status == 0);
  }
  const RunResult batch = run(query_tool(), {"--db", db, "--batch", "-"},
                              "1\tطهران\n2\t\"الأمم المتحدة\"\n");
  CHECK(batch.status == 0);
  CHECK(stat_tree(db) == before);  // nothing written, no lock file made

  // A database that does not exist is not created.
  const RunResult missing = run(query_tool(), {"--db", tmp.file("nothing-here"), "x"});
  CHECK(missing.status == 2);
  CHECK_FALSE(fs::exists(tmp.file("nothing-here")));
  // Nor an empty directory turned into one.
  fs::create_directory(tmp.file("empty"));
  const RunResult empty = run(query_tool(), {"--db", tmp.file("empty"), "x"});
  CHECK(empty.status == 2);
  CHECK(fs::is_empty(tmp.file("empty")));
}

TEST_CASE("safe defaults: a database whose files cannot be written is searched", "[robustness]") {
  // Searched by the unprivileged user (permissions do not stop root), to whom
  // every file and directory of the database is read-only.
  TempDir tmp;
  const std::string db = tmp.file("db");
  e2e::copy_shared_db(db);
  const auto read_only = fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read;
  const auto exec = fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec;
  for (const auto& e : fs::recursive_directory_iterator(db)) {
    fs::permissions(e.path(), e.is_directory() ? read_only | exec : read_only);
  }
  fs::permissions(db, read_only | exec);
  fs::permissions(tmp.path(), read_only | exec);
  const auto before = stat_tree(db);
  const RunResult r = run_unprivileged(query_tool(), {"--db", db, "--format", "ids", "طاجيكستان"});
  INFO(r.err);
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Contains(e2e::kSeedId));
  CHECK(stat_tree(db) == before);
  // The permissions hold for that user: an indexer run by it cannot write.
  write_file(tmp.file("new.jsonl"), "{\"id\":\"new\"}\n");
  fs::permissions(tmp.file("new.jsonl"), read_only);
  const RunResult write = run_unprivileged(index_tool(), {"--db", db, tmp.file("new.jsonl")});
  INFO(write.err);
  CHECK(write.status == 2);
  CHECK(stat_tree(db) == before);
  // Let the TempDir remove it.
  fs::permissions(db, fs::perms::owner_all);
  for (const auto& e : fs::recursive_directory_iterator(db))
    fs::permissions(e.path(), fs::perms::owner_all);
}

// The local addresses a process listens on for TCP `port`, from
// /proc/net/tcp and /proc/net/tcp6 ("0100007F" is 127.0.0.1).
std::vector<std::string> listeners(unsigned port) {
  std::vector<std::string> out;
  char want[8];
  std::snprintf(want, sizeof want, ":%04X", port);
  for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    std::ifstream in(table);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string slot, local, remote, state;
      fields >> slot >> local >> remote >> state;
      if (state == "0A" && local.size() > 5 && local.substr(local.size() - 5) == want) {
        out.push_back(local.substr(0, local.size() - 5));
      }
    }
  }
  return out;
}

TEST_CASE("safe defaults: the tests' xapian-tcpsrv listens on 127.0.0.1 only", "[robustness]") {
  if (access(kTcpServer, X_OK) != 0 &&
      skip_or_fail(std::string(kTcpServer) + " missing: install xapian-tools")) {
    return;
  }
  REQUIRE(e2e::shared_db().ok());
  TcpServer server({e2e::shared_db().path});
  const auto addresses = listeners(server.port());
  INFO("port " << server.port());
  REQUIRE_FALSE(addresses.empty());
  for (const auto& a : addresses) CHECK(a == "0100007F");
}

// Scripts, docs and test helpers that start xapian-tcpsrv name the loopback
// interface; none binds all interfaces.
TEST_CASE("safe defaults: every xapian-tcpsrv command line binds 127.0.0.1", "[robustness]") {
  const fs::path root = FAHRAS_SOURCE_DIR;
  const std::regex interface_arg(R"(--interface[" ,=]+\s*"?([^" ,\n]+))");
  int checked = 0;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator();
       ++it) {
    const std::string name = it->path().filename().string();
    if (it->is_directory() && (name.rfind("build", 0) == 0 || name == ".git")) {
      it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file() || it->file_size() > 1000000) continue;
    if (it->path().parent_path().filename() == "robustness") continue;  // this test
    const std::string ext = it->path().extension().string();
    if (ext != ".sh" && ext != ".h" && ext != ".cc" && ext != ".md" && ext != ".py" &&
        it->path().parent_path().filename() != ".ci" &&
        it->path().parent_path().filename() != "bench") {
      continue;
    }
    const std::string text = read_file(it->path().string());
    if (text.find("xapian-tcpsrv") == std::string::npos ||
        text.find("--port") == std::string::npos) {
      continue;
    }
    ++checked;
    INFO(it->path().string());
    CHECK(text.find("0.0.0.0") == std::string::npos);
    CHECK_THAT(text, Contains("--interface"));
    for (std::sregex_iterator m(text.begin(), text.end(), interface_arg), end; m != end; ++m) {
      const std::string address = (*m)[1];
      INFO("--interface " << address);
      CHECK((address == "127.0.0.1" || address == "::1" || address == "localhost" ||
             address.find("127.0.0.1") != std::string::npos));
    }
  }
  INFO("files that start xapian-tcpsrv: " << checked);
  SUCCEED();
}

}  // namespace
}  // namespace fahras::test::robust
