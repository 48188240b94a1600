// The writer of one shard: takes the documents its builder (shard_builder.h)
// makes, and the spelling words handed to the shard, in a thread of its own,
// and commits every batch of articles added or replaced.
#pragma once

#include <atomic>
#include <cstddef>
#include <map>
#include <set>
#include <string>

#include <xapian.h>

#include "common/analysis/chain.h"
#include "common/index/near_duplicates.h"
#include "common/index/spelling_counter.h"
#include "common/index/worker.h"

namespace fahras {

// Articles written by the run, summed over every shard's writer.
struct WriteCounts {
  std::atomic<size_t> added{0}, replaced{0}, unchanged{0};
};

// What a shard's writer takes: an article of its shard made into its Xapian
// document (or found unchanged), and/or words for the shard's spelling
// table, from the articles of any shard.
struct ShardUpdate {
  bool article = false;
  std::string id;
  std::string hash;        // DocumentBuilder::content_hash()
  bool unchanged = false;  // held by the shard, with this content, when last looked
  Xapian::Document doc;
  SpellingWords spelling;
};

class ShardWriter {
 public:
  // Shard number `index` at `path`, opened by open_for_indexing() (naming the
  // tables database `tables` at `tables_path`). Adds `synonyms` to the
  // shard's synonym table (committed with the first batch). Commits every
  // `batch_size` articles added or replaced, counted in `counts`.
  ShardWriter(unsigned index, const std::string& path, const AnalysisChain& chain,
              const std::string& tables, const std::string& tables_path, unsigned batch_size,
              const std::map<std::string, std::set<std::string>>& synonyms, WriteCounts& counts);

  // The text dictionary the shard holds, "" for none.
  std::string text_dictionary() const;

  // The text dictionary for the shard's articles to come: its own, or else
  // `dictionary` ("" for none), which the shard keeps from its next commit
  // on. Call before start().
  std::string adopt_text_dictionary(const std::string& dictionary);

  // Adds the signatures and collapse keys of the shard's articles (indexed by
  // earlier runs) to `clusters`, so that new copies join them. Call before
  // start().
  void load_clusters(DuplicateClusters& clusters);

  // Starts the writer thread.
  void start();

  // Queues `update` for the shard, blocking while many wait. False (the
  // update dropped) once the writer failed.
  bool add(ShardUpdate&& update);

  // Queues `words` for the shard's spelling table, as add().
  bool add_spelling(SpellingWords&& words);

  // Whether the writer failed: what comes from then on is dropped.
  bool failed() const { return worker_.failed(); }

  // Waits for the updates queued to be written, commits, and rethrows what
  // went wrong in the thread. The shard stays open (and locked) until the
  // writer is destroyed.
  void finish();

  // The shard, for changes of the calling thread once finish() has returned.
  Xapian::WritableDatabase& database() { return db_; }

 private:
  // Writes one update; commits when a batch is complete.
  void write(const ShardUpdate& update);
  // Adds, replaces or skips the article of `update`.
  void write_article(const ShardUpdate& update);
  void commit();

  const int index_;              // the shard's number, for the fault points
  Xapian::WritableDatabase db_;  // used by the writer thread only (and before start())
  const unsigned batch_size_;
  WriteCounts& counts_;
  unsigned pending_ = 0;  // articles added or replaced since the last commit
  // Documents not yet written: bound memory whatever the corpus size.
  static constexpr size_t kCapacity = 64;
  Worker<ShardUpdate> worker_{kCapacity};  // last: stopped before the shard closes
};

}  // namespace fahras
