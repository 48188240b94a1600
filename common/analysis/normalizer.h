// Text normalization for Arabic search, the first stage of the analysis chain.
#pragma once

#include <string>
#include <string_view>

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
//  - Arabic-Indic and Persian digits → 0-9;
//  - control characters other than tab and newline, and typographic single
//    quotes (’ ‘), → space;
//  - letters lowercased when `mode` is kFold.
// Invalid UTF-8 becomes U+FFFD. Normalizing twice gives the same text.
std::string normalize(std::string_view text, CaseMode mode = CaseMode::kFold);

// True if `word` is known to be unchanged by normalize(word): ASCII lowercase
// letters, digits and the basic Arabic letters. A fast test for the stemmer;
// false only means "not known".
bool is_normalized(std::string_view word);

}  // namespace fahras
