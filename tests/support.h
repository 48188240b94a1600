// Helpers shared by the tests: temporary directories and running the binaries.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <xapian.h>

#include "common/analysis/chain.h"
#include "common/corpus/reader.h"

namespace fahras::test {

// A fresh directory under the system's temporary directory, removed with
// everything in it when the object goes out of scope.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  // path() + "/" + name
  std::string file(const std::string& name) const;

 private:
  std::string path_;
};

// Writes `content` to `path`, replacing it.
void write_file(const std::string& path, const std::string& content);

struct RunResult {
  int status = -1;  // exit status, or -1 if killed by a signal
  std::string out;  // standard output
  std::string err;  // standard error
};

// Runs `program` with `args` (no shell), `input` on standard input, and waits.
RunResult run(const std::string& program, const std::vector<std::string>& args,
              const std::string& input = "");

// The user that permission tests run as when the tests run as root (CI
// does): nobody. Not root, they run as this user, to whom permissions apply.
constexpr unsigned kUnprivilegedId = 65534;

// Runs `program` as run() does, as the unprivileged user (through setpriv)
// when this process is root; status -1 and a message in `err` if setpriv is
// missing.
RunResult run_unprivileged(const std::string& program, const std::vector<std::string>& args,
                           const std::string& input = "");

// Runs `work` in a child process that is the unprivileged user when this
// process is root (else in a child as this user); returns the child's exit
// status: `work`'s result, or 125 if it could not drop its privileges.
int as_unprivileged(const std::function<int()>& work);

// Gives `path` and everything below it to the unprivileged user when this
// process is root (else does nothing), so that a run as that user may write it.
void give_to_unprivileged(const std::string& path);

// Fails the calling test with `why`, unless FAHRAS_ALLOW_SKIP=1 allows tests
// to skip what the machine cannot do (CI sets nothing: a skip is a failure).
// Returns true when the test should return, skipped.
bool skip_or_fail(const std::string& why);

// The analysis chain, loaded once for all tests.
std::shared_ptr<const AnalysisChain> loaded_chain();

// The data of `doc`, a document of `db`, as the indexer made it: uncompressed
// with the database's text dictionary (common/stored_text.h).
std::string stored_data(const Xapian::Database& db, const Xapian::Document& doc);

// Paths of the built tools and of the project's corpus/ folder.
std::string index_tool();
std::string query_tool();
std::string corpus_dir();

// The articles of corpus/articles.jsonl as the indexer reads them (read_input);
// throws std::runtime_error if the file holds a bad record.
std::vector<Record> corpus_records();

}  // namespace fahras::test
