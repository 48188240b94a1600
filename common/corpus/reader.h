// Corpus readers: turn input paths into Records, reporting bad input by file
// and line without stopping.
//
// An input path is one of:
//   - a .txt file: one record, id = file name without extension, body = text;
//   - a directory: every *.txt below it, recursively, in sorted path order;
//     id = path relative to the directory, without the extension; JSON Lines
//     files below it are read as such;
//   - a .jsonl, .ndjson, .jsonl.gz or .ndjson.gz file: one JSON object per
//     line with "id" (required, string or integer) and optional string fields
//     "title", "body", "date", "source", "url", "category";
//   - "-": JSON Lines read from standard input, named kStandardInput in
//     messages.
// A "date" is YYYY-MM-DD or an ISO 8601 date-time starting with one
// (2023-05-17T10:00:00Z, 2023-05-17 10:00+03:00): the record keeps the date as
// written, YYYY-MM-DD. A date that is neither is left out of the record, with
// a warning (Record::warnings), as is the repair of invalid UTF-8.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/corpus/record.h"

namespace fahras {

// A problem with one record or one input; reading goes on after it.
struct InputError {
  Origin origin;
  std::string message;  // what is wrong, without the location
  // The input itself (a file or directory) could not be read: missing, no
  // permission, not a file or directory, or the system failed to read it.
  bool unreadable_input = false;
};

// The file name that messages give standard input ("-" as an input).
constexpr const char* kStandardInput = "(standard input)";

// Called for each good record, in input order. Return false to stop reading.
using RecordSink = std::function<bool(Record&&)>;
// Called for each bad record or unreadable input. Return false to stop reading.
using ErrorSink = std::function<bool(const InputError&)>;

// The largest article read by default, in bytes (a JSON Lines line, a .txt
// file): 4 MiB, 68 times the largest of the 70,109 articles of news-large
// (61,619 bytes).
constexpr size_t kDefaultMaxArticleBytes = 4 << 20;

// Reads every record of `path` (see above) into `on_record`; problems go to
// `on_error`, among them each article of more than `max_bytes` (skipped,
// its line read through without being kept: memory stays bounded). Returns
// false if either sink asked to stop.
bool read_input(const std::string& path, const RecordSink& on_record, const ErrorSink& on_error,
                size_t max_bytes = kDefaultMaxArticleBytes);

// The ids listed in `path` ("-" for standard input), one a line; blank lines
// and the spaces around an id are left out. Throws std::runtime_error naming
// the file when it cannot be read.
std::vector<std::string> read_id_list(const std::string& path);

}  // namespace fahras
