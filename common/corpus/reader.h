// Corpus readers: turn input paths into Records, reporting bad input by file
// and line without stopping.
//
// An input path is one of:
//   - a .txt file: one record, id = file name without extension, body = text;
//   - a directory: every *.txt below it, recursively, in sorted path order;
//     id = path relative to the directory, without the extension; JSON Lines
//     files below it are read as such;
//   - a .jsonl or .jsonl.gz file: one JSON object per line with "id"
//     (required, string or integer) and optional string fields "title",
//     "body", "date" (YYYY-MM-DD), "source", "url", "category".
#pragma once

#include <functional>
#include <string>

#include "common/corpus/record.h"

namespace fahras {

// A problem with one record or one input; reading goes on after it.
struct InputError {
  Origin origin;
  std::string message;  // what is wrong, without the location
};

// Called for each good record, in input order. Return false to stop reading.
using RecordSink = std::function<bool(Record&&)>;
// Called for each bad record or unreadable input. Return false to stop reading.
using ErrorSink = std::function<bool(const InputError&)>;

// Reads every record of `path` (see above) into `on_record`; problems go to
// `on_error`. Returns false if either sink asked to stop.
bool read_input(const std::string& path, const RecordSink& on_record,
                const ErrorSink& on_error);

}  // namespace fahras
