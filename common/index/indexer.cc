#include "common/index/indexer.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
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
#include "common/index/spelling_counter.h"
#include "common/index/synonyms.h"
#include "common/schema.h"
#include "common/stored_text.h"

namespace fahras {
namespace {

using Clock = std::chrono::steady_clock;

// Records read but not yet analysed, and documents not yet written, per
// shard: bound memory whatever the corpus size.
constexpr size_t kQueueCapacity = 256;
constexpr size_t kBuiltCapacity = 64;
constexpr size_t kProgressEvery = 500;

unsigned cores() { return std::max(1u, std::thread::hardware_concurrency()); }

// Opens (or creates) one shard and checks it was built by `chain` with this
// index schema. Unless `tables` is empty, the shard names the tables database
// of that id, made at `tables_path` (schema.h): a new one records both, an
// existing one must name that id.
Xapian::WritableDatabase open_for_indexing(const std::string& path, const AnalysisChain& chain,
                                           const std::string& tables = "",
                                           const std::string& tables_path = "") {
  Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OPEN);
  const std::string identity = chain.identity();
  const std::string recorded = db.get_metadata(schema::kChainKey);
  if (recorded.empty() && db.get_doccount() == 0) {
    db.set_metadata(schema::kChainKey, identity);
    db.set_metadata(schema::kSchemaKey, std::to_string(schema::kSchemaVersion));
    if (!tables.empty()) {
      db.set_metadata(schema::kTablesKey, tables);
      db.set_metadata(schema::kTablesPathKey, tables_path);
    }
    db.commit();
  } else {
    schema::check_compatible(db, path, identity, schema::CheckedBy::kIndexer);
  }
  if (!tables.empty() && db.get_metadata(schema::kTablesKey) != tables) {
    throw std::runtime_error("database " + path + " names tables database '" +
                             db.get_metadata(schema::kTablesKey) + "', not '" + tables +
                             "' beside it: index into a new database");
  }
  return db;
}

// 16 random hex digits: the id of a new tables database.
std::string new_tables_id() {
  std::random_device random;
  const uint64_t id = static_cast<uint64_t>(random()) << 32 | random();
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  for (int shift = 60; shift >= 0; shift -= 4) hex += kHex[(id >> shift) & 0xF];
  return hex;
}

// Opens (or creates, with a new id) the tables database at `path`, checked as
// a shard by open_for_indexing().
Xapian::WritableDatabase open_tables_for_indexing(const std::string& path,
                                                  const AnalysisChain& chain) {
  Xapian::WritableDatabase db = open_for_indexing(path, chain);
  if (db.get_metadata(schema::kTablesIdKey).empty()) {
    db.set_metadata(schema::kTablesIdKey, new_tables_id());
    db.commit();
  }
  return db;
}

struct Counters {
  std::atomic<size_t> added{0}, replaced{0}, unchanged{0};
};

// A bounded first-in first-out queue between two threads.
template <typename T>
class BoundedQueue {
 public:
  explicit BoundedQueue(size_t capacity) : capacity_(capacity) {}
  // Blocks while the queue is full.
  void push(T&& item) {
    std::unique_lock<std::mutex> lock(mutex_);
    not_full_.wait(lock, [this] { return items_.size() < capacity_; });
    items_.push_back(std::move(item));
    not_empty_.notify_one();
  }
  // Blocks until an item comes; false once the queue is closed and empty.
  bool pop(T& item) {
    std::unique_lock<std::mutex> lock(mutex_);
    not_empty_.wait(lock, [this] { return !items_.empty() || closed_; });
    if (items_.empty()) return false;
    item = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return true;
  }
  void close() {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
    not_empty_.notify_all();
  }

