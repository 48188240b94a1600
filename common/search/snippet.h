// Snippets: a window of the original text around the matches, matches marked.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <xapian.h>

#include "common/search/result.h"

namespace fahras {

// What a word of the text must stem to, to be marked as a match: the stems
// (prefixes off) of a query's "Z" terms, title ones included; those of a
// phrase only where the whole phrase stands.
struct QueryTerms {
  std::unordered_set<std::string> words;          // matched wherever they stand
  std::vector<std::vector<std::string>> phrases;  // matched as a run of words
};

// The terms of `query` a snippet marks: words and phrases, not the words
// after NOT (or -word), nor filters.
QueryTerms query_terms(const Xapian::Query& query);

// The window of at most `max_words` words of `text` (original, as stored)
// holding the most words that match `terms`, those words marked. Words are
// stemmed by `stemmer`, the analysis chain's (AnalysisChain::stemmer(): only
// the words that may stem to a query stem are stemmed, see StemLetterFilter),
// which normalizes them first, so a match is found whatever its diacritics,
// tatweel, hamza seat or clitics.
std::vector<SnippetPart> make_snippet(std::string_view text, const QueryTerms& terms,
                                      Xapian::Stem& stemmer, size_t max_words = 40);

}  // namespace fahras
