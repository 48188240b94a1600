// Tests for common/analysis/lexicon: the dictionary of words and names.
#include "common/analysis/lexicon.h"

#include <catch2/catch.hpp>
#include <stdexcept>

#include "tests/support.h"

namespace fahras {
namespace {

TEST_CASE("lexicon: a Hunspell file's words, normalized, flags left out", "[analysis][lexicon]") {
  test::TempDir dir;
  // The first line is the count; "/flags" and what follows a tab are not the word.
  test::write_file(dir.file("ar.dic"), "3\nمدرسة/AB\nكتاب\tpo:noun\nأحمد\n");
  const Lexicon lexicon = Lexicon::load_hunspell(dir.file("ar.dic"));
  CHECK(lexicon.size() == 3);
  CHECK(lexicon.contains("مدرسه"));  // teh marbuta folded, as normalize() does
  CHECK(lexicon.contains("كتاب"));
  CHECK(lexicon.contains("احمد"));  // hamza on alef folded
  CHECK_FALSE(lexicon.contains("مدرسة/AB"));
  CHECK_FALSE(lexicon.contains("قلم"));

  test::write_file(dir.file("other.dic"), "3\nمدرسة/AB\nكتاب\tpo:noun\nقلم\n");
  CHECK(Lexicon::load_hunspell(dir.file("other.dic")).checksum() != lexicon.checksum());
}

TEST_CASE("lexicon: a missing dictionary is an error naming it and the package",
          "[analysis][lexicon]") {
  CHECK_THROWS_WITH(Lexicon::load_hunspell("/nonexistent/ar.dic"),
                    Catch::Contains("/nonexistent/ar.dic") && Catch::Contains("hunspell-ar"));
}

TEST_CASE("lexicon: names, how they are written, and names that were words",
          "[analysis][lexicon]") {
  Lexicon lexicon;
  lexicon.add("قطر");  // a word of the dictionary (قطر, diameter) before it is a name
  lexicon.add_name("قطر");
  lexicon.add_name("رياض", Lexicon::NameForm::kWithArticle);
  lexicon.add_name("فرنسا");
  lexicon.add_name_head("ولي");
  CHECK(lexicon.is_name("قطر"));
  CHECK(lexicon.is_name("رياض"));
  CHECK_FALSE(lexicon.is_name("مدرسه"));
  CHECK(lexicon.name_written("رياض", Lexicon::NameForm::kWithArticle));
  CHECK_FALSE(lexicon.name_written("رياض", Lexicon::NameForm::kBare));
  CHECK(lexicon.name_written("فرنسا", Lexicon::NameForm::kBare));
  CHECK(lexicon.name_is_word("قطر"));
  CHECK_FALSE(lexicon.name_is_word("فرنسا"));
  CHECK(lexicon.is_name_head("ولي"));
  CHECK_FALSE(lexicon.is_name_head("قطر"));
}

}  // namespace
}  // namespace fahras
