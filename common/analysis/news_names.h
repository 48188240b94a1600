// Proper names frequent in Arabic news that Debian's Arabic word list lacks.
#pragma once

#include "common/analysis/lexicon.h"

namespace fahras {

// Adds the names, normalized and without the article, to `lexicon`, so the
// stemmer keeps them whole: a leading ب/ك/ل/و/ف stays (بوتين, لافروف, داعش)
// and a name-final ان/ين/ي is not taken for a suffix (طالبان, ماكرون, كيري).
void add_news_names(Lexicon& lexicon);

}  // namespace fahras
