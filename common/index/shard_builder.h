// The builder of one shard: analyses the shard's articles into documents for
// its writer (shard_writer.h) in a thread of its own (analysis and Xapian's
// writes take about as long: two threads keep both cores busy even with one
// shard), and counts their words for the spelling tables.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <xapian.h>

#include "common/analysis/chain.h"
#include "common/corpus/record.h"
#include "common/index/document_builder.h"
#include "common/index/near_duplicates.h"
#include "common/index/shard_writer.h"
#include "common/index/spelling_counter.h"
#include "common/index/worker.h"

namespace fahras {

class ShardBuilder {
 public:
  // Where the documents go (the shard's writer); false once it takes no more.
  using DocumentSink = std::function<bool(ShardUpdate&&)>;
  // Where the spelling words go, split into the number of lists given to the
  // constructor (some of them may be empty).
  using SpellingSink = std::function<void(std::vector<SpellingWords>&&)>;

  // The builder of the shard at `path` (opened already by its writer), whose
  // articles join `clusters` of copies. Counts the words for the spelling
  // tables when `spelling_lists` > 0, handing them over split into that many
  // lists (SpellingCounter::take).
  ShardBuilder(const std::string& path, const AnalysisChain& chain, unsigned spelling_lists,
               DuplicateClusters& clusters);

  // Compresses the text of the articles to come with `dictionary` ("" for
  // none). Call before start().
  void use_text_dictionary(const std::string& dictionary);

  // Starts the builder thread, handing documents to `documents` and spelling
  // words to `spelling` now and then and at the end.
  void start(DocumentSink documents, SpellingSink spelling);

  // Queues `record` for analysis, blocking while many wait. False (the record
  // dropped) once the builder failed.
  bool add(Record&& record);

  // Whether the builder failed: what comes from then on is dropped.
  bool failed() const { return worker_.failed(); }

  // No more records come: the thread ends once it has analysed those queued.
  void close() { worker_.close(); }

  // Waits for the records queued to be analysed and handed on, and rethrows
  // what went wrong in the thread.
  void finish() { worker_.finish(); }

 private:
  // Analyses one record and hands on its document.
  void build(const Record& record);
  // `record` as an update for the writer: unchanged, or its new document.
  ShardUpdate make_update(const Record& record);
  // Whether the shard held article `id` with content `hash` at its last
  // commit this thread saw (the writer checks again what gets past this).
  bool unchanged_in_snapshot(const std::string& id, const std::string& hash);
  // Hands the words counted twice or more so far to the spelling sink. Words
  // counted once are dropped with the counter: kept for the next counts,
  // they would hold memory for the whole run.
  void hand_over_spelling();

  Xapian::Database snapshot_;    // used by the builder thread only
  const bool look_up_existing_;  // false for a shard empty at the start: nothing to skip
  DocumentBuilder builder_;
  const unsigned spelling_lists_;
  std::unique_ptr<SpellingCounter> spelling_counter_;  // null: no spelling data
  DuplicateClusters& clusters_;
  DocumentSink documents_;
  SpellingSink spelling_;
  bool documents_taken_ = true;  // false once the writer stopped taking them
  // Records read but not yet analysed: bound memory whatever the corpus size.
  static constexpr size_t kCapacity = 256;
  Worker<Record> worker_{kCapacity};  // last: stopped before what it uses goes
};

}  // namespace fahras
