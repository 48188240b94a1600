// The analysis chain: normalize (ICU) → tokenize (Xapian) → stem. Index and
// query time use this one object, so a word is always analysed the same way.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <xapian.h>

#include "common/analysis/lexicon.h"
#include "common/analysis/normalizer.h"

namespace fahras {

class AnalysisChain {
 public:
  // Name and version of the rules; bump the version whenever a change to
  // normalization or stemming would give an existing database other terms.
  static constexpr const char* kName = "fahras-arabic";
  static constexpr int kVersion = 5;

  // The default dictionary, overridden by the FAHRAS_LEXICON environment variable.
  static std::string default_lexicon_path();

  // Loads the chain with the dictionary at `lexicon_path` and the names of
  // the gazetteer (gazetteer.h). Throws
  // std::runtime_error with a clear message if the dictionary cannot be read.
  static std::shared_ptr<const AnalysisChain> load(const std::string& lexicon_path);
  static std::shared_ptr<const AnalysisChain> load() { return load(default_lexicon_path()); }

  // Uses `lexicon` as it is (tests).
  explicit AnalysisChain(Lexicon lexicon);

  // See normalize() in normalizer.h.
  std::string normalize(std::string_view text, CaseMode mode = CaseMode::kFold) const {
    return fahras::normalize(text, mode);
  }

  // Sets `termgen` to turn normalized text into index terms as this chain
  // does: Xapian's word splitting, then this chain's stemmer on every word,
  // stems prefixed "Z" (no unstemmed terms). Indexing and --analyze use it.
  void configure(Xapian::TermGenerator& termgen) const;

  // A new stemmer for this chain. Stemmers cache; give each thread its own.
  Xapian::Stem stemmer() const;

  // Normalized, stemmed form of one word, as stored in the index (without
  // the "Z" prefix).
  std::string stem(std::string_view word) const;

  // Whether `stem` (as stem() gives it) is a name of the gazetteer: رياض,
  // the stem of بالرياض, is; رياضـ, the stem of الرياضيه, is not.
  bool is_name_stem(const std::string& stem) const;

  // Whether the lexicon knows the normalized `word`, whose stem is `stem`:
  // a word of the dictionary or a name, with its clitics and suffixes
  // (طهران, بالرياض, الرياضيه), as a typing mistake (طرهان, تركاي) is not.
  bool knows(const std::string& word, const std::string& stem) const;

  // The rules that decided the stem of the normalized Arabic `word`, in
  // words ("article, gazetteer name"); "" for other words.
  std::string stem_rule(const std::string& word) const;

  // Names the rules, the dictionary and the gazetteer, e.g. "fahras-arabic 5;
  // lexicon 170812 words, crc32 1a2b3c4d; gazetteer crc32 5e6f7a8b". Stored in every database; a
  // database built with another identity must be re-indexed.
  std::string identity() const;

 private:
  std::shared_ptr<const Lexicon> lexicon_;
};

}  // namespace fahras
