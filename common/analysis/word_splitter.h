// The split stage of the analyzer (analyzer.h): the words of normalized text
// by the rules of Xapian 1.4's TermGenerator, which made every index so far.
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace fahras {

// A word as a byte range [begin, end) of the text it was found in.
struct WordSpan {
  size_t begin = 0;
  size_t end = 0;
};

// One word: its bytes in the text split, and the word as the index holds it.
struct SplitWord {
  WordSpan span;
  // The text of `span`, or the word TermGenerator makes of it when that
  // differs (lowercase of a letter normalization kept, an acronym's dots out).
  std::string_view word;
};

// The words of `text` (normalized, or any UTF-8), in order, as
// Xapian::TermGenerator::index_text splits them (without CJK n-grams):
//  - a word is a run of Xapian's word characters (letters, marks, digits,
//    connector punctuation), lowercased;
//  - ' and & (and U+00B7, U+05F4, U+2027; U+2019 and U+201B as ') join the
//    letters around them (at&t, don't); , . ; and a few others join digits
//    (1.5, 2,500); zero-width characters inside a word are dropped;
//  - up to three + or # end a word (c++, c#) unless a word character follows;
//  - capital letters with dots (U.S.A.) make one word of the letters ("usa").
// Appends the words to `words`; a word unlike its text is kept in `store`.
void split_index_words(std::string_view text, std::vector<SplitWord>& words,
                       std::deque<std::string>& store);

// Words longer than this (in bytes) TermGenerator leaves out, giving them no
// position.
constexpr size_t kMaxIndexedWordBytes = 64;

}  // namespace fahras
