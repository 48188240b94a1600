// The proclitics of normalized Arabic words, in one table: what may come
// before a word, at most one conjunction (و ف), then at most one preposition
// (ب ك ل), then perhaps the article (ال; ل + ال is written لل). The stemmer
// (arabic_stemmer.cc) reads every row; the spelling suggester
// (common/search/spelling.cc) takes off the rows marked `spelling`, the
// commonest, as it always has: taking off the others too would change its
// suggestions.
#pragma once

#include <cstddef>
#include <string_view>

namespace fahras {

struct Proclitic {
  std::string_view text;  // normalized
  bool conjunction;       // begins with a conjunction, و or ف
  bool preposition;       // holds a preposition, ب ك or ل
  bool article;           // ends with the article (لل included)
  bool spelling;          // taken off by the spelling suggester too
};

// Every proclitic sequence, longest first (of one length, no two can begin
// the same word, so the order among them does not matter).
// clang-format off
inline constexpr Proclitic kProclitics[] = {
    // text   conjunction preposition article spelling
    {"وبال",  true,  true,  true,  true},
    {"وكال",  true,  true,  true,  false},
    {"فبال",  true,  true,  true,  false},
    {"فكال",  true,  true,  true,  false},
    {"ولل",   true,  true,  true,  true},
    {"فلل",   true,  true,  true,  false},
    {"وال",   true,  false, true,  true},
    {"فال",   true,  false, true,  true},
    {"بال",   false, true,  true,  true},
    {"كال",   false, true,  true,  true},
    {"لل",    false, true,  true,  true},
    {"ال",    false, false, true,  true},
    {"وب",    true,  true,  false, false},
    {"وك",    true,  true,  false, false},
    {"ول",    true,  true,  false, false},
    {"فب",    true,  true,  false, false},
    {"فك",    true,  true,  false, false},
    {"فل",    true,  true,  false, false},
    {"و",     true,  false, false, true},
    {"ف",     true,  false, false, true},
    {"ب",     false, true,  false, true},
    {"ك",     false, true,  false, true},
    {"ل",     false, true,  false, true},
};
// clang-format on

// Whether the row is one letter: a conjunction or a preposition alone.
constexpr bool is_single_letter(const Proclitic& p) {
  return !p.article && p.conjunction != p.preposition;
}

}  // namespace fahras
