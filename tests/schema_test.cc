// Tests of common/schema: terms built and read back by kind, the stemming
// strategies that tie "Z" to Xapian, the database markers and the
// compatibility check of both sides.
#include "common/schema.h"

#include <catch2/catch.hpp>
#include <set>
#include <stdexcept>
#include <string>

#include "tests/support.h"

namespace fahras {
namespace {

using Catch::Matchers::Contains;
using schema::TermKind;

constexpr TermKind kKinds[] = {TermKind::kStem, TermKind::kTitleStem, TermKind::kBroad,
                               TermKind::kId,   TermKind::kDay,       TermKind::kMonth,
                               TermKind::kYear, TermKind::kSource,    TermKind::kCategory};

TEST_CASE("schema: each kind of term has its prefix", "[schema]") {
  CHECK(schema::term(TermKind::kStem, "بيروت") == "Zبيروت");
  CHECK(schema::term(TermKind::kTitleStem, "بيروت") == "ZSبيروت");
  CHECK(schema::term(TermKind::kBroad, "حد") == "XBحد");
  CHECK(schema::term(TermKind::kId, "art-001") == "Qart-001");
  CHECK(schema::term(TermKind::kDay, "20230517") == "D20230517");
  CHECK(schema::term(TermKind::kMonth, "202305") == "M202305");
  CHECK(schema::term(TermKind::kYear, "2023") == "Y2023");
  CHECK(schema::term(TermKind::kSource, "wafa") == "XSOURCEwafa");
  CHECK(schema::term(TermKind::kCategory, "politics") == "XCATEGORYpolitics");
  std::set<std::string> prefixes;
  for (TermKind kind : kKinds) prefixes.insert(std::string(schema::term_prefix(kind)));
  CHECK(prefixes.size() == std::size(kKinds));
}

TEST_CASE("schema: a term is read back into its kind and value", "[schema]") {
  for (TermKind kind : kKinds) {
    for (const std::string value : {"بيروت", "x", "S", "SOURCE", "B1", ""}) {
      // Stems and filter values are lower case: a capital after "Z" is no stem.
      const bool capital = !value.empty() && value[0] >= 'A' && value[0] <= 'Z';
      if (capital && kind == TermKind::kStem) continue;
      const std::string term = schema::term(kind, value);
      const auto parsed = schema::parse_term(term);
      INFO(term);
      REQUIRE(parsed);
      CHECK(parsed->kind == kind);
      CHECK(parsed->value == value);
    }
  }
}

TEST_CASE("schema: prefixes that begin others are told apart", "[schema]") {
  CHECK(schema::parse_term("ZSطهران")->kind == TermKind::kTitleStem);
  CHECK(schema::parse_term("Zطهران")->kind == TermKind::kStem);
  CHECK(schema::parse_term("Zsalt")->kind == TermKind::kStem);
  CHECK(schema::parse_term("Zsalt")->value == "salt");
  CHECK(schema::parse_term("XBسلم")->kind == TermKind::kBroad);
  CHECK(schema::parse_term("XSOURCEwafa")->kind == TermKind::kSource);
  CHECK(schema::parse_term("XCATEGORYsport")->kind == TermKind::kCategory);
  CHECK(schema::parse_term("QABC")->value == "ABC");  // an id keeps its capitals
  CHECK_FALSE(schema::parse_term("ZXfoo"));           // another stemmed field
  CHECK_FALSE(schema::parse_term("بيروت"));           // no prefix
  CHECK_FALSE(schema::parse_term("XFOOvalue"));
  CHECK_FALSE(schema::parse_term(""));
}

TEST_CASE("schema: stems are the text and title kinds", "[schema]") {
  for (TermKind kind : kKinds) {
    CHECK(schema::is_stem(kind) == (kind == TermKind::kStem || kind == TermKind::kTitleStem));
  }
  CHECK(std::string(schema::word_prefix(TermKind::kStem)).empty());
  CHECK_THROWS_AS(schema::word_prefix(TermKind::kId), std::logic_error);
}

TEST_CASE("schema: Xapian writes stems as term() spells them", "[schema]") {
  Xapian::TermGenerator termgen;
  termgen.set_stemmer(Xapian::Stem("english"));
  termgen.set_stemming_strategy(schema::kIndexStemming);
  Xapian::Document doc;
  termgen.set_document(doc);
  termgen.index_text("walking");
  termgen.index_text("talking", 1, schema::word_prefix(TermKind::kTitleStem));
  std::set<std::string> terms(doc.termlist_begin(), doc.termlist_end());
  CHECK(terms == std::set<std::string>{schema::term(TermKind::kStem, "walk"),
                                       schema::term(TermKind::kTitleStem, "talk")});

  Xapian::QueryParser parser;
  parser.set_stemmer(Xapian::Stem("english"));
  parser.set_stemming_strategy(schema::kQueryStemming);
  parser.add_prefix("title", schema::word_prefix(TermKind::kTitleStem));
  const Xapian::Query query = parser.parse_query("walking title:talking");
  std::set<std::string> query_terms(query.get_unique_terms_begin(), query.get_unique_terms_end());
  CHECK(query_terms == terms);
}

TEST_CASE("schema: id and filter terms", "[schema]") {
  CHECK(schema::id_term("a1") == "Qa1");
  CHECK(schema::id_term(std::string(400, 'x')).size() == schema::kMaxTermBytes);
  CHECK(schema::filter_term(TermKind::kSource, "Al Rai") == "XSOURCEal_rai");
  CHECK(schema::filter_term(TermKind::kCategory, "سياسة") ==
        schema::term(TermKind::kCategory, "سياسه"));
}

TEST_CASE("schema: a database directory is known by Xapian's marker", "[schema]") {
  test::TempDir dir;
  CHECK_FALSE(schema::is_database_directory(dir.path()));
  CHECK_FALSE(schema::is_database_directory(dir.file("missing")));
  { Xapian::WritableDatabase db(dir.file("db"), Xapian::DB_CREATE); }
  CHECK(schema::is_database_directory(dir.file("db")));
}

TEST_CASE("schema: both sides refuse a database of another chain or schema", "[schema]") {
  using schema::CheckedBy;
  const std::string identity = test::loaded_chain()->identity();
  test::TempDir dir;
  Xapian::WritableDatabase db(dir.file("db"), Xapian::DB_CREATE);

  // No chain recorded.
  CHECK_THROWS_WITH(schema::check_compatible(db, "D", identity, CheckedBy::kSearch),
                    Contains("D is not a Fahras database"));
  CHECK_THROWS_WITH(schema::check_compatible(db, "D", identity, CheckedBy::kIndexer),
                    Contains("analysis chain 'none (not a Fahras database)'"));

  db.set_metadata(schema::kChainKey, "other 0");
  CHECK_THROWS_WITH(schema::check_compatible(db, "D", identity, CheckedBy::kSearch),
                    Contains("database D was built with analysis chain 'other 0'") &&
                        Contains("re-index it with this version of fahras-index"));
  CHECK_THROWS_WITH(schema::check_compatible(db, "D", identity, CheckedBy::kIndexer),
                    Contains("database D was built with analysis chain 'other 0'") &&
                        Contains("index into a new database"));

  // The indexer writes this schema alone; a search reads older ones down to
  // kOldestReadSchema.
  db.set_metadata(schema::kChainKey, identity);
  db.set_metadata(schema::kSchemaKey, std::to_string(schema::kSchemaVersion - 1));
  CHECK_THROWS_WITH(schema::check_compatible(db, "D", identity, CheckedBy::kIndexer),
                    Contains("has index schema " + std::to_string(schema::kSchemaVersion - 1) +
                             ", this indexer writes " + std::to_string(schema::kSchemaVersion)) &&
                        Contains("index into a new database"));
  db.set_metadata(schema::kSchemaKey, std::to_string(schema::kOldestReadSchema));
  CHECK_NOTHROW(schema::check_compatible(db, "D", identity, CheckedBy::kSearch));
  db.set_metadata(schema::kSchemaKey, std::to_string(schema::kOldestReadSchema - 1));
  CHECK_THROWS_WITH(schema::check_compatible(db, "D", identity, CheckedBy::kSearch),
                    Contains("has index schema " + std::to_string(schema::kOldestReadSchema - 1) +
                             ", this fahras-query reads ") &&
                        Contains("re-index it with this version of fahras-index"));
  db.set_metadata(schema::kSchemaKey, std::to_string(schema::kSchemaVersion + 1));
  CHECK_THROWS(schema::check_compatible(db, "D", identity, CheckedBy::kSearch));
  db.set_metadata(schema::kSchemaKey, "");
  CHECK_THROWS_WITH(schema::check_compatible(db, "D", identity, CheckedBy::kSearch),
                    Contains("has index schema none"));

  db.set_metadata(schema::kSchemaKey, std::to_string(schema::kSchemaVersion));
  CHECK_NOTHROW(schema::check_compatible(db, "D", identity, CheckedBy::kSearch));
  CHECK_NOTHROW(schema::check_compatible(db, "D", identity, CheckedBy::kIndexer));
}

}  // namespace
}  // namespace fahras
