// Indexing a corpus into a Xapian database.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "common/analysis/chain.h"
#include "common/corpus/reader.h"

namespace fahras {

struct IndexOptions {
  std::string db_path;              // created if missing
  std::vector<std::string> inputs;  // see read_input() in common/corpus/reader.h
  unsigned batch_size = 5000;       // documents per commit
  bool stop_on_error = false;       // stop at the first bad record (after committing)
  // Set (e.g. by a signal handler) to stop after committing what is done.
  const std::atomic<bool>* interrupted = nullptr;
};

struct IndexStats {
  size_t added = 0;
  size_t replaced = 0;
  size_t unchanged = 0;
  size_t failed = 0;  // bad records and unreadable inputs
  double seconds = 0;
  bool interrupted = false;

  size_t processed() const { return added + replaced + unchanged; }
  double docs_per_second() const { return seconds > 0 ? processed() / seconds : 0; }
};

struct IndexCallbacks {
  // Each bad record or input, as it is met.
  std::function<void(const InputError&)> on_error;
  // Now and then during indexing, with the counts so far.
  std::function<void(const IndexStats&)> on_progress;
};

// Indexes every record of `options.inputs` into the database at
// `options.db_path`: an id seen before is replaced, an unchanged article is
// skipped, and changes are committed every `batch_size` documents and at the
// end. A bad record is counted, reported and skipped. Throws Xapian::Error
// (for example DatabaseLockError when another indexer holds the database) or
// std::runtime_error when the database was built by another analysis chain;
// whatever was committed before stays.
IndexStats index_corpus(const IndexOptions& options, const AnalysisChain& chain,
                        const IndexCallbacks& callbacks = {});

}  // namespace fahras
