#include "common/index/deletion.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "common/index/layout.h"
#include "common/index/spelling_counter.h"
#include "common/schema.h"
#include "common/stored_text.h"

namespace fahras {
namespace {

// Takes `count` of `word` off the spelling tables of `shards`: first off the
// shard that keeps the word (spelling_counter.h), then off any other that
// holds it.
void remove_spelling(const WritableShards& shards, const std::string& word,
                     Xapian::termcount count) {
  const unsigned keeper = shard_of(word, static_cast<unsigned>(shards.size()));
  std::vector<unsigned> order = {keeper};
  for (unsigned i = 0; i < shards.size(); ++i) {
    if (i != keeper) order.push_back(i);
  }
  for (unsigned i : order) {
    if (count == 0) return;
    const Xapian::termcount held = spelling_frequency(*shards[i], word);
    const Xapian::termcount taken = std::min(held, count);
    if (taken == 0) continue;
    shards[i]->remove_spelling(word, taken);
    count -= taken;
  }
}

// Counts the did-you-mean words of the article stored as `doc` in `counter`,
// as DocumentBuilder::build() counted them.
void count_spelling_words(const Xapian::Document& doc, const TextDecoder& decoder,
                          const AnalysisChain& chain, SpellingCounter& counter) {
  const nlohmann::json data = nlohmann::json::parse(decoder.decode(doc.get_data()));
  for (const char* field : {schema::stored::kTitle, schema::stored::kBody}) {
    const auto it = data.find(field);
    if (it != data.end() && it->is_string()) {
      counter.add_text(chain.normalize(it->get<std::string>()));
    }
  }
}

}  // namespace

DeletionResult delete_articles(const WritableShards& shards, Xapian::WritableDatabase* tables,
                               const std::vector<std::string>& ids, const AnalysisChain& chain) {
  DeletionResult result;
  std::vector<TextDecoder> decoders(shards.size());
  for (size_t i = 0; i < shards.size(); ++i) {
    decoders[i].add_dictionary(shards[i]->get_metadata(schema::kTextDictionaryKey));
  }
  SpellingCounter words;
  std::set<std::string> done;
  for (const std::string& id : ids) {
    if (!done.insert(id).second) continue;
    const unsigned i = shard_of(id, static_cast<unsigned>(shards.size()));
    Xapian::WritableDatabase& db = *shards[i];
    const std::string id_term = schema::id_term(id);
    Xapian::PostingIterator it = db.postlist_begin(id_term);
    if (it == db.postlist_end(id_term)) {
      result.missing.push_back(id);
      continue;
    }
    count_spelling_words(db.get_document(*it), decoders[i], chain, words);
    db.delete_document(id_term);
    ++result.deleted;
  }
  const std::vector<SpellingWords> taken = words.take(1, 1);
  const WritableShards holders = tables ? WritableShards{tables} : shards;
  for (const auto& [word, count] : taken.front()) remove_spelling(holders, word, count);
  return result;
}

size_t repoint_orphan_clusters(const WritableShards& shards) {
  const auto shard_count = static_cast<unsigned>(shards.size());
  std::unordered_map<std::string, bool> key_is_article;
  // Orphan key → its members: (shard, document, article id).
  struct Member {
    size_t shard;
    Xapian::docid docid;
    std::string id;
  };
  std::map<std::string, std::vector<Member>> orphans;
  for (size_t i = 0; i < shards.size(); ++i) {
    Xapian::WritableDatabase& db = *shards[i];
    for (auto it = db.valuestream_begin(schema::kCollapseSlot);
         it != db.valuestream_end(schema::kCollapseSlot); ++it) {
      const std::string key = *it;
      auto known = key_is_article.find(key);
      if (known == key_is_article.end()) {
        const bool exists = shards[shard_of(key, shard_count)]->term_exists(schema::id_term(key));
        known = key_is_article.emplace(key, exists).first;
      }
      if (known->second) continue;
      orphans[key].push_back(
          {i, it.get_docid(), db.get_document(it.get_docid()).get_value(schema::kIdSlot)});
    }
  }
  for (const auto& [key, members] : orphans) {
    const std::string new_key =
        std::min_element(members.begin(), members.end(), [](const Member& a, const Member& b) {
          return a.id < b.id;
        })->id;
    for (const Member& m : members) {
      Xapian::Document doc = shards[m.shard]->get_document(m.docid);
      doc.add_value(schema::kCollapseSlot, new_key);
      shards[m.shard]->replace_document(m.docid, doc);
    }
  }
  return orphans.size();
}

}  // namespace fahras
