#include "common/search/facets.h"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "common/date.h"
#include "common/schema.h"

namespace fahras {
namespace {

constexpr std::pair<const char*, Facet> kFacets[] = {
    {"source", Facet::kSource},
    {"category", Facet::kCategory},
    {"year", Facet::kYear},
    {"month", Facet::kMonth},
    {"day", Facet::kDay},
};

// The values `spy` saw with their counts, as given by the spy (by value).
std::vector<FacetValue> values_of(const Xapian::ValueCountMatchSpy& spy) {
  std::vector<FacetValue> values;
  for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
    values.push_back({*it, it.get_termfreq()});
  }
  return values;
}

// `values` summed by their first four characters (YYYYMM → YYYY).
std::vector<FacetValue> years_of(const std::vector<FacetValue>& months) {
  std::map<std::string, Xapian::doccount> years;
  for (const FacetValue& m : months) years[date::year_of(m.value)] += m.count;
  std::vector<FacetValue> values;
  for (const auto& [year, count] : years) values.push_back({year, count});
  return values;
}

void sort_by_count(std::vector<FacetValue>& values) {
  std::stable_sort(values.begin(), values.end(), [](const FacetValue& a, const FacetValue& b) {
    return a.count > b.count;  // the spy gives them by value already
  });
}

}  // namespace

Facet parse_facet(const std::string& name) {
  for (const auto& [known, facet] : kFacets) {
    if (name == known) return facet;
  }
  throw std::invalid_argument("unknown facet '" + name +
                              "': expected source, category, year, month or day");
}

const char* facet_name(Facet facet) {
  for (const auto& [name, known] : kFacets) {
    if (facet == known) return name;
  }
  return "?";
}

FacetCounter::FacetCounter(const std::vector<Facet>& facets) {
  for (Facet f : facets) {
    if (std::find(facets_.begin(), facets_.end(), f) == facets_.end()) facets_.push_back(f);
  }
  for (Facet f : facets_) {
    if (f == Facet::kSource) {
      source_ = std::make_unique<Xapian::ValueCountMatchSpy>(schema::kSourceSlot);
    } else if (f == Facet::kCategory) {
      category_ = std::make_unique<Xapian::ValueCountMatchSpy>(schema::kCategorySlot);
    } else if (f == Facet::kDay) {
      day_ = std::make_unique<Xapian::ValueCountMatchSpy>(schema::kDateSlot);
    } else if (!month_) {
      month_ = std::make_unique<Xapian::ValueCountMatchSpy>(schema::kMonthSlot);
    }
  }
}

void FacetCounter::attach(Xapian::Enquire& enquire) {
  for (auto* spy : {source_.get(), category_.get(), month_.get(), day_.get()}) {
    if (spy) enquire.add_matchspy(spy);
  }
}

std::vector<FacetCounts> FacetCounter::counts() const {
  std::vector<FacetCounts> all;
  for (Facet f : facets_) {
    FacetCounts counts;
    counts.name = facet_name(f);
    switch (f) {
      case Facet::kSource:
        counts.values = values_of(*source_);
        sort_by_count(counts.values);
        break;
      case Facet::kCategory:
        counts.values = values_of(*category_);
        sort_by_count(counts.values);
        break;
      case Facet::kYear:
        counts.values = years_of(values_of(*month_));
        std::reverse(counts.values.begin(), counts.values.end());
        break;
      case Facet::kMonth:
        counts.values = values_of(*month_);
        std::reverse(counts.values.begin(), counts.values.end());
        break;
      case Facet::kDay:
        counts.values = values_of(*day_);
        std::reverse(counts.values.begin(), counts.values.end());
        break;
    }
    all.push_back(std::move(counts));
  }
  return all;
}

}  // namespace fahras