 private:
  const size_t capacity_;
  std::mutex mutex_;
  std::condition_variable not_full_, not_empty_;
  std::deque<T> items_;
  bool closed_ = false;
};

using SynonymEntries = std::map<std::string, std::set<std::string>>;

// The tables database of a stub layout (schema.h): the synonym table, and the
// spelling table of every shard's articles, written by a thread of its own.
// Xapian's spelling work is about a fifth of a run's CPU: in the shards'
// writers it slows the threads that bound the rate, in its own thread it uses
// a core the analysis leaves idle (news-large, one shard on two cores: 1,550
// → 1,700 docs/s).
class TablesWriter {
 public:
  // Opens or creates the tables database at `path` (see
  // open_tables_for_indexing) and adds `synonyms` to its synonym table.
  TablesWriter(const std::string& path, const AnalysisChain& chain, const SynonymEntries& synonyms)
      : db_(open_tables_for_indexing(path, chain)),
        id_(db_.get_metadata(schema::kTablesIdKey)) {
    add_synonyms(db_, synonyms);
  }
  ~TablesWriter() {
    words_.close();
    if (thread_.joinable()) thread_.join();
  }

  void start() { thread_ = std::thread([this] { write(); }); }
  // Blocks while the words of a few hand-overs wait.
  void add(SpellingWords&& words) { words_.push(std::move(words)); }
  void close_input() { words_.close(); }
  // Waits for the words queued to be committed; rethrows what went wrong.
  void finish() {
    words_.close();
    if (thread_.joinable()) thread_.join();
    if (error_) std::rethrow_exception(error_);
    fault::point("spelling-complete");
  }
  // The database's id, which every shard names.
  const std::string& id() const { return id_; }
  // The database, for changes of the calling thread once finish() has returned.
  Xapian::WritableDatabase& database() { return db_; }

 private:
  void write() {
    SpellingWords words;
    try {
      while (words_.pop(words)) {
        add_spellings(db_, words);
        db_.commit();
        fault::point("spelling-commit");
      }
      db_.commit();  // the synonyms, when no words came
    } catch (...) {
      error_ = std::current_exception();
      while (words_.pop(words)) {
      }
    }
  }

  Xapian::WritableDatabase db_;
  const std::string id_;
  BoundedQueue<SpellingWords> words_{2};
  std::thread thread_;
  std::exception_ptr error_;
};

class ShardWriter;

// Where the builders of every shard hand what they make.
struct Handoff {
  std::vector<ShardWriter*> shards;    // every shard's writer
  TablesWriter* spelling = nullptr;  // takes every spelling word, or none: each shard its own
  std::atomic<size_t> building{0};     // builders running: the last one closes every input
};

// What a builder hands a writer: an article of the writer's shard made into
// its Xapian document (or found unchanged), and/or words for the shard's
// spelling table, from the articles of any shard.
struct Built {
  bool article = false;
  std::string id;
  std::string hash;        // DocumentBuilder::content_hash()
  bool unchanged = false;  // held by the shard, with this content, when last looked
  Xapian::Document doc;
  SpellingWords spelling;
};

// One shard: its database, written by one thread, and a second thread that
// analyses the shard's articles into documents for it (analysis and Xapian's
// writes take about as long: two threads keep both cores busy even with one
// shard).
class ShardWriter {
 public:
  // Shard number `index` at `path`. Adds `synonyms` to the shard's synonym
  // table (committed with the first batch); counts words for the spelling
  // table when `spelling`. The shard names the tables database `tables`, at
  // `tables_path` (see open_for_indexing).
  ShardWriter(unsigned index, const std::string& path, const AnalysisChain& chain,
              const std::string& tables, const std::string& tables_path, unsigned batch_size,
              const SynonymEntries& synonyms, bool spelling, Counters& counters,
              DuplicateClusters& clusters)
      : index_(static_cast<int>(index)),
        db_(open_for_indexing(path, chain, tables, tables_path)),
        snapshot_(path),
        look_up_existing_(snapshot_.get_doccount() > 0),
        builder_(chain),
        batch_size_(batch_size),
        counters_(counters),
        clusters_(clusters) {
    add_synonyms(db_, synonyms);
    if (spelling) spelling_counter_ = std::make_unique<SpellingCounter>();
  }

