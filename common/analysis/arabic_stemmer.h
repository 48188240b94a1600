// The stemming stage of the analysis chain, as a Xapian stemmer.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include <xapian.h>

#include "common/analysis/lexicon.h"

namespace fahras {

// Light stemming of one normalized Arabic word (letters U+0600..U+06FF only):
// conjunctions و/ف, prepositions ب/ك/ل and the article ال (with لل) come off the
// front, common suffixes off the back. A word the lexicon knows keeps its
// first letters (فلسطين, وزارة); an unknown word loses a clitic-like first
// letter only when five letters or more remain, so short names stay whole
// (فرنسا, بيروت) while لطاجيكستان and بطهران meet طاجيكستان and طهران.
std::string stem_arabic(const std::string& word, const Lexicon& lexicon);

// The chain's stemmer for Xapian: normalizes the word if needed (so it can be
// given original text, as snippets do), then stems Arabic words with
// stem_arabic and Latin words with Xapian's English stemmer. Keeps a cache of
// recent stems; use one instance per thread.
class ArabicStemmer : public Xapian::StemImplementation {
 public:
  explicit ArabicStemmer(std::shared_ptr<const Lexicon> lexicon);

  std::string operator()(const std::string& word) override;
  std::string get_description() const override { return "fahras-arabic"; }

 private:
  std::shared_ptr<const Lexicon> lexicon_;
  Xapian::Stem english_;
  std::unordered_map<std::string, std::string> cache_;
};

}  // namespace fahras
