#include "common/search/explain.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "common/schema.h"

namespace fahras {
namespace {

// A unit of weight in the query: a stem term, or a word with its variant
// spellings (OP_SYNONYM: Xapian weighs the group as one term), with the
// subqueries it sits in (from below the whole query down to the unit itself).
struct Leaf {
  std::string term;      // the stem term, or the synonym group's first term
  Xapian::Query weighed;  // what is run alone to find its weight
  std::vector<Xapian::Query> path;
};

// The first term of `query`, its first subquery's first term: for a word and
// its variant spellings (OP_SYNONYM), the word's own.
std::string first_term(Xapian::Query query) {
  while (query.get_num_subqueries() > 0) query = query.get_subquery(0);
  return query.get_type() == Xapian::Query::LEAF_TERM ? *query.get_unique_terms_begin() : "";
}

// The leaves of `query` that can add weight: stem terms ("Z...") and synonym
// groups, not on the right of an AND_NOT or FILTER nor under a SCALE_WEIGHT
// (the query parser only puts unweighted filters there).
void weighted_leaves(const Xapian::Query& query, std::vector<Xapian::Query>& path,
                     std::vector<Leaf>& leaves) {
  const auto op = query.get_type();
  if (op == Xapian::Query::LEAF_TERM || op == Xapian::Query::OP_SYNONYM) {
    const std::string term = first_term(query);
    const auto parsed = schema::parse_term(term);
    if (parsed && schema::is_stem(parsed->kind)) leaves.push_back({term, query, path});
    return;
  }
  if (op == Xapian::Query::OP_SCALE_WEIGHT) return;
  const size_t n = query.get_num_subqueries();
  for (size_t i = 0; i < n; ++i) {
    if (i > 0 && (op == Xapian::Query::OP_AND_NOT || op == Xapian::Query::OP_FILTER)) break;
    const Xapian::Query sub = query.get_subquery(i);
    path.push_back(sub);
    weighted_leaves(sub, path, leaves);
    path.pop_back();
  }
}

}  // namespace

std::vector<std::vector<TermWeight>> explain_hits(const Xapian::Database& db,
                                                  const Xapian::Query& query,
                                                  const Xapian::Weight& weighting,
                                                  const std::vector<std::string>& ids,
                                                  const std::vector<AddedField>& fields) {
  std::vector<std::vector<TermWeight>> explanations(ids.size());
  if (ids.empty()) return explanations;
  std::unordered_map<std::string, size_t> index_of;
  std::vector<Xapian::Query> id_terms;
  for (size_t i = 0; i < ids.size(); ++i) {
    index_of.emplace(ids[i], i);
    id_terms.emplace_back(schema::id_term(ids[i]));
  }
  const Xapian::Query hits(Xapian::Query::OP_OR, id_terms.begin(), id_terms.end());

  // Runs `q` on the hits alone; the weight of each hit it matches, by index.
  auto run = [&](const Xapian::Query& q) {
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, q, hits));
    enquire.set_weighting_scheme(weighting);
    std::map<size_t, double> weights;
    const Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(ids.size()));
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      const auto found = index_of.find(it.get_document().get_value(schema::kIdSlot));
      if (found != index_of.end()) weights[found->second] = it.get_weight();
    }
    return weights;
  };
  // Which hits each subquery matches, each subquery run once.
  std::map<std::string, std::set<size_t>> matches_of;
  auto matches = [&](const Xapian::Query& q) -> const std::set<size_t>& {
    const std::string key = q.serialise();
    auto it = matches_of.find(key);
    if (it != matches_of.end()) return it->second;
    std::set<size_t> hit_set;
    for (const auto& [index, weight] : run(q)) hit_set.insert(index);
    return matches_of.emplace(key, std::move(hit_set)).first->second;
  };

  std::vector<Xapian::Query> path;
  std::vector<Leaf> leaves;
  weighted_leaves(query, path, leaves);
  // A leaf adds the weight of its term (or synonym group) alone to a hit when
  // the hit matches every subquery on its path (a phrase adds nothing to a
  // hit that holds its words but not the phrase); one leaf per occurrence.
  std::map<std::string, std::map<size_t, double>> totals;  // term → hit → weight
  std::map<std::string, std::map<size_t, double>> alone;   // leaf → hit → its weight alone
  for (const Leaf& leaf : leaves) {
    auto [term_weights, added] = alone.emplace(leaf.weighed.serialise(), std::map<size_t, double>());
    if (added) term_weights->second = run(leaf.weighed);
    for (const auto& [index, weight] : term_weights->second) {
      const bool live =
          std::all_of(leaf.path.begin(), leaf.path.end(),
                      [&, i = index](const Xapian::Query& q) { return matches(q).count(i) > 0; });
      if (live) totals[leaf.term][index] += weight;
    }
  }
  // The added fields' units (terms or groups of spellings) weigh any hit that
  // holds them.
  for (const AddedField& field : fields) {
    std::vector<Xapian::Query> units;
    if (field.units.get_type() == Xapian::Query::OP_OR) {
      for (size_t i = 0; i < field.units.get_num_subqueries(); ++i) {
        units.push_back(field.units.get_subquery(i));
      }
    } else if (!field.units.empty()) {
      units.push_back(field.units);
    }
    for (const Xapian::Query& unit : units) {
      const std::string term = first_term(unit);
      for (const auto& [index, weight] : run(unit)) totals[term][index] += field.weight * weight;
    }
  }

  for (const auto& [term, by_hit] : totals) {
    // Every term here is a stem term or a broad one (weighted_leaves, the fields).
    const auto parsed = schema::parse_term(term);
    const schema::TermKind kind = parsed ? parsed->kind : schema::TermKind::kStem;
    const std::string stem = parsed ? std::string(parsed->value) : term.substr(1);
    for (const auto& [index, weight] : by_hit) {
      TermWeight t;
      t.term = term;
      t.field = kind == schema::TermKind::kBroad       ? "broad"
                : kind == schema::TermKind::kTitleStem ? "title"
                                                       : "text";
      t.stem = stem;
      t.weight = weight;
      explanations[index].push_back(std::move(t));
    }
  }
  for (auto& terms : explanations) {
    std::stable_sort(terms.begin(), terms.end(),
                     [](const TermWeight& a, const TermWeight& b) { return a.weight > b.weight; });
  }
  return explanations;
}

}  // namespace fahras