  ~ShardWriter() {
    queue_.close();
    if (build_thread_.joinable()) build_thread_.join();
    if (write_thread_.joinable()) write_thread_.join();
  }

  // Starts the shard's threads, the builder handing spelling words to
  // `handoff`, whose `building` is set to the number of shards before the
  // first start().
  void start(Handoff& handoff) {
    handoff_ = &handoff;
    write_thread_ = std::thread([this] { write(); });
    build_thread_ = std::thread([this] { build(); });
  }
  BoundedQueue<Record>& queue() { return queue_; }

  // The text dictionary the shard holds, "" for none.
  std::string text_dictionary() const { return db_.get_metadata(schema::kTextDictionaryKey); }

  // Compresses the text of the articles to come with the shard's own text
  // dictionary, or with `dictionary` ("" for none), which a shard without one
  // keeps from its next commit on. Call before start().
  void use_text_dictionary(const std::string& dictionary) {
    std::string own = text_dictionary();
    if (own.empty() && !dictionary.empty()) {
      db_.set_metadata(schema::kTextDictionaryKey, dictionary);
      own = dictionary;
    }
    builder_.use_text_dictionary(own);
  }
  bool failed() const { return failed_; }

  // Adds the signatures and collapse keys of the shard's articles (indexed by
  // earlier runs) to the clusters, so that new copies join them. Call before
  // start().
  void load_clusters() {
    Xapian::ValueIterator key = db_.valuestream_begin(schema::kCollapseSlot);
    const Xapian::ValueIterator keys_end = db_.valuestream_end(schema::kCollapseSlot);
    for (auto it = db_.valuestream_begin(schema::kSignatureSlot);
         it != db_.valuestream_end(schema::kSignatureSlot); ++it) {
      if (key != keys_end && key.get_docid() < it.get_docid()) key.skip_to(it.get_docid());
      if (key == keys_end || key.get_docid() != it.get_docid()) continue;
      if (auto signature = decode_signature(*it)) clusters_.add(*signature, *key);
    }
  }

  // No more records come: the builder ends once it has analysed those queued.
  void close_input() { queue_.close(); }

  // The shard, for changes of the calling thread once finish() has returned.
  Xapian::WritableDatabase& database() { return db_; }

  // Waits for the queues to drain and commits; the shard stays open (and
  // locked) until the writer is destroyed. Rethrows what went wrong in either
  // thread. Call close_input() of every shard first: the writer waits for
  // every builder.
  void finish() {
    queue_.close();
    if (build_thread_.joinable()) build_thread_.join();
    if (write_thread_.joinable()) write_thread_.join();
    if (build_error_) std::rethrow_exception(build_error_);
    if (write_error_) std::rethrow_exception(write_error_);
  }

 private:
  // The builder thread: records in, documents out.
  void build() {
    Record record;
    try {
      while (queue_.pop(record)) {
        if (failed_) continue;  // the writer stopped: let the reader go on to its end
        built_.push(make_built(record));
        if (spelling_counter_ && spelling_counter_->due()) hand_over_spelling();
      }
      if (spelling_counter_) hand_over_spelling();
    } catch (...) {
      build_error_ = std::current_exception();
      failed_ = true;
      while (queue_.pop(record)) {
      }
    }
    if (--handoff_->building == 0) {
      for (ShardWriter* shard : handoff_->shards) shard->built_.close();
      if (handoff_->spelling) handoff_->spelling->close_input();
    }
  }

  Built make_built(const Record& record) {
    Built b;
    b.article = true;
    b.id = record.id;
    if (look_up_existing_) {
      b.hash = DocumentBuilder::content_hash(record);
      if (unchanged_in_snapshot(b.id, b.hash)) {
        b.unchanged = true;  // no analysis for an article indexed before
        return b;
      }
    }
    b.doc = builder_.build(record, spelling_counter_.get());
    b.hash = b.doc.get_value(schema::kHashSlot);  // the builder's content_hash()
    if (auto signature = decode_signature(b.doc.get_value(schema::kSignatureSlot))) {
      b.doc.add_value(schema::kCollapseSlot, clusters_.assign(*signature, record.id));
    }
    return b;
  }

