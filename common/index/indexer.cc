#include "common/index/indexer.h"

#include <chrono>
#include <exception>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <thread>

#include <xapian.h>

#include "common/fault.h"
#include "common/index/deletion.h"
#include "common/index/document_builder.h"
#include "common/index/layout.h"
#include "common/index/near_duplicates.h"
#include "common/index/seen_ids.h"
#include "common/index/shard_builder.h"
#include "common/index/shard_writer.h"
#include "common/index/synonyms.h"
#include "common/index/tables_writer.h"
#include "common/schema.h"
#include "common/stored_text.h"

namespace fahras {
namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kProgressEvery = 500;

unsigned cores() { return std::max(1u, std::thread::hardware_concurrency()); }

// Calls `finish` and keeps in `first_error` the first exception of those
// finished so, without stopping at it: every stage must end.
template <typename Finish>
void finish_keeping_first_error(Finish finish, std::exception_ptr& first_error) {
  try {
    finish();
  } catch (...) {
    if (!first_error) first_error = std::current_exception();
  }
}

// One run of index_corpus(): reads the inputs and hands each record to the
// builder of its shard, whose documents go to the shard's writer and whose
// spelling words go to the tables writer (or, without a tables database, to
// the writer of the shard that keeps each word). The run owns every stage and
// alone closes them: the builders first, then the writers they feed.
class IndexRun {
 public:
  IndexRun(const IndexOptions& options, const AnalysisChain& chain, const IndexCallbacks& callbacks)
      : options_(options),
        chain_(chain),
        callbacks_(callbacks),
        clusters_(options.copy_window, options.db_path) {
    const unsigned jobs = options.jobs ? options.jobs : cores();
    const bool existed = std::filesystem::exists(options.db_path + "/" + schema::kStubFile) ||
                         schema::is_database_directory(options.db_path);
    if (!existed && options.inputs.empty()) {
      throw std::runtime_error(options.db_path + ": no such database to delete from");
    }
    layout_ = open_layout(options.db_path, jobs);
    created_ = !existed;
    std::vector<SynonymGroup> groups = shipped_synonyms(chain);
    groups.insert(groups.end(), options.synonyms.begin(), options.synonyms.end());
    const std::map<std::string, std::set<std::string>> synonyms = synonym_entries(groups, chain);
    // The tables go to the tables database, or (a plain Xapian directory) to the shard.
    if (!layout_.tables.empty()) {
      tables_ = std::make_unique<TablesWriter>(tables_path(layout_), chain, synonyms);
    }
    const std::string tables_id = tables_ ? tables_->id() : "";
    const std::string tables_at =
        tables_ ? std::filesystem::absolute(tables_path(layout_)).lexically_normal().string() : "";
    // The spelling words of every shard's articles go to the tables database
    // as one list, or else each word to the shard whose table keeps it.
    const unsigned spelling_lists = !options.spelling ? 0
                                    : tables_         ? 1
                                              : static_cast<unsigned>(layout_.shards.size());
    for (size_t i = 0; i < layout_.shards.size(); ++i) {
      const std::string path = shard_path(layout_, i);
      writers_.push_back(std::make_unique<ShardWriter>(
          static_cast<unsigned>(i), path, chain, tables_id, tables_at, options.batch_size,
          tables_ ? std::map<std::string, std::set<std::string>>{} : synonyms, counts_));
      builders_.push_back(std::make_unique<ShardBuilder>(path, chain, spelling_lists, clusters_));
    }
    // Copies of a story land in different shards (by id hash): one table of
    // clusters serves every builder, holding this run's articles and earlier ones.
    if (!options.inputs.empty()) {
      for (auto& w : writers_) w->load_clusters(clusters_);
    }
    for (auto& w : writers_) {
      if (text_dictionary_.empty()) text_dictionary_ = w->text_dictionary();
    }
    // Every shard is locked by now: no other indexer is writing or compacting.
    publish_layout(layout_);
    remove_unlisted_shards(layout_);
  }

