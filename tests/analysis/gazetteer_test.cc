// Tests for common/analysis/gazetteer: the shipped file parses, each section
// names its source, and the names reach the lexicon as the stemmer needs them.
#include "common/analysis/gazetteer.h"

#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "common/analysis/lexicon.h"

namespace fahras {
namespace {

using Catch::Matchers::Contains;

TEST_CASE("the shipped gazetteer parses, every entry in a section with a source", "[gazetteer]") {
  const std::vector<GazetteerEntry> entries = parse_gazetteer(gazetteer_text());
  std::set<std::string> sections;
  size_t spellings = 0;
  for (const GazetteerEntry& e : entries) {
    sections.insert(e.section);
    spellings += e.spellings.size();
  }
  CHECK(entries.size() > 1000);
  CHECK(spellings > entries.size());
  for (const char* kind : {"countries", "capitals and cities", "regions",
                           "leaders and public figures", "organisations", "clubs"}) {
    INFO(kind);
    CHECK(sections.count(kind) == 1);
  }
}

TEST_CASE("gazetteer names reach the lexicon with their article", "[gazetteer]") {
  Lexicon lexicon;
  add_gazetteer_names(parse_gazetteer("@ cities | source: test\n"
                                      "الرياض\n"
                                      "ألمانيا\n"
                                      "ناتو, الناتو\n"
                                      "ولي العهد\n"),
                      lexicon);
  CHECK(lexicon.name_written("رياض", Lexicon::NameForm::kWithArticle));
  CHECK_FALSE(lexicon.name_written("رياض", Lexicon::NameForm::kBare));
  CHECK(lexicon.name_written("المانيا", Lexicon::NameForm::kBare));  // أل is no article
  CHECK(lexicon.name_written("ناتو", Lexicon::NameForm::kBare));
  CHECK(lexicon.name_written("ناتو", Lexicon::NameForm::kWithArticle));
  CHECK(lexicon.is_name_head("ولي"));
  CHECK_FALSE(lexicon.is_name("ولي"));
}

TEST_CASE("a malformed gazetteer is refused with its line", "[gazetteer]") {
  CHECK_THROWS_WITH(parse_gazetteer("# names\nالرياض\n"), Contains("gazetteer:2: a name before"));
  CHECK_THROWS_WITH(parse_gazetteer("@ cities\nالرياض\n"), Contains("gazetteer:1: a section names"));
  CHECK_THROWS_WITH(parse_gazetteer("@ cities | source: x\nبوتين,, بوتن\n"),
                    Contains("gazetteer:2: an empty spelling"));
}

}  // namespace
}  // namespace fahras
