#include "common/search/ranking.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "common/analysis/arabic_stemmer.h"
#include "common/date.h"
#include "common/schema.h"

namespace fahras {

SortOrder parse_sort(const std::string& name) {
  if (name == "relevance") return SortOrder::kRelevance;
  if (name == "date") return SortOrder::kDate;
  if (name == "recency") return SortOrder::kRecency;
  throw std::invalid_argument("unknown sort order '" + name +
                              "': expected relevance, date or recency");
}

namespace {

// Whether `term` is a text term (Z, not ZS).
bool is_text_term(const std::string& term) {
  const auto parsed = schema::parse_term(term);
  return parsed && parsed->kind == schema::TermKind::kStem;
}

// The stem of the text term `text_term`.
std::string stem_of(const std::string& text_term) {
  return std::string(schema::parse_term(text_term)->value);
}

// A text term's counterpart in an added field.
std::string title_of(const std::string& text_term) {
  return schema::term(schema::TermKind::kTitleStem, stem_of(text_term));
}
std::string broad_of(const std::string& text_term) {
  return schema::term(schema::TermKind::kBroad, broad_stem(stem_of(text_term)));
}

// How a field's units are found: each text term's counterpart, and whether
// the words of phrases have one.
struct Counterpart {
  std::string (*of)(const std::string& text_term);
  bool in_phrases;
};

// Adds to `units` the counterpart of each unit of weight of `query`: a text
// term, or a group of variant spellings (one OP_SYNONYM: weighed as one term,
// whichever spelling an article has). Terms that add no weight (right of an
// AND_NOT or FILTER, under a SCALE_WEIGHT) have none.
void add_units(const Xapian::Query& query, const Counterpart& counterpart,
               std::vector<Xapian::Query>& units) {
  const auto op = query.get_type();
  if (op == Xapian::Query::LEAF_TERM) {
    const std::string term = *query.get_unique_terms_begin();
    if (is_text_term(term)) units.emplace_back(counterpart.of(term));
    return;
  }
  if (op == Xapian::Query::OP_SYNONYM) {
    // Of one word (a name of several has no unit), the word's own first.
    std::vector<std::string> spellings;
    for (size_t i = 0; i < query.get_num_subqueries(); ++i) {
      const Xapian::Query spelling = query.get_subquery(i);
      if (spelling.get_type() != Xapian::Query::LEAF_TERM) continue;
      const std::string term = *spelling.get_unique_terms_begin();
      if (!is_text_term(term)) continue;
      const std::string unit = counterpart.of(term);
      if (std::find(spellings.begin(), spellings.end(), unit) == spellings.end()) {
        spellings.push_back(unit);
      }
    }
    if (!spellings.empty()) {
      units.emplace_back(Xapian::Query::OP_SYNONYM, spellings.begin(), spellings.end());
    }
    return;
  }
  if (op == Xapian::Query::OP_SCALE_WEIGHT) return;
  const bool phrase = op == Xapian::Query::OP_PHRASE || op == Xapian::Query::OP_NEAR;
  if (phrase && !counterpart.in_phrases) return;
  for (size_t i = 0; i < query.get_num_subqueries(); ++i) {
    if (i > 0 && (op == Xapian::Query::OP_AND_NOT || op == Xapian::Query::OP_FILTER)) break;
    add_units(query.get_subquery(i), counterpart, units);
  }
}

Xapian::Query units_of(const Xapian::Query& query, const Counterpart& counterpart) {
  std::vector<Xapian::Query> units;
  add_units(query, counterpart, units);
  return Xapian::Query(Xapian::Query::OP_OR, units.begin(), units.end());
}

// Whether `query` is words alone (stem terms and groups of variant
// spellings, or-ed): then every document holding one of their title terms
// holds the word in its text terms too.
bool is_or_of_words(const Xapian::Query& query) {
  switch (query.get_type()) {
    case Xapian::Query::LEAF_TERM: {
      const auto t = query.get_unique_terms_begin();
      if (t == query.get_unique_terms_end()) return false;
      const auto parsed = schema::parse_term(*t);
      return parsed && schema::is_stem(parsed->kind);
    }
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_SYNONYM:
      for (size_t i = 0; i < query.get_num_subqueries(); ++i) {
        if (!is_or_of_words(query.get_subquery(i))) return false;
      }
      return true;
    default:
      return false;
  }
}

}  // namespace

std::vector<AddedField> added_fields(const Xapian::Query& query) {
  // A phrase's words weigh in titles as the words do; a broad stem, which
  // other derivations share, would weigh articles that lack the phrase.
  std::vector<AddedField> fields = {
      {"title", units_of(query, {title_of, true}), kTitleWeight, true},
      {"broad", units_of(query, {broad_of, false}), kBroadWeight, false}};
  fields.erase(std::remove_if(fields.begin(), fields.end(),
                              [](const AddedField& f) { return f.units.empty(); }),
               fields.end());
  return fields;
}

Xapian::Query weighed_units(const AddedField& field) {
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, field.units, field.weight);
}

