// Text normalization for Arabic search, the first stage of the analysis chain.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fahras {

enum class CaseMode {
  kFold,  // lowercase every letter (index text, terms)
  kKeep,  // keep case, for query strings whose operators (AND, OR, NOT) are uppercase
};

// Returns `text` (UTF-8) normalized for matching:
//  - NFKC (Arabic presentation forms and lam-alef ligatures become letters);
//  - removed: harakat, tanween, shadda, sukun, superscript alef, Quranic marks,
//    tatweel, zero-width and bidi control characters, soft hyphens;
//  - أ إ آ ٱ → ا, ى → ي, ة → ه, Persian ی ک → ي ك;
//  - Arabic-Indic and Persian digits → 0-9, the Arabic decimal and thousands
//    separators ٫ ٬ → . , (so that ٣٫٥ is one word, as 3.5 is);
//  - a zero-width non-joiner after an Arabic letter and before the article
//    ال → space (نصف‌النهار is two words); any other one removed (see
//    zwnj_separates in normalizer.cc);
//  - control characters other than tab and newline, and typographic single
//    quotes (’ ‘), → space;
//  - letters lowercased when `mode` is kFold.
// Invalid UTF-8 becomes U+FFFD. Normalizing twice gives the same text.
std::string normalize(std::string_view text, CaseMode mode = CaseMode::kFold);

// Normalized text with the way back to the original: the original is cut in
// pieces (a character with the combining marks and invisible characters
// after it), each normalized on its own, which gives normalize()'s text.
struct MappedText {
  // One piece: its first byte in the original and in `text`. A last entry
  // holds both sizes; a piece that normalization removes has no bytes in `text`.
  struct Piece {
    uint32_t original = 0;
    uint32_t normalized = 0;
  };
  std::string text;           // normalize(original)
  std::vector<Piece> pieces;  // in order, both offsets increasing

  // The original byte range [begin, end) of normalized bytes [begin, end):
  // from the piece holding `begin` to the end of the piece holding `end - 1`
  // and the removed pieces right after it (a word's trailing harakat).
  std::pair<size_t, size_t> original_span(size_t begin, size_t end) const;
};

// normalize(text) with the original offsets of its pieces: the normalize
// stage of the analyzer (analyzer.h), whose tokens point into the original.
MappedText normalize_mapped(std::string_view text, CaseMode mode = CaseMode::kFold);

// True if `word` is known to be unchanged by normalize(word): ASCII lowercase
// letters, digits and the basic Arabic letters. A fast test for the stemmer;
// false only means "not known".
bool is_normalized(std::string_view word);

}  // namespace fahras
