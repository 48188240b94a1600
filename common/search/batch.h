// Batches of queries as fahras-query reads them: one query per line,
// "qid<TAB>query", or a bare query numbered by its place among the queries.
#pragma once

#include <fstream>
#include <istream>
#include <optional>
#include <string>

namespace fahras {

struct BatchQuery {
  std::string qid;
  std::string query;
};

// The queries of a batch file, in order. Blank lines are skipped; a CR
// before the newline is dropped (files written on Windows).
class BatchReader {
 public:
  // Reads the file at `path`, or standard input for "-". Throws
  // std::runtime_error naming the file if it cannot be read.
  explicit BatchReader(const std::string& path);

  // The next query, or nullopt at the end of the batch.
  std::optional<BatchQuery> next();

 private:
  std::ifstream file_;
  std::istream* in_;
  size_t number_ = 0;  // queries read so far
};

}  // namespace fahras
