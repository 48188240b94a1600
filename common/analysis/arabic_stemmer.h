// The stemming stage of the analysis chain, as a Xapian stemmer.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "common/analysis/lexicon.h"

namespace fahras {

// Light stemming of one normalized Arabic word (letters U+0600..U+06FF only):
// conjunctions و/ف, prepositions ب/ك/ل and the article ال (with لل) come off the
// front, common suffixes off the back. A word the lexicon knows keeps its
// first letters (فلسطين, وزارة); an unknown word loses a clitic-like first
// letter only when five letters or more remain, so short names stay whole
// (فرنسا, بيروت) while لطاجيكستان and بطهران meet طاجيكستان and طهران; but a
// name is never reached through letters that Arabic grammar does not read as
// proclitics (at most one conjunction, then at most one preposition, then the
// article: بوروسيا is not ب + و + روسيا).
// Names of the gazetteer (lexicon.is_name) are kept apart from common words:
// a word that reaches a name only by losing a suffix (الرياضيه, قطرات), or,
// for a name that is also a word of the dictionary, that writes it with the
// article when the name takes none (الحماس, القطر) or without it when the
// name takes it (رياض), stems to the name followed by
// a tatweel (رياضـ), a stem no written word has, so such words still meet
// each other but never the name. A proclitic before a word that begins with
// و and is a name or a name's first word comes off even when the whole is a
// word (بولي العهد, وولي). When `rule` is given, it is set to the rules that
// decided, in words (for fahras-query --analyze).
std::string stem_arabic(const std::string& word, const Lexicon& lexicon,
                        std::string* rule = nullptr);

// `stem` without the tatweel that ends a stem spelling a name the word is
// not (رياضـ → رياض); other stems unchanged.
std::string_view without_not_name_mark(std::string_view stem);

// Whether `w` is made of Arabic letters alone (U+0600..U+06FF, two bytes
// each), as stem_arabic requires.
bool is_arabic_letters(std::string_view w);

// Whether `lexicon` knows the normalized Arabic `word`: read as stem_arabic
// reads it, the clitics it takes off are in grammatical order and what
// remains is a word of the dictionary or a name, whole or with a suffix of
// the list (بالرياض, الرياضيه, وزاراتها). A typing mistake is not known
// (طرهان, فلوسطين).
bool knows_arabic(const std::string& word, const Lexicon& lexicon);

// A coarser stem of a light stem (as stem_arabic returns), joining the
// derivations of a word that light stemming keeps apart: the hamza seats
// normalization keeps (ء ؤ ئ) become alef, pronoun, plural and feminine
// suffixes come off twice (مدرسه → مدرس, غربا → غرب), then one verb
// or participle prefix (يحد and تحد → حد, مؤلف → الف), then the long vowels
// inside the word while more than three letters remain (كاتب → كتب, جمهوري →
// جمهر). At least two letters are kept. Too coarse to match on (it joins
// unrelated words), it only re-weighs matches: see kBroadWeight in ranking.h.
// Words of fewer than three letters and words that are not Arabic letters
// come back unchanged; the tatweel that ends a stem that is not a name is
// dropped (broad stems may join a name and its look-alikes: they only weigh).
std::string broad_stem(const std::string& light_stem);

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

// A quick test of whether ArabicStemmer can stem a word to one of a few
// stems (a snippet's query stems), which spares stemming the many words of a
// text that cannot. It rests on what the stemmer does with a word of the
// basic Arabic letters alone, as is_normalized accepts them: stem_arabic
// takes letters off its ends, may then end what remains with ه (ة restored,
// in place of a closing ت or after it) and end the stem with a tatweel (a
// name the word is not). So the stem, without that tatweel and a closing ه,
// is letters of the word in a row.
class StemLetterFilter {
 public:
  explicit StemLetterFilter(const std::vector<std::string_view>& stems);

  // False only if ArabicStemmer cannot stem `word` to any of the stems: a
  // word of basic Arabic letters that holds no stem's letters (but a closing
  // tatweel and ه) in a row. True for every other word.
  bool may_stem_to_one(std::string_view word) const;

 private:
  struct Stem {
    // The letters a word must hold, one bit each (kUnreachable for a stem
    // that no word of basic letters reaches): a first quick test.
    uint64_t needed_letters = 0;
    std::string core;  // the letters the word must hold in a row
  };
  std::vector<Stem> stems_;
};

}  // namespace fahras