  // Whether the shard held article `id` with content `hash` at its last
  // commit this thread saw (the writer checks again what gets past this).
  bool unchanged_in_snapshot(const std::string& id, const std::string& hash) {
    const std::string id_term = schema::id_term(id);
    for (;;) {
      try {
        Xapian::PostingIterator it = snapshot_.postlist_begin(id_term);
        return it != snapshot_.postlist_end(id_term) &&
               snapshot_.get_document(*it).get_value(schema::kHashSlot) == hash;
      } catch (const Xapian::DatabaseModifiedError&) {
        snapshot_.reopen();  // the writer's commits overtook it
      }
    }
  }

  // Passes the words counted twice or more so far to the tables database, or
  // else to the writers, each word to the shard whose spelling
  // table keeps it, to be added before their next commits. Words counted once
  // are dropped with the counter: kept for the next counts, they would hold
  // memory for the whole run.
  void hand_over_spelling() {
    if (handoff_->spelling) {
      handoff_->spelling->add(std::move(spelling_counter_->take(1)[0]));
      spelling_counter_ = std::make_unique<SpellingCounter>();
      return;
    }
    const auto& shards = handoff_->shards;
    std::vector<SpellingWords> words = spelling_counter_->take(shards.size());
    spelling_counter_ = std::make_unique<SpellingCounter>();
    for (size_t i = 0; i < words.size(); ++i) {
      if (words[i].empty()) continue;
      Built b;
      b.spelling = std::move(words[i]);
      shards[i]->built_.push(std::move(b));
    }
  }

  // The writer thread: documents in, commits every batch_size_ articles
  // added or replaced, and at the end.
  void write() {
    Built b;
    try {
      while (built_.pop(b)) {
        add_spellings(db_, b.spelling);
        if (b.article) add(b);
        if (pending_ >= batch_size_) {
          db_.commit();
          fault::point("commit", index_);
          pending_ = 0;
        }
      }
      db_.commit();
      fault::point("commit", index_);
    } catch (...) {
      write_error_ = std::current_exception();
      failed_ = true;
      while (built_.pop(b)) {
      }
    }
  }

  void add(const Built& b) {
    if (b.unchanged) {
      ++counters_.unchanged;
      return;
    }
    const std::string id_term = schema::id_term(b.id);
    Xapian::PostingIterator existing = db_.postlist_begin(id_term);
    if (existing == db_.postlist_end(id_term)) {
      db_.add_document(b.doc);
      ++counters_.added;
    } else if (db_.get_document(*existing).get_value(schema::kHashSlot) == b.hash) {
      ++counters_.unchanged;
      return;
    } else {
      db_.replace_document(*existing, b.doc);
      ++counters_.replaced;
    }
    ++pending_;
  }

