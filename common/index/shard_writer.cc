#include "common/index/shard_writer.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "common/fault.h"
#include "common/index/open_for_indexing.h"
#include "common/index/synonyms.h"
#include "common/schema.h"

namespace fahras {

ShardWriter::ShardWriter(unsigned index, const std::string& path, const AnalysisChain& chain,
                         const std::string& tables, const std::string& tables_path,
                         unsigned batch_size,
                         const std::map<std::string, std::set<std::string>>& synonyms,
                         WriteCounts& counts)
    : index_(static_cast<int>(index)),
      db_(open_for_indexing(path, chain, tables, tables_path)),
      batch_size_(batch_size),
      counts_(counts) {
  add_synonyms(db_, synonyms);
}

std::string ShardWriter::text_dictionary() const {
  return db_.get_metadata(schema::kTextDictionaryKey);
}

std::string ShardWriter::adopt_text_dictionary(const std::string& dictionary) {
  std::string own = text_dictionary();
  if (own.empty() && !dictionary.empty()) {
    db_.set_metadata(schema::kTextDictionaryKey, dictionary);
    own = dictionary;
  }
  return own;
}

void ShardWriter::load_clusters(DuplicateClusters& clusters) {
  Xapian::ValueIterator key = db_.valuestream_begin(schema::kCollapseSlot);
  const Xapian::ValueIterator keys_end = db_.valuestream_end(schema::kCollapseSlot);
  for (auto it = db_.valuestream_begin(schema::kSignatureSlot);
       it != db_.valuestream_end(schema::kSignatureSlot); ++it) {
    if (key != keys_end && key.get_docid() < it.get_docid()) key.skip_to(it.get_docid());
    if (key == keys_end || key.get_docid() != it.get_docid()) continue;
    if (auto signature = decode_signature(*it)) clusters.add(*signature, *key);
  }
}

void ShardWriter::start() {
  worker_.start([this](ShardUpdate& update) { write(update); }, [this] { commit(); });
}

bool ShardWriter::add(ShardUpdate&& update) { return worker_.push(std::move(update)); }

bool ShardWriter::add_spelling(SpellingWords&& words) {
  ShardUpdate update;
  update.spelling = std::move(words);
  return add(std::move(update));
}

void ShardWriter::finish() { worker_.finish(); }

void ShardWriter::write(const ShardUpdate& update) {
  add_spellings(db_, update.spelling);
  if (update.article) write_article(update);
  if (pending_ >= batch_size_) commit();
}

void ShardWriter::write_article(const ShardUpdate& update) {
  if (update.unchanged) {
    ++counts_.unchanged;
    return;
  }
  const std::string id_term = schema::id_term(update.id);
  Xapian::PostingIterator existing = db_.postlist_begin(id_term);
  if (existing == db_.postlist_end(id_term)) {
    db_.add_document(update.doc);
    ++counts_.added;
  } else if (db_.get_document(*existing).get_value(schema::kHashSlot) == update.hash) {
    ++counts_.unchanged;
    return;
  } else {
    db_.replace_document(*existing, update.doc);
    ++counts_.replaced;
  }
  ++pending_;
}

void ShardWriter::commit() {
  db_.commit();
  fault::point("commit", index_);
  pending_ = 0;
#ifdef __GLIBC__
  // The batch just written was the run's largest allocation: its pages go
  // back to the system, or the gaps it leaves between what lives on make
  // the run's memory grow with its length.
  malloc_trim(0);
#endif
}

}  // namespace fahras
