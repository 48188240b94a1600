// Tests for common/analysis/analyzer: the token stream, its offsets into the
// original text, its two word rules, and the stages it runs.
#include "common/analysis/analyzer.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "common/analysis/arabic_stemmer.h"
#include "tests/support.h"

namespace fahras {
namespace {

std::vector<std::string> words(const TokenStream& tokens) {
  std::vector<std::string> out;
  for (const Token& t : tokens) out.emplace_back(t.normalized);
  return out;
}

TEST_CASE("analyzer: tokens point into the original text", "[analysis][analyzer]") {
  const std::string text = "«بِالأُمَمِ» طاجيـــكستان ٢٠٢٣";
  const TokenStream tokens = tokenize(text);
  REQUIRE(tokens.size() == 3);
  CHECK(tokens[0].written == "بِالأُمَمِ");  // the last kasra belongs to the word
  CHECK(tokens[0].normalized == "بالامم");
  CHECK(tokens[1].written == "طاجيـــكستان");
  CHECK(tokens[1].normalized == "طاجيكستان");
  CHECK(tokens[2].written == "٢٠٢٣");
  CHECK(tokens[2].normalized == "2023");
  for (const Token& t : tokens) {
    CHECK(text.substr(t.begin, t.end - t.begin) == t.written);
  }
  CHECK(tokens[0].char_begin == 1);  // after «
  CHECK(tokens[0].char_end == 11);
  CHECK(tokens[2].char_end == 30);
  CHECK(tokens[0].position == 1);
  CHECK(tokens[2].position == 3);
}

TEST_CASE("analyzer: the words are TermGenerator's", "[analysis][analyzer]") {
  const std::string text = "AT&T 1.5 C++ don't 2,500 fish+chips U.S.";
  CHECK(words(tokenize(text)) == std::vector<std::string>{"at&t", "1.5", "c++", "don't", "2,500",
                                                          "fish", "chips", "u", "s"});
  // Capitals with dots make one word when the text is not lowercased first.
  TokenizeOptions as_is;
  as_is.normalized_input = true;
  CHECK(words(tokenize("U.S. AT&T", as_is)) == std::vector<std::string>{"us", "at&t"});
  const TokenStream cpp = tokenize("C++ و");
  CHECK(cpp[0].written == "C++");
}

TEST_CASE("analyzer: a character NFKC makes several words of gives them all",
          "[analysis][analyzer]") {
  const std::string text = "محمد ﷺ قال";
  const TokenStream tokens = tokenize(text);
  REQUIRE(tokens.size() == 6);
  for (size_t i = 1; i < 5; ++i) CHECK(tokens[i].written == "ﷺ");
  CHECK(tokens[5].written == "قال");
  CHECK(tokens[5].position == 6);
  CHECK(tokens[4].char_end == 6);
  CHECK(tokens[5].char_begin == 7);
}

TEST_CASE("analyzer: words TermGenerator leaves out have no position", "[analysis][analyzer]") {
  const std::string text = "a " + std::string(65, 'x') + " b";
  const TokenStream tokens = tokenize(text);
  REQUIRE(tokens.size() == 3);
  CHECK(tokens[0].position == 1);
  CHECK(tokens[1].position == 0);
  CHECK(tokens[2].position == 2);
}

TEST_CASE("analyzer: options", "[analysis][analyzer]") {
  TokenizeOptions first_two;
  first_two.max_tokens = 2;
  CHECK(tokenize("واحد اثنان ثلاثة", first_two).size() == 2);
  CHECK(tokenize("").empty());
  CHECK(tokenize("ـــ ،").empty());
  TokenizeOptions normalized;
  normalized.normalized_input = true;
  const TokenStream given = tokenize("بالامم و1.5", normalized);
  CHECK(words(given) == std::vector<std::string>{"بالامم", "و1.5"});
  CHECK(given[1].begin == 13);
}

TEST_CASE("analyzer: views stay valid when the stream moves", "[analysis][analyzer]") {
  std::vector<TokenStream> streams;
  const std::string text = "بِسم";
  for (int i = 0; i < 20; ++i) streams.push_back(tokenize(text));
  for (const TokenStream& s : streams) CHECK(s[0].normalized == "بسم");
}

TEST_CASE("analyzer: stems and broad stems of the chain", "[analysis][analyzer]") {
  const auto chain = test::loaded_chain();
  Analyzer analyzer(*chain);
  const TokenStream tokens = analyzer.analyze("بالرياض المدرسة");
  REQUIRE(tokens.size() == 2);
  CHECK(tokens[0].stem == chain->stem("بالرياض"));
  CHECK(tokens[1].stem == chain->stem("المدرسة"));
  CHECK(tokens[1].broad == broad_stem(tokens[1].stem));
  CHECK(analyzer.stem("بالرياض") == tokens[0].stem);
}

}  // namespace
}  // namespace fahras
