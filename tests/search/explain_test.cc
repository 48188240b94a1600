// Tests for common/search/explain: each hit's score split into the weights of
// the query terms it matches, on the news fixture.
#include "common/search/explain.h"

#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <vector>

#include "common/search/query_builder.h"
#include "tests/search/news_fixture.h"
#include "tests/support.h"

namespace fahras {
namespace {

const Xapian::BM25Weight kWeighting;

// Each hit's score by id, and its explanation, for `text`.
struct Explained {
  std::map<std::string, double> score;
  std::map<std::string, std::vector<TermWeight>> terms;
};

Explained explain(const std::string& text) {
  const Xapian::Database db(test::news_db());
  QueryBuilder builder(*test::loaded_chain(), db);
  const Xapian::Query query = builder.parse(text, false, false);
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(kWeighting);
  enquire.set_query(query);
  const Xapian::MSet mset = enquire.get_mset(0, 10);
  std::vector<std::string> ids;
  Explained out;
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    ids.push_back(it.get_document().get_value(2));
    out.score[ids.back()] = it.get_weight();
  }
  const auto explanations = explain_hits(db, query, kWeighting, ids);
  REQUIRE(explanations.size() == ids.size());
  for (size_t i = 0; i < ids.size(); ++i) out.terms[ids[i]] = explanations[i];
  return out;
}

double sum(const std::vector<TermWeight>& terms) {
  double total = 0;
  for (const TermWeight& t : terms) total += t.weight;
  return total;
}

TEST_CASE("explain: the weights of a hit's terms sum to its score", "[search][explain]") {
  const Explained e = explain("بيروت دمشق");
  REQUIRE(e.score.size() == 2);
  for (const auto& [id, score] : e.score) {
    INFO(id);
    CHECK(sum(e.terms.at(id)) == Approx(score));
    for (const TermWeight& t : e.terms.at(id)) CHECK(t.field == "text");
  }
  // beirut1 holds both words, beirut3 only بيروت; largest weight first.
  CHECK(e.terms.at("beirut1").size() == 2);
  CHECK(e.terms.at("beirut1")[0].weight >= e.terms.at("beirut1")[1].weight);
  CHECK(e.terms.at("beirut3").size() == 1);
}

TEST_CASE("explain: a phrase's words count only in the phrase, NOT never", "[search][explain]") {
  const Explained phrase = explain("\"الأمم المتحدة\" OR نيويورك");
  REQUIRE(phrase.score.count("un_phrase") == 1);
  CHECK(sum(phrase.terms.at("un_phrase")) == Approx(phrase.score.at("un_phrase")));
  CHECK(phrase.terms.at("un_phrase").size() == 3);

  const Explained excluded = explain("بيروت NOT دمشق");
  REQUIRE(excluded.score.size() == 1);
  REQUIRE(excluded.terms.at("beirut3").size() == 1);
  CHECK(excluded.terms.at("beirut3")[0].stem == test::loaded_chain()->stem("بيروت"));
  CHECK(sum(excluded.terms.at("beirut3")) == Approx(excluded.score.at("beirut3")));
}

}  // namespace
}  // namespace fahras