  IndexStats run() {
    // A database without a text dictionary gets one from this run's first
    // articles: they wait until it is trained.
    if (!text_dictionary_.empty()) start_stages();
    for (const std::string& input : options_.inputs) {
      bool go_on = read_input(
          input, [this](Record&& r) { return dispatch(std::move(r)); },
          [this](const InputError& e) { return fail(e); }, options_.max_article_bytes);
      if (!go_on) break;
    }
    if (!started_) start_stages();
    finish_stages();

    IndexStats stats = snapshot();
    if (deletes() && !stats.interrupted) delete_articles(stats);
    // --compact auto: only a complete run that added articles.
    const bool compact = may_compact() && (options_.compact == IndexOptions::Compact::kAlways ||
                                           (!stats.interrupted && stats.added > 0));
    std::vector<std::string> replaced;
    if (compact) {
      replaced = compact_layout(layout_);  // the writers still hold the locks
      stats.compacted = true;
    }
    builders_.clear();
    writers_.clear();  // closes the shards
    tables_.reset();
    remove_shards(layout_, replaced);
    fault::point("old-shards-removed");
    stats.seconds = elapsed();
    return stats;
  }

 private:
  // Whether the run deletes articles (--delete, --delete-from, --prune).
  bool deletes() const { return options_.prune || !options_.delete_ids.empty(); }

  // Deletes the articles of options_.delete_ids, and with options_.prune those
  // the inputs did not hold, then commits each shard; counts them in `stats`.
  // Call once the writers have finished.
  void delete_articles(IndexStats& stats) {
    stats.deleting = true;
    std::vector<std::string> ids = options_.delete_ids;
    if (options_.prune && (failed_ > 0 || interrupted_)) {
      stats.prune_skipped = true;
    } else if (options_.prune) {
      for (auto& w : writers_) add_unseen_ids(w->database(), ids);
    }
    WritableShards shards;
    for (auto& w : writers_) shards.push_back(&w->database());
    Xapian::WritableDatabase* tables = tables_ ? &tables_->database() : nullptr;
    DeletionResult result = fahras::delete_articles(shards, tables, ids, chain_);
    repoint_orphan_clusters(shards);
    fault::point("delete-before-commit");
    for (size_t i = 0; i < shards.size(); ++i) {
      shards[i]->commit();
      fault::point("delete-commit", static_cast<int>(i));
    }
    if (tables) tables->commit();
    stats.deleted = result.deleted;
    stats.not_found = std::move(result.missing);
  }

  // Appends to `ids` the id of every article of `shard` that this run's
  // inputs did not hold.
  void add_unseen_ids(const Xapian::Database& shard, std::vector<std::string>& ids) const {
    const std::string prefix = schema::id_term("");
    for (auto it = shard.allterms_begin(prefix); it != shard.allterms_end(prefix); ++it) {
      std::string id = (*it).substr(prefix.size());
      if (!seen_.contains(id)) ids.push_back(std::move(id));
    }
  }

  // Whether the run may end with a compaction: always with --compact always,
  // and with --compact auto in a database the run created.
  bool may_compact() const {
    return options_.compact == IndexOptions::Compact::kAlways ||
           (options_.compact == IndexOptions::Compact::kAuto && created_);
  }

  bool dispatch(Record&& record) {
    if (record.id.size() + 1 > schema::kMaxTermBytes) {
      return fail({record.origin, "id longer than " + std::to_string(schema::kMaxTermBytes - 1) +
                                      " bytes"});
    }
    note(record);
    bool writer_ok = true;
    if (started_) {
      writer_ok = send(std::move(record));
    } else {
      held_.push_back(std::move(record));
      if (held_.size() >= kDictionarySamples) writer_ok = start_stages();
    }
    if (++dispatched_ % kProgressEvery == 0 && callbacks_.on_progress) {
      callbacks_.on_progress(snapshot());
    }
    return !stopping() && writer_ok;
  }

  // Passes `record` to the builder of its shard; false if that builder or
  // the shard's writer failed.
  bool send(Record&& record) {
    const unsigned shard = shard_of(record.id, static_cast<unsigned>(builders_.size()));
    const bool taken = builders_[shard]->add(std::move(record));
    return taken && !writers_[shard]->failed();
  }

  // Starts the builders and writers, with the database's text dictionary or
  // one trained on the articles held back, and passes them those articles.
  // False if a builder or writer failed.
  bool start_stages() {
    if (text_dictionary_.empty()) {
      std::vector<std::string> samples;
      for (const Record& r : held_) samples.push_back(DocumentBuilder::data(r));
      text_dictionary_ = train_text_dictionary(samples);
    }
    if (tables_) tables_->start();
    for (size_t i = 0; i < writers_.size(); ++i) {
      ShardWriter& writer = *writers_[i];
      builders_[i]->use_text_dictionary(writer.adopt_text_dictionary(text_dictionary_));
      writer.start();
      builders_[i]->start(
          [&writer](ShardUpdate&& update) { return writer.add(std::move(update)); },
          [this](std::vector<SpellingWords>&& words) { hand_over_spelling(std::move(words)); });
    }
    started_ = true;
    bool ok = true;
    // Interrupted, the rest are left for the next run, as the articles not read.
    for (Record& r : held_) {
      if (stopping()) break;
      ok = send(std::move(r)) && ok;
    }
    held_ = {};
    return ok;
  }