Xapian::Query with_field_weights(const Xapian::Query& query,
                                 const std::vector<AddedField>& fields) {
  Xapian::Query weighed = query;
  for (const AddedField& field : fields) {
    const Xapian::Query units = weighed_units(field);
    // AND_MAYBE keeps the matches of any query; so does OR for words alone
    // when their units' articles hold the words, and Xapian runs it faster.
    const bool same_matches = field.held_by_matches && is_or_of_words(query);
    weighed = Xapian::Query(same_matches ? Xapian::Query::OP_OR : Xapian::Query::OP_AND_MAYBE,
                            weighed, units);
  }
  return weighed;
}

namespace {

// The sum of the document frequencies of `terms` in `db`, asked of every
// shard at once (a match of no hits gathers them) rather than term by term: a
// remote shard answers each get_termfreq() in a round trip of its own, one
// after the other.
Xapian::doccount total_termfreq(const Xapian::Database& db, const std::vector<std::string>& terms) {
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
  const Xapian::MSet stats = enquire.get_mset(0, 0);
  Xapian::doccount total = 0;
  for (const std::string& term : terms) total += stats.get_termfreq(term);
  return total;
}

}  // namespace

Ranking plan_ranking(const Xapian::Query& query, SortOrder order, const Xapian::Database& db) {
  Ranking ranking;
  ranking.fields = added_fields(query);
  const AddedField* broad = nullptr;
  for (const AddedField& field : ranking.fields) {
    if (field.name == "broad") {
      broad = &field;
    } else {
      ranking.first_fields.push_back(field);
    }
  }
  if (broad && order != SortOrder::kDate) {
    // Each term holds every article at most: a small database needs no look-up.
    std::vector<std::string> terms(broad->units.get_unique_terms_begin(),
                                   broad->units.get_unique_terms_end());
    Xapian::doccount postings = static_cast<Xapian::doccount>(terms.size()) * db.get_doccount();
    if (postings > kBroadOnePassPostings) postings = total_termfreq(db, terms);
    if (postings <= kBroadOnePassPostings) {
      ranking.first_fields = ranking.fields;
    } else {
      ranking.broad = weighed_units(*broad);
    }
  }
  ranking.first = with_field_weights(query, ranking.first_fields);
  return ranking;
}

double recency_boost(const std::string& day, const std::string& newest, double top) {
  try {
    const long age = date::days_since_epoch(newest) - date::days_since_epoch(day);
    return top * std::pow(0.5, static_cast<double>(age) / kRecencyHalfLifeDays);
  } catch (const std::invalid_argument&) {
    return 0;
  }
}

Xapian::Query recency_query(const Xapian::Database& db, double top, std::string& newest) {
  const std::string prefix(schema::term_prefix(schema::TermKind::kDay));
  std::vector<std::string> days;
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
    const std::string day = (*t).substr(prefix.size());
    if (day.size() == 8 && day.find_first_not_of("0123456789") == std::string::npos) {
      days.push_back(day);
    }
  }
  newest = days.empty() ? std::string() : days.back();  // terms come sorted
  if (days.empty() || top <= 0) return Xapian::Query();
  auto* source = new Xapian::ValueMapPostingSource(schema::kDateSlot);
  for (const std::string& day : days) source->add_mapping(day, recency_boost(day, newest, top));
  source->set_default_weight(0);
  return Xapian::Query(source->release());
}

std::vector<Xapian::MSetIterator> date_page(const Xapian::Enquire& enquire,
                                            Xapian::doccount offset, Xapian::doccount limit,
                                            Xapian::MSet& window) {
  auto day = [](const Xapian::MSetIterator& it) {
    return it.get_document().get_value(schema::kDateSlot);
  };
  auto tied = [&](const Xapian::MSetIterator& a, const Xapian::MSetIterator& b) {
    return a.get_weight() == b.get_weight() && day(a) == day(b);
  };
  std::vector<Xapian::MSetIterator> page;
  if (limit == 0) return page;
  for (Xapian::doccount margin = 8;; margin *= 4) {
    const Xapian::doccount first = offset > margin ? offset - margin : 0;
    const Xapian::doccount wanted = (offset - first) + limit + margin;
    window = enquire.get_mset(first, wanted);
    window.fetch(window.begin(), window.end());  // (see Searcher::search_once)
    const Xapian::doccount size = window.size(), begin = offset - first;
    if (begin >= size) return page;
    const Xapian::doccount end = std::min(size, begin + limit);
    // The tie groups of the page's first and last hits must start and end
    // inside the window (or at the ends of the results).
    const bool start_whole = first == 0 || !tied(window[0], window[begin]);
    const bool end_whole = size < wanted || !tied(window[size - 1], window[end - 1]);
    if (!start_whole || !end_whole) continue;
    std::vector<Xapian::MSetIterator> all;
    for (auto it = window.begin(); it != window.end(); ++it) all.push_back(it);
    // Already in date and score order: each run of ties is sorted by id.
    auto id = [](const Xapian::MSetIterator& it) {
      return it.get_document().get_value(schema::kIdSlot);
    };
    for (size_t run = 0; run < all.size();) {
      size_t run_end = run + 1;
      while (run_end < all.size() && tied(all[run], all[run_end])) ++run_end;
      std::sort(all.begin() + run, all.begin() + run_end,
                [&](const auto& a, const auto& b) { return id(a) < id(b); });
      run = run_end;
    }
    page.assign(all.begin() + begin, all.begin() + end);
    return page;
  }
}

}  // namespace fahras
