// Helpers shared by the tests: temporary directories and running the binaries.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <xapian.h>

#include "common/analysis/chain.h"

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

// The analysis chain, loaded once for all tests.
std::shared_ptr<const AnalysisChain> loaded_chain();

// The data of `doc`, a document of `db`, as the indexer made it: uncompressed
// with the database's text dictionary (common/stored_text.h).
std::string stored_data(const Xapian::Database& db, const Xapian::Document& doc);

// Paths of the built tools and of the project's corpus/ folder.
std::string index_tool();
std::string query_tool();
std::string corpus_dir();

}  // namespace fahras::test
