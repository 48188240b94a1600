// Snippets: a window of the original text around the matches, matches marked.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <xapian.h>

#include "common/search/result.h"

namespace fahras {

// The stems a query searches for (its "Z" terms, title ones included),
// without prefixes: what a word of the text must stem to, to be a match.
std::unordered_set<std::string> query_stems(const Xapian::Query& query);

// The window of at most `max_words` words of `text` (original, as stored)
// holding the most words whose stem is in `stems`, those words marked. Words
// are stemmed by `stemmer`, which normalizes them first, so a match is found
// whatever its diacritics, tatweel, hamza seat or clitics.
std::vector<SnippetPart> make_snippet(std::string_view text,
                                      const std::unordered_set<std::string>& stems,
                                      Xapian::Stem& stemmer, size_t max_words = 40);

}  // namespace fahras
