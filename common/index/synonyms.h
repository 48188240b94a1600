// Variant spellings and synonyms: read from a file, written to Xapian's
// synonym table, keyed by the analysis chain's terms.
//
// File format (UTF-8): one group of equivalent spellings per line, separated by
// commas (',' or the Arabic '،'); a spelling is one word or several; blank lines
// and lines starting with '#' are skipped. Example:
//   طاجيكستان, طاجكستان, تاجيكستان
//   فيسبوك, فيس بوك
#pragma once

#include <istream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <xapian.h>

#include "common/analysis/chain.h"

namespace fahras {

// One line of a synonyms file: its spellings, normalized.
struct SynonymGroup {
  std::vector<std::string> spellings;
};

// Reads the groups of `in`, named `name` in messages. Throws
// std::runtime_error "NAME:LINE: what is wrong" at the first bad line: a line
// with fewer than two spellings, an empty spelling, a spelling that is not
// words, or spellings that are one and the same once normalized and stemmed.
std::vector<SynonymGroup> parse_synonyms(std::istream& in, const std::string& name,
                                         const AnalysisChain& chain);

// The groups of the file at `path` (see parse_synonyms); also throws
// std::runtime_error if it cannot be read.
std::vector<SynonymGroup> read_synonyms_file(const std::string& path, const AnalysisChain& chain);

// The shipped list of variant_names.h, parsed.
std::vector<SynonymGroup> shipped_synonyms(const AnalysisChain& chain);

// The synonym table entries of `groups`, key → synonyms. One-word spellings
// are keyed by their stem terms, as the query parser looks them up:
// Z<stem> → the other spellings' Z<stem>, and ZS<stem> → ZS<stem> for
// title: searches; so a word with a clitic reaches the group through its stem.
// A spelling of several words is keyed by its normalized words joined by one
// space (the query parser's multi-word key) → the Z<stem> of the group's
// one-word spellings.
std::map<std::string, std::set<std::string>> synonym_entries(
    const std::vector<SynonymGroup>& groups, const AnalysisChain& chain);

// Adds `entries` to the synonym table of `db` (not committed).
void add_synonyms(Xapian::WritableDatabase& db,
                  const std::map<std::string, std::set<std::string>>& entries);

}  // namespace fahras
