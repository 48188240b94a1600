// Facet counts: how the whole match set of a query splits by source, category,
// year or month, counted with Xapian's built-in ValueCountMatchSpy (so they
// are counted on remote shards too: xapian-tcpsrv knows only built-in spies).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <xapian.h>

#include "common/search/result.h"

namespace fahras {

enum class Facet { kSource, kCategory, kYear, kMonth, kDay };

// Parses "source", "category", "year", "month" or "day"; throws std::invalid_argument
// naming the accepted values otherwise.
Facet parse_facet(const std::string& name);

// "source", "category", "year", "month" or "day".
const char* facet_name(Facet facet);

// Counts the facets asked for over every document a match looks at. Attach it
// to an Enquire, run get_mset with check_at_least at least the database's
// document count (every match is then looked at and the counts are exact),
// then read counts(). Must outlive the get_mset call.
class FacetCounter {
 public:
  // `facets` in the order counts() gives them; repeats are counted once.
  explicit FacetCounter(const std::vector<Facet>& facets);

  void attach(Xapian::Enquire& enquire);

  // Per facet asked for: source and category values by count, most first
  // (equal counts by value); years, months (YYYYMM) and days (YYYYMMDD) by
  // value, newest first.
  // Documents without the value are not counted.
  std::vector<FacetCounts> counts() const;

 private:
  std::vector<Facet> facets_;
  std::unique_ptr<Xapian::ValueCountMatchSpy> source_, category_, month_, day_;
};

}  // namespace fahras