  const int index_;              // the shard's number, for the fault points
  Xapian::WritableDatabase db_;  // used by the writer thread only (and before start())
  Xapian::Database snapshot_;    // used by the builder thread only
  const bool look_up_existing_;  // false for a shard empty at the start: nothing to skip
  DocumentBuilder builder_;
  const unsigned batch_size_;
  std::unique_ptr<SpellingCounter> spelling_counter_;  // null: no spelling data
  Counters& counters_;
  DuplicateClusters& clusters_;
  BoundedQueue<Record> queue_{kQueueCapacity};
  BoundedQueue<Built> built_{kBuiltCapacity};
  Handoff* handoff_ = nullptr;  // set by start()
  std::thread build_thread_, write_thread_;
  std::exception_ptr build_error_, write_error_;
  std::atomic<bool> failed_{false};
  unsigned pending_ = 0;
};

class Session {
 public:
  Session(const IndexOptions& options, const AnalysisChain& chain, const IndexCallbacks& callbacks)
      : options_(options), chain_(chain), callbacks_(callbacks), clusters_(options.copy_window) {
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
    const SynonymEntries synonyms = synonym_entries(groups, chain);
    // The tables go to the tables database, or (a plain Xapian directory) to the shard.
    if (!layout_.tables.empty()) {
      tables_ = std::make_unique<TablesWriter>(tables_path(layout_), chain, synonyms);
      if (options.spelling) handoff_.spelling = tables_.get();
    }
    const std::string tables_id = tables_ ? tables_->id() : "";
    const std::string tables_at =
        tables_ ? std::filesystem::absolute(tables_path(layout_)).lexically_normal().string() : "";
    for (size_t i = 0; i < layout_.shards.size(); ++i) {
      writers_.push_back(std::make_unique<ShardWriter>(
          static_cast<unsigned>(i), shard_path(layout_, i), chain, tables_id, tables_at,
          options.batch_size, tables_ ? SynonymEntries{} : synonyms, options.spelling, counters_,
          clusters_));
    }
    // Copies of a story land in different shards (by id hash): one table of
    // clusters serves every writer, holding this run's articles and earlier ones.
    if (!options.inputs.empty()) {
      for (auto& w : writers_) w->load_clusters();
    }
    for (auto& w : writers_) {
      if (text_dictionary_.empty()) text_dictionary_ = w->text_dictionary();
    }
    for (auto& w : writers_) handoff_.shards.push_back(w.get());
    // Every shard is locked by now: no other indexer is writing or compacting.
    publish_layout(layout_);
    remove_unlisted_shards(layout_);
  }

  ~Session() {
    for (auto& w : writers_) w->close_input();  // before any writer waits for its builder
  }

  IndexStats run() {
    // A database without a text dictionary gets one from this run's first
    // articles: they wait until it is trained.
    if (!text_dictionary_.empty()) start_writers();
    for (const std::string& input : options_.inputs) {
      bool go_on = read_input(
          input, [this](Record&& r) { return dispatch(std::move(r)); },
          [this](const InputError& e) { return fail(e); }, options_.max_article_bytes);
      if (!go_on) break;
    }
    if (!started_) start_writers();
    for (auto& w : writers_) w->close_input();
    std::exception_ptr first_error;
    for (auto& w : writers_) {
      try {
        w->finish();
      } catch (...) {
        if (!first_error) first_error = std::current_exception();
      }
    }
    try {
      if (tables_) tables_->finish();
    } catch (...) {
      if (!first_error) first_error = std::current_exception();
    }
    if (first_error) std::rethrow_exception(first_error);

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
      if (held_.size() >= kDictionarySamples) writer_ok = start_writers();
    }
    if (++dispatched_ % kProgressEvery == 0 && callbacks_.on_progress) {
      callbacks_.on_progress(snapshot());
    }
    return !stopping() && writer_ok;
  }

  // Passes `record` to the writer of its shard; false if that writer failed.
  bool send(Record&& record) {
    ShardWriter& writer = *writers_[shard_of(record.id, static_cast<unsigned>(writers_.size()))];
    writer.queue().push(std::move(record));
    return !writer.failed();
  }

  // Starts the writers, with the database's text dictionary or one trained on
  // the articles held back, and passes them those articles. False if a
  // writer failed.
  bool start_writers() {
    if (text_dictionary_.empty()) {
      std::vector<std::string> samples;
      for (const Record& r : held_) samples.push_back(DocumentBuilder::data(r));
      text_dictionary_ = train_text_dictionary(samples);
    }
    handoff_.building = writers_.size();
    if (tables_) tables_->start();
    for (auto& w : writers_) {
      w->use_text_dictionary(text_dictionary_);
      w->start(handoff_);
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
    s.added = counters_.added;
    s.replaced = counters_.replaced;
    s.unchanged = counters_.unchanged;
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
  // What the writers' threads use, before writers_.
  DuplicateClusters clusters_;
  Counters counters_;
  std::unique_ptr<TablesWriter> tables_;  // null: the shards hold their own tables
  Handoff handoff_;
  std::vector<std::unique_ptr<ShardWriter>> writers_;
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
  return Session(options, chain, callbacks).run();
}

}  // namespace fahras