  // Passes spelling words from a builder to the tables writer (one list), or
  // else each list to the writer of the shard whose spelling table keeps it.
  // Called by the builders' threads.
  void hand_over_spelling(std::vector<SpellingWords>&& words) {
    if (tables_) {
      tables_->add(std::move(words[0]));
      return;
    }
    for (size_t i = 0; i < words.size(); ++i) {
      if (!words[i].empty()) writers_[i]->add_spelling(std::move(words[i]));
    }
  }

  // Closes the builders and waits for them, then the writers they fed and
  // the tables writer; rethrows the first error of any of them, once every
  // thread has stopped.
  void finish_stages() {
    std::exception_ptr first_error;
    for (auto& b : builders_) b->close();
    for (auto& b : builders_) finish_keeping_first_error([&b] { b->finish(); }, first_error);
    for (auto& w : writers_) finish_keeping_first_error([&w] { w->finish(); }, first_error);
    if (tables_) finish_keeping_first_error([this] { tables_->finish(); }, first_error);
    if (first_error) std::rethrow_exception(first_error);
  }

  // Warns of what the reader repaired in `record`, and of its id if an
  // earlier record of the run had it; remembers where the id was read.
  void note(const Record& record) {
    for (const std::string& message : record.warnings) warn({record.origin, message});
    if (files_.empty() || files_.back() != record.origin.file) files_.push_back(record.origin.file);
    const ReadAt here{static_cast<uint32_t>(files_.size() - 1),
                      static_cast<uint32_t>(record.origin.line)};
    const std::optional<ReadAt> before = seen_.note(record.id, here);
    if (!before) return;
    warn({record.origin, "id \"" + record.id + "\" met before, at " +
                             Origin{files_[before->file], before->line}.describe() +
                             ": this record replaces that one"});
  }

  void warn(const InputError& warning) {
    ++warnings_;
    if (callbacks_.on_warning) callbacks_.on_warning(warning);
  }

  bool fail(const InputError& error) {
    if (error.unreadable_input) ++unreadable_;
    ++failed_;
    if (callbacks_.on_error) callbacks_.on_error(error);
    return !options_.stop_on_error && !stopping();
  }

  bool stopping() {
    if (options_.interrupted && options_.interrupted->load()) interrupted_ = true;
    return interrupted_;
  }

  IndexStats snapshot() const {
    IndexStats s;
    s.added = counts_.added;
    s.replaced = counts_.replaced;
    s.unchanged = counts_.unchanged;
    s.failed = failed_;
    s.unreadable = unreadable_;
    s.warnings = warnings_;
    s.shards = static_cast<unsigned>(layout_.shards.size());
    s.interrupted = interrupted_;
    s.seconds = elapsed();
    return s;
  }

  double elapsed() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

  const IndexOptions& options_;
  const AnalysisChain& chain_;
  const IndexCallbacks& callbacks_;
  Layout layout_;
  bool created_ = false;
  // What the stages' threads use, before the stages; the stages each before
  // those that feed them (destroyed after them: a builder's thread ends
  // while the writers it hands to still take).
  DuplicateClusters clusters_;
  WriteCounts counts_;
  std::unique_ptr<TablesWriter> tables_;  // null: the shards hold their own tables
  std::vector<std::unique_ptr<ShardWriter>> writers_;
  std::vector<std::unique_ptr<ShardBuilder>> builders_;
  size_t failed_ = 0;
  size_t unreadable_ = 0;
  size_t warnings_ = 0;
  size_t dispatched_ = 0;
  // Every id of the run, where last read (repeated ids are warned of; --prune
  // keeps these), and the input files named there (ReadAt::file).
  SeenIds seen_;
  std::vector<std::string> files_;
  std::string text_dictionary_;  // "" until the database has one
  bool started_ = false;         // the writers run
  std::vector<Record> held_;     // articles read before the writers started
  bool interrupted_ = false;
  Clock::time_point start_ = Clock::now();
};

}  // namespace

IndexStats index_corpus(const IndexOptions& options, const AnalysisChain& chain,
                        const IndexCallbacks& callbacks) {
  return IndexRun(options, chain, callbacks).run();
}

}  // namespace fahras
