#include "common/index/shard_builder.h"

#include "common/schema.h"

namespace fahras {

ShardBuilder::ShardBuilder(const std::string& path, const AnalysisChain& chain,
                           unsigned spelling_lists, DuplicateClusters& clusters)
    : snapshot_(path),
      look_up_existing_(snapshot_.get_doccount() > 0),
      builder_(chain),
      spelling_lists_(spelling_lists),
      clusters_(clusters) {
  if (spelling_lists_ > 0) spelling_counter_ = std::make_unique<SpellingCounter>();
}

void ShardBuilder::use_text_dictionary(const std::string& dictionary) {
  builder_.use_text_dictionary(dictionary);
}

void ShardBuilder::start(DocumentSink documents, SpellingSink spelling) {
  documents_ = std::move(documents);
  spelling_ = std::move(spelling);
  worker_.start([this](Record& record) { build(record); },
                [this] {
                  if (spelling_counter_) hand_over_spelling();
                });
}

bool ShardBuilder::add(Record&& record) { return worker_.push(std::move(record)); }

void ShardBuilder::build(const Record& record) {
  if (!documents_taken_) return;  // the writer stopped: let the reader go on to its end
  documents_taken_ = documents_(make_update(record));
  if (spelling_counter_ && spelling_counter_->due()) hand_over_spelling();
}

ShardUpdate ShardBuilder::make_update(const Record& record) {
  ShardUpdate update;
  update.article = true;
  update.id = record.id;
  if (look_up_existing_) {
    update.hash = DocumentBuilder::content_hash(record);
    if (unchanged_in_snapshot(update.id, update.hash)) {
      update.unchanged = true;  // no analysis for an article indexed before
      return update;
    }
  }
  BuiltDocument built = builder_.build(record, spelling_counter_.get());
  update.doc = std::move(built.document);
  update.hash = std::move(built.hash);
  if (built.signature) {
    update.doc.add_value(schema::kCollapseSlot, clusters_.assign(*built.signature, record.id));
  }
  return update;
}

bool ShardBuilder::unchanged_in_snapshot(const std::string& id, const std::string& hash) {
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

void ShardBuilder::hand_over_spelling() {
  std::vector<SpellingWords> words = spelling_counter_->take(spelling_lists_);
  spelling_counter_ = std::make_unique<SpellingCounter>();
  spelling_(std::move(words));
}

}  // namespace fahras
