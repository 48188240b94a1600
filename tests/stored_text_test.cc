// Tests of common/stored_text: document data compressed with a dictionary
// trained on articles of corpus/, and read back.
#include "common/stored_text.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/support.h"

namespace fahras {
namespace {

using Catch::Matchers::Contains;

// The JSON lines of corpus/articles.jsonl: articles as the indexer stores them.
std::vector<std::string> corpus_lines() {
  std::ifstream in(test::corpus_dir() + "/articles.jsonl");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

TEST_CASE("text is compressed with a dictionary trained on articles, and read back",
          "[stored_text]") {
  const std::vector<std::string> articles = corpus_lines();
  REQUIRE(articles.size() >= kMinDictionarySamples);
  const std::string dictionary = train_text_dictionary(articles);
  REQUIRE(!dictionary.empty());

  TextEncoder encoder(dictionary);
  TextDecoder decoder;
  decoder.add_dictionary(dictionary);
  size_t plain = 0, stored = 0;
  for (const std::string& article : articles) {
    const std::string data = encoder.encode(article);
    CHECK(data != article);
    CHECK(decoder.decode(data) == article);
    plain += article.size();
    stored += data.size();
  }
  CHECK(stored * 2 < plain);  // Arabic news compresses well over 2:1

  SECTION("a decoder without the dictionary says which one it lacks") {
    TextDecoder stranger;
    CHECK_THROWS_WITH(stranger.decode(encoder.encode(articles[0])),
                      Contains("text dictionary") && Contains("no database searched holds"));
  }
  SECTION("damaged data is an error, not wrong text") {
    std::string data = encoder.encode(articles[0]);
    data.resize(data.size() / 2);
    CHECK_THROWS_WITH(decoder.decode(data), Contains("damaged"));
  }
  SECTION("the same dictionary added twice is kept once; two databases' both work") {
    decoder.add_dictionary(dictionary);
    std::vector<std::string> others(articles.begin(), articles.end());
    for (std::string& a : others) a += " ";  // another dictionary, another id
    const std::string second = train_text_dictionary(others);
    REQUIRE(!second.empty());
    decoder.add_dictionary(second);
    TextEncoder other_encoder(second);
    CHECK(decoder.decode(other_encoder.encode(articles[1])) == articles[1]);
    CHECK(decoder.decode(encoder.encode(articles[1])) == articles[1]);
  }
}

TEST_CASE("too few articles train no dictionary: text is stored as it is", "[stored_text]") {
  const std::vector<std::string> articles = corpus_lines();
  const std::vector<std::string> few(articles.begin(),
                                     articles.begin() + (kMinDictionarySamples - 1));
  CHECK(train_text_dictionary(few).empty());
  CHECK(train_text_dictionary({}).empty());
  TextEncoder encoder("");
  CHECK(encoder.encode(articles[0]) == articles[0]);
  TextDecoder decoder;
  CHECK(decoder.decode(articles[0]) == articles[0]);
  CHECK(decoder.decode("") == "");
}

TEST_CASE("a dictionary that is not Zstandard's is refused", "[stored_text]") {
  CHECK_THROWS_AS(TextEncoder("not a dictionary"), std::runtime_error);
  TextDecoder decoder;
  CHECK_THROWS_AS(decoder.add_dictionary("not a dictionary"), std::runtime_error);
}

}  // namespace
}  // namespace fahras
