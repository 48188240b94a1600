// Indexing a corpus into a Fahras database (see common/index/layout.h).
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "common/analysis/chain.h"
#include "common/corpus/reader.h"
#include "common/index/near_duplicates.h"
#include "common/index/synonyms.h"

namespace fahras {

struct IndexOptions {
  std::string db_path;              // created if missing
  std::vector<std::string> inputs;  // see read_input() in common/corpus/reader.h
  unsigned jobs = 0;                // shards of a new database, written in parallel; 0 = one per core
  unsigned batch_size = 1000;       // documents per commit, per shard
  bool stop_on_error = false;       // stop at the first bad record (after committing)
  // An article of more bytes (a JSON Lines line, a .txt file) is a bad
  // record: reported and skipped, never held whole in memory.
  size_t max_article_bytes = kDefaultMaxArticleBytes;
  // Compact the shards at the end: "auto" when this run created the database.
  enum class Compact { kAuto, kAlways, kNever } compact = Compact::kAuto;
  // Count the words for did-you-mean suggestions (Xapian's spelling table).
  bool spelling = true;
  // Articles remembered for finding copies of a story (--collapse): a copy
  // is found among the last `copy_window` articles indexed (those of earlier
  // runs included). Bounds the memory of copy detection (see near_duplicates.h).
  size_t copy_window = DuplicateClusters::kDefaultWindow;
  // Groups of equivalent spellings written to every shard's synonym table,
  // after the shipped list of variant_names.h (always written).
  std::vector<SynonymGroup> synonyms;
  // Set (e.g. by a signal handler) to stop after committing what is done.
  const std::atomic<bool>* interrupted = nullptr;
  // Articles to delete, by id, once the inputs are indexed (see
  // common/index/deletion.h). With no inputs, the database must exist.
  std::vector<std::string> delete_ids;
  // Delete too every article whose id none of the inputs holds, unless an
  // input or record failed or the run was interrupted (then nothing is
  // pruned: an article may be missing only because its input was unreadable).
  bool prune = false;
};

struct IndexStats {
  size_t added = 0;
  size_t replaced = 0;
  size_t unchanged = 0;
  size_t failed = 0;      // bad records and unreadable inputs
  size_t unreadable = 0;  // inputs that could not be read at all (counted in failed too)
  size_t warnings = 0;    // records indexed with a warning, repeated ids
  size_t deleted = 0;
  std::vector<std::string> not_found;  // ids to delete that the database does not hold
  bool deleting = false;               // the run was asked to delete or prune
  bool prune_skipped = false;          // --prune not done: an input or record failed
  double seconds = 0;
  unsigned shards = 0;
  bool compacted = false;
  bool interrupted = false;

  size_t processed() const { return added + replaced + unchanged; }
  double docs_per_second() const { return seconds > 0 ? processed() / seconds : 0; }
};

struct IndexCallbacks {
  // Each bad record or input, as it is met.
  std::function<void(const InputError&)> on_error;
  // Each record indexed with something repaired or left out (invalid UTF-8, a
  // date that could not be read), and each id met again in the run, as met.
  std::function<void(const InputError&)> on_warning;
  // Now and then during indexing, with the counts so far.
  std::function<void(const IndexStats&)> on_progress;
};

// Indexes every record of `options.inputs` into the database at
// `options.db_path`, one writer thread per shard: an id seen before is
// replaced, an unchanged article is skipped, and each shard commits every
// `batch_size` documents and at the end, so a killed run loses at most the
// last batches and a second run picks up where it stopped. A bad record is
// counted, reported and skipped. Then deletes `options.delete_ids` (and with
// `options.prune` the articles the inputs did not hold), one commit per
// shard. Throws Xapian::Error (DatabaseLockError when another indexer holds
// the database; any error of a writer thread, such as a full disk, once every
// thread has stopped) or std::runtime_error (the path is not a Fahras
// database, or was built by another analysis chain; no database to delete
// from); whatever was committed before stays.
IndexStats index_corpus(const IndexOptions& options, const AnalysisChain& chain,
                        const IndexCallbacks& callbacks = {});

}  // namespace fahras
