#include "common/search/like.h"

#include <stdexcept>
#include <vector>

#include "common/schema.h"

namespace fahras {
namespace {

// Keeps the stem terms of title and body: "Z" and a stem, not "ZS..." (the
// title again) nor other prefixes.
class StemTermsOnly : public Xapian::ExpandDecider {
 public:
  explicit StemTermsOnly(const std::unordered_set<std::string>& excluded) : excluded_(excluded) {}
  bool operator()(const std::string& term) const override {
    if (excluded_.count(term)) return false;
    const auto parsed = schema::parse_term(term);
    return parsed && parsed->kind == schema::TermKind::kStem && !parsed->value.empty();
  }

 private:
  const std::unordered_set<std::string>& excluded_;
};

}  // namespace

Xapian::Query like_query(const Xapian::Database& db, const std::string& id,
                         const std::unordered_set<std::string>& excluded, unsigned terms) {
  const std::string id_term = schema::id_term(id);
  Xapian::PostingIterator doc = db.postlist_begin(id_term);
  if (doc == db.postlist_end(id_term)) {
    throw std::invalid_argument("no article with id '" + id + "'");
  }
  Xapian::RSet rset;
  rset.add_document(*doc);
  Xapian::Enquire enquire(db);
  const StemTermsOnly decider(excluded);
  // Exact term frequencies: shards must choose the terms one database would.
  const Xapian::ESet eset =
      enquire.get_eset(terms, rset, Xapian::Enquire::USE_EXACT_TERMFREQ, &decider);
  std::vector<Xapian::Query> words;
  for (auto t = eset.begin(); t != eset.end(); ++t) words.emplace_back(*t);
  if (words.empty()) return Xapian::Query();
  return Xapian::Query(Xapian::Query::OP_AND_NOT,
                       Xapian::Query(Xapian::Query::OP_OR, words.begin(), words.end()),
                       Xapian::Query(id_term));
}

}  // namespace fahras
