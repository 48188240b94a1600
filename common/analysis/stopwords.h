// Arabic function words and question words: dropped from free-text queries
// (never from phrases, never at index time), where they only add noise.
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

namespace fahras {

// A stopper holding the list, in normalized form (as the query reaches the
// query parser). The caller owns the result.
Xapian::Stopper* make_arabic_stopper();

// The words of that list, normalized.
std::vector<std::string> arabic_stopwords();

}  // namespace fahras
