// The gazetteer: names of Arabic news (countries, cities, regions, people,
// organisations, clubs) shipped as data in common/analysis/gazetteer.txt and
// compiled into the library. The stemmer keeps these names apart from the
// common words they resemble (see arabic_stemmer.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/analysis/lexicon.h"

namespace fahras {

// One name of the gazetteer: its spellings as written in the file.
struct GazetteerEntry {
  std::string section;                 // the section's kind, e.g. "countries"
  std::vector<std::string> spellings;  // one word or several each
};

// The text of the shipped gazetteer.txt.
std::string_view gazetteer_text();

// The entries of a gazetteer text (the format is described at the top of
// gazetteer.txt). Throws std::runtime_error "gazetteer:LINE: what is wrong" on
// a name before any section, a section without its source, or an empty
// spelling.
std::vector<GazetteerEntry> parse_gazetteer(std::string_view text);

// Adds the names of `entries` to `lexicon`, normalized: each one-word
// spelling as a name (without its article, marked as taking it, when it is
// written with ال), and the first word of each spelling of several words as
// the head of a name. The one place the chain reads the gazetteer.
void add_gazetteer_names(const std::vector<GazetteerEntry>& entries, Lexicon& lexicon);

}  // namespace fahras
