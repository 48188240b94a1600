#include "common/index/indexer.h"

#include <chrono>
#include <stdexcept>

#include <xapian.h>

#include "common/index/document_builder.h"
#include "common/schema.h"

namespace fahras {
namespace {

using Clock = std::chrono::steady_clock;

// Opens (or creates) the database and checks it was built by `chain`.
Xapian::WritableDatabase open_for_indexing(const std::string& path, const AnalysisChain& chain) {
  Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OPEN);
  const std::string identity = chain.identity();
  const std::string recorded = db.get_metadata(schema::kChainKey);
  if (recorded.empty() && db.get_doccount() == 0) {
    db.set_metadata(schema::kChainKey, identity);
    db.set_metadata(schema::kSchemaKey, std::to_string(schema::kSchemaVersion));
    db.commit();
  } else if (recorded != identity) {
    throw std::runtime_error("database " + path + " was built with analysis chain '" +
                             (recorded.empty() ? "none (not a Fahras database)" : recorded) +
                             "', this indexer uses '" + identity +
                             "': index into a new database");
  }
  return db;
}

class Session {
 public:
  Session(const IndexOptions& options, const AnalysisChain& chain, const IndexCallbacks& callbacks)
      : options_(options),
        callbacks_(callbacks),
        db_(open_for_indexing(options.db_path, chain)),
        builder_(chain) {}

  IndexStats run() {
    for (const std::string& input : options_.inputs) {
      bool go_on = read_input(
          input, [this](Record&& r) { return add(r); },
          [this](const InputError& e) { return fail(e); });
      if (!go_on) break;
    }
    db_.commit();
    stats_.seconds = elapsed();
    return stats_;
  }

 private:
  bool add(const Record& record) {
    if (record.id.size() + 1 > schema::kMaxTermBytes) {
      return fail({record.origin, "id longer than " +
                                      std::to_string(schema::kMaxTermBytes - 1) + " bytes"});
    }
    const std::string id_term = schema::id_term(record.id);
    Xapian::PostingIterator existing = db_.postlist_begin(id_term);
    if (existing != db_.postlist_end(id_term)) {
      const Xapian::docid docid = *existing;
      if (db_.get_document(docid).get_value(schema::kHashSlot) ==
          DocumentBuilder::content_hash(record)) {
        ++stats_.unchanged;
      } else {
        db_.replace_document(docid, builder_.build(record));
        ++stats_.replaced;
        ++pending_;
      }
    } else {
      db_.add_document(builder_.build(record));
      ++stats_.added;
      ++pending_;
    }
    if (pending_ >= options_.batch_size) {
      db_.commit();
      pending_ = 0;
    }
    report_progress();
    return !interrupted();
  }

  bool fail(const InputError& error) {
    ++stats_.failed;
    if (callbacks_.on_error) callbacks_.on_error(error);
    return !options_.stop_on_error && !interrupted();
  }

  bool interrupted() {
    if (options_.interrupted && options_.interrupted->load()) stats_.interrupted = true;
    return stats_.interrupted;
  }

  void report_progress() {
    if (!callbacks_.on_progress || (stats_.processed() % 500) != 0) return;
    stats_.seconds = elapsed();
    callbacks_.on_progress(stats_);
  }

  double elapsed() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

  const IndexOptions& options_;
  const IndexCallbacks& callbacks_;
  Xapian::WritableDatabase db_;
  DocumentBuilder builder_;
  IndexStats stats_;
  unsigned pending_ = 0;
  Clock::time_point start_ = Clock::now();
};

}  // namespace

IndexStats index_corpus(const IndexOptions& options, const AnalysisChain& chain,
                        const IndexCallbacks& callbacks) {
  return Session(options, chain, callbacks).run();
}

}  // namespace fahras
