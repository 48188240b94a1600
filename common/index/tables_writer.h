// The tables database of a stub layout (schema.h): the synonym table, and the
// spelling table of every shard's articles, written by a thread of its own.
// Xapian's spelling work is about a fifth of a run's CPU: in the shards'
// writers it slows the threads that bound the rate, in its own thread it uses
// a core the analysis leaves idle (news-large, one shard on two cores: 1,550
// → 1,700 docs/s).
#pragma once

#include <map>
#include <set>
#include <string>

#include <xapian.h>

#include "common/analysis/chain.h"
#include "common/index/spelling_counter.h"
#include "common/index/worker.h"

namespace fahras {

class TablesWriter {
 public:
  // Opens or creates (with a new id) the tables database at `path`, checked
  // as a shard by open_for_indexing(), and adds `synonyms` to its synonym
  // table (committed by the thread).
  TablesWriter(const std::string& path, const AnalysisChain& chain,
               const std::map<std::string, std::set<std::string>>& synonyms);

  // Starts the thread, which adds and commits each hand-over of words.
  void start();

  // Queues `words` for the spelling table, blocking while a few hand-overs
  // wait. False (the words dropped) once the thread failed.
  bool add(SpellingWords&& words);

  // Waits for the words queued to be committed, commits, and rethrows what
  // went wrong in the thread.
  void finish();

  // The database's id, which every shard names.
  const std::string& id() const { return id_; }

  // The database, for changes of the calling thread once finish() has returned.
  Xapian::WritableDatabase& database() { return db_; }

 private:
  Xapian::WritableDatabase db_;
  const std::string id_;
  Worker<SpellingWords> worker_{2};  // last: stopped before the database closes
};

}  // namespace fahras
