// Names that Arabic news spells in more than one way, even after the
// normalizer has folded hamza, alef maqsura and teh marbuta: transliterations
// (طاجيكستان, طاجكستان, تاجيكستان), g written غ, ج or ق (غوغل, جوجل, قوقل), long
// vowels written or left out (بوتين, بوتن), names written in one word or two
// (فيسبوك, فيس بوك).
#pragma once

#include <string_view>

namespace fahras {

// The shipped list, in the format of a synonyms file (see synonyms.h in
// common/index/): one group of equivalent spellings per line, separated by
// commas. Written to every database the indexer opens.
std::string_view variant_names();

}  // namespace fahras
