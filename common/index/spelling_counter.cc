#include "common/index/spelling_counter.h"

#include "common/index/layout.h"
#include "common/schema.h"

namespace fahras {
namespace {

constexpr size_t kMinLetters = 3;
// Longer words are no likely typing mistakes of a searcher, and Xapian's
// spelling keys must stay short.
constexpr size_t kMaxWordBytes = 64;

// Whether `word` is worth suggesting: enough letters and no digit.
bool is_target(std::string_view word) {
  if (word.size() > kMaxWordBytes) return false;
  size_t letters = 0;
  for (char c : word) {
    if (c >= '0' && c <= '9') return false;
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++letters;
  }
  return letters >= kMinLetters;
}

}  // namespace

void SpellingCounter::add_text(std::string_view normalized) {
  TokenizeOptions options;
  options.normalized_input = true;
  add_tokens(normalized, tokenize(normalized, options));
}

void SpellingCounter::add_tokens(std::string_view normalized, const TokenStream& tokens) {
  counted_bytes_ += normalized.size();
  for (const Token& t : tokens) add_word(t.normalized);
}

void SpellingCounter::add_word(std::string_view word) {
  if (!is_target(word)) return;
  key_.assign(word);
  auto it = counts_.find(key_);
  if (it != counts_.end()) {
    ++it->second;
  } else {
    counts_.emplace(key_, 1);
  }
}

void add_spellings(Xapian::WritableDatabase& db, const SpellingWords& words) {
  for (const auto& [word, count] : words) db.add_spelling(word, count);
}

Xapian::termcount spelling_frequency(const Xapian::Database& db, const std::string& word) {
  Xapian::TermIterator it = db.spellings_begin();
  it.skip_to(word);
  return it != db.spellings_end() && *it == word ? it.get_termfreq() : 0;
}

std::vector<SpellingWords> SpellingCounter::take(unsigned shards, Xapian::termcount min_count) {
  std::vector<SpellingWords> taken(shards);
  for (auto it = counts_.begin(); it != counts_.end();) {
    if (it->second >= min_count) {
      auto node = counts_.extract(it++);
      taken[shard_of(node.key(), shards)].emplace_back(std::move(node.key()), node.mapped());
    } else {
      ++it;
    }
  }
  if (counts_.size() > kMaxPending) counts_.clear();
  counted_bytes_ = 0;
  return taken;
}

}  // namespace fahras
