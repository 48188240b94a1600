// Tests for common/index/synonyms and the shipped list of variant spellings.
#include "common/index/synonyms.h"

#include <catch2/catch.hpp>
#include <sstream>
#include <stdexcept>
#include <string>

#include "common/analysis/variant_names.h"
#include "tests/support.h"

namespace fahras {
namespace {

using Catch::Matchers::Contains;

std::vector<SynonymGroup> parse(const std::string& text) {
  std::istringstream in(text);
  return parse_synonyms(in, "names.txt", *test::loaded_chain());
}

// The message parse() throws for `text`.
std::string error_of(const std::string& text) {
  try {
    parse(text);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "no error";
}

TEST_CASE("a synonyms file: groups, comments, blank lines, both commas", "[synonyms]") {
  const auto groups = parse("# names\n\nطاجيكستان, طاجكستان ,تاجيكستان\r\n  غوغل، جوجل\n");
  REQUIRE(groups.size() == 2);
  CHECK(groups[0].spellings == std::vector<std::string>{"طاجيكستان", "طاجكستان", "تاجيكستان"});
  CHECK(groups[1].spellings == std::vector<std::string>{"غوغل", "جوجل"});
  // Spellings are normalized: hamza on alef, diacritics and tatweel go.
  CHECK(parse("أُوبَامَـا, اوباما2")[0].spellings == std::vector<std::string>{"اوباما", "اوباما2"});
  CHECK(parse("فيسبوك, فيس   بوك")[0].spellings == std::vector<std::string>{"فيسبوك", "فيس بوك"});
}

TEST_CASE("a bad line of a synonyms file is reported with file:line", "[synonyms]") {
  CHECK_THAT(error_of("بوتين, بوتن\nطاجيكستان\n"),
             Contains("names.txt:2:") && Contains("two spellings or more"));
  CHECK_THAT(error_of("# x\n\nبوتين,, بوتن\n"), Contains("names.txt:3:") && Contains("empty"));
  CHECK_THAT(error_of("بوتين, title:بوتن\n"),
             Contains("names.txt:1:") && Contains("not a word or words"));
  CHECK_THAT(error_of("أوكرانيا, اوكرانيا\n"),
             Contains("names.txt:1:") && Contains("one and the same"));
  CHECK_THAT(error_of("فيس بوك, فيس  بوك\n"), Contains("one word"));

  test::TempDir dir;
  test::write_file(dir.file("bad.txt"), "غوغل, جوجل\n\nقوقل\n");
  CHECK_THROWS_WITH(read_synonyms_file(dir.file("bad.txt"), *test::loaded_chain()),
                    Contains(dir.file("bad.txt") + ":3:"));
  CHECK_THROWS_WITH(read_synonyms_file(dir.file("missing.txt"), *test::loaded_chain()),
                    Contains("cannot read synonyms file"));
}

TEST_CASE("the shipped variant names parse, each group with two stems or more", "[synonyms]") {
  const auto& chain = *test::loaded_chain();
  const auto groups = shipped_synonyms(chain);
  CHECK(groups.size() >= 60);
  const auto entries = synonym_entries(groups, chain);
  // Keyed by stem terms, so a clitic does not matter.
  const std::string tajik = "Z" + chain.stem("طاجيكستان");
  REQUIRE(entries.count("Z" + chain.stem("لطاجكستان")));
  CHECK(entries.at("Z" + chain.stem("لطاجكستان")).count(tajik));
  CHECK(entries.at("Z" + chain.stem("طاجكستان")).count(tajik));
  CHECK(entries.at(tajik).count("Z" + chain.stem("طاجكستان")));
  CHECK(entries.at("ZS" + chain.stem("طاجكستان")).count("ZS" + chain.stem("طاجيكستان")));
  // A spelling of two words is keyed as written, pointing at the one-word spellings.
  REQUIRE(entries.count("فيس بوك"));
  CHECK(entries.at("فيس بوك").count("Z" + chain.stem("فيسبوك")));
}

}  // namespace
}  // namespace fahras
