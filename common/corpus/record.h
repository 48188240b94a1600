// One article read from the corpus, with where it came from.
#pragma once

#include <string>
#include <vector>

namespace fahras {

// Where a record was read: the input file and, for JSON Lines, the line number
// (1-based; 0 for a whole-file record such as a .txt article).
struct Origin {
  std::string file;
  long line = 0;

  // "file" or "file:line", for messages.
  std::string describe() const;
};

// An article as the user gave it. Only `id` is required; every other field may
// be empty. `date` is YYYY-MM-DD when present.
struct Record {
  std::string id;
  std::string title;
  std::string body;
  std::string date;
  std::string source;
  std::string url;
  std::string category;
  Origin origin;
  // What the reader repaired or left out to index the record (invalid UTF-8
  // replaced, a date it could not read), for warnings at `origin`.
  std::vector<std::string> warnings;
};

}  // namespace fahras
