// Tests for common/search/snippet: marking matches in original (vocalized,
// tatweel, presentation-form) text, choosing the window, and the stems a
// parsed query searches for.
#include "common/search/snippet.h"

#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include <xapian.h>

#include "common/analysis/chain.h"
#include "common/search/query_builder.h"
#include "tests/support.h"

namespace fahras {
namespace {

using Stems = std::unordered_set<std::string>;

const AnalysisChain& chain() {
  return *test::loaded_chain();
}

Stems stems_of(const std::vector<std::string>& words) {
  Stems out;
  for (const std::string& w : words) out.insert(chain().stem(w));
  return out;
}

std::vector<SnippetPart> snippet(const std::string& text, const Stems& stems,
                                 size_t max_words = 40) {
  Xapian::Stem stemmer = chain().stemmer();
  return make_snippet(text, QueryTerms{stems, {}}, stemmer, max_words);
}

std::vector<std::string> marked(const std::vector<SnippetPart>& parts) {
  std::vector<std::string> out;
  for (const SnippetPart& p : parts) {
    if (p.match) out.push_back(p.text);
  }
  return out;
}

std::string joined(const std::vector<SnippetPart>& parts) {
  std::string out;
  for (const SnippetPart& p : parts) out += p.text;
  return out;
}

size_t count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + needle.size())) {
    ++n;
  }
  return n;
}

using Words = std::vector<std::string>;

TEST_CASE("the vocalized original word is marked", "[snippet]") {
  const std::string text = "ذهبَ الوزيرُ إلى بَيْرُوتَ أمسِ.";
  const auto parts = snippet(text, stems_of({"بيروت"}));
  REQUIRE(parts.size() == 3);
  CHECK(parts[0].text == "ذهبَ الوزيرُ إلى ");
  CHECK_FALSE(parts[0].match);
  CHECK(parts[1].text == "بَيْرُوتَ");
  CHECK(parts[1].match);
  CHECK(parts[2].text == " أمسِ.");
  CHECK_FALSE(parts[2].match);
}

TEST_CASE("matches are found whatever the spelling of the original", "[snippet]") {
  struct Case {
    const char* what;
    std::string text;
    Words query;
    Words expected;
  };
  const std::vector<Case> cases = {
      {"clitic and harakat", "وصلَ الوفدُ لِبَيْرُوتَ صباحًا", {"بيروت"}, {"لِبَيْرُوتَ"}},
      {"article and shadda", "قال الوزيرُ المُتَّحِدُ", {"وزير"}, {"الوزيرُ"}},
      {"tatweel", "زيارة إلى بيـــروت اليوم", {"بيروت"}, {"بيـــروت"}},
      {"presentation forms", "زيارة إلى ﺑﻴﺮﻭﺕ اليوم", {"بيروت"}, {"ﺑﻴﺮﻭﺕ"}},
      {"hamza seat and harakat", "في الأُمَمِ المتّحدة", {"الامم"}, {"الأُمَمِ"}},
      {"two words of a phrase", "في الأُمَمِ المتّحدة", {"الأمم", "المتحدة"},
       {"الأُمَمِ", "المتّحدة"}},
      {"ZWNJ inside a word", "سافر إلى طاجيك\xE2\x80\x8Cستان أمس", {"طاجيكستان"},
       {"طاجيك\xE2\x80\x8Cستان"}},
      {"superscript alef", "هٰذا الكتاب", {"هذا"}, {"هٰذا"}},
      {"Persian yeh and keheh", "سافر إلى تاجیکستان", {"تاجيكستان"}, {"تاجیکستان"}},
      {"every occurrence", "بيروت ثم لبيروت ثم ببيروت", {"بيروت"},
       {"بيروت", "لبيروت", "ببيروت"}},
      {"Latin, English-stemmed", "He was Running late", {"run"}, {"Running"}},
      {"Arabic-Indic digits", "في عام ٢٠٢٠ كان", {"2020"}, {"٢٠٢٠"}},
      {"punctuation is not part of the word", "قال: «بَيْرُوتُ»، ثم", {"بيروت"}, {"بَيْرُوتُ"}},
  };
  for (const Case& c : cases) {
    INFO(c.what << ": " << c.text);
    const auto parts = snippet(c.text, stems_of(c.query));
    CHECK(marked(parts) == c.expected);
    CHECK(joined(parts) == c.text);  // short text: all of it, unchanged
  }
}

TEST_CASE("a text that is not cut is given whole, leading punctuation included", "[snippet]") {
  // Nothing is cut, so no ellipsis and nothing lost: an opening quote or
  // bracket before the first word stays, or the snippet shows it unbalanced.
  for (const std::string text : {"«بَيْرُوتُ»، ثم", "(بيروت) مدينة", "\"بيروت\" مدينة",
                                  "- بيروت مدينة"}) {
    INFO(text);
    const auto parts = snippet(text, stems_of({"بيروت"}));
    CHECK(marked(parts).size() == 1);
    CHECK(joined(parts) == text);
  }
}

TEST_CASE("no stems, no text", "[snippet]") {
  const std::string text = "ذهبَ الوزيرُ إلى بَيْرُوتَ";
  const auto parts = snippet(text, {});
  CHECK(marked(parts).empty());
  CHECK(joined(parts) == text);
  CHECK(snippet("", stems_of({"بيروت"})).empty());
  CHECK(snippet(text, stems_of({"بيروت"}), 0).empty());
  // A word that is not there marks nothing.
  CHECK(marked(snippet(text, stems_of({"دمشق"}))).empty());
}

// "كلمة0 كلمة1 ..." with `special` words at the given indexes.
std::string words(size_t n, const std::vector<std::pair<size_t, std::string>>& special) {
  std::string text;
  for (size_t i = 0; i < n; ++i) {
    if (i) text += ' ';
    std::string w = "كلمة" + std::to_string(i);
    for (const auto& [at, word] : special) {
      if (at == i) w = word;
    }
    text += w;
  }
  return text;
}

TEST_CASE("a long text is cut to a window around the match, with ellipses", "[snippet]") {
  const std::string text = words(30, {{20, "بَيْرُوتَ"}});
  const auto parts = snippet(text, stems_of({"بيروت"}), 8);
  REQUIRE_FALSE(parts.empty());
  CHECK(marked(parts) == Words{"بَيْرُوتَ"});
  const std::string s = joined(parts);
  CHECK(s.rfind("… ", 0) == 0);                           // cut at the start
  CHECK(s.substr(s.size() - std::string("…").size()) == "…");  // and at the end
  CHECK(count(s, "كلمة") + 1 <= 8);                          // at most 8 words
  CHECK(count(s, "كلمة0 ") == 0);
}

TEST_CASE("the window with the most matches is chosen", "[snippet]") {
  const std::string text =
      words(40, {{2, "بيروت"}, {25, "بيروت"}, {27, "لبيروت"}, {29, "وبيروت"}});
  const auto parts = snippet(text, stems_of({"بيروت"}), 8);
  CHECK(marked(parts) == Words{"بيروت", "لبيروت", "وبيروت"});
}

TEST_CASE("the context shift keeps every match of the best window", "[snippet]") {
  // Matches at words 5 and 12: the 8-word window [5, 12] holds both. Giving the
  // first match context before it must not push the second one out.
  const std::string text = words(20, {{5, "بيروت"}, {12, "لبيروت"}});
  const auto parts = snippet(text, stems_of({"بيروت"}), 8);
  CHECK(marked(parts) == Words{"بيروت", "لبيروت"});
}

TEST_CASE("query_terms: the Z terms of a query, prefixes off", "[snippet]") {
  const std::vector<std::string> terms = {"Zبيروت",         "ZSوزير", "Zrun",
                                          "XSOURCEreuters", "XCATEGORYسياسه",
                                          "Qid1",           "Y2020",  "D20200101",
                                          "بيروتغير"};
  const Xapian::Query query(Xapian::Query::OP_OR, terms.begin(), terms.end());
  CHECK(query_terms(query).words == Stems{"بيروت", "وزير", "run"});
  CHECK(query_terms(Xapian::Query()).words.empty());
  CHECK(query_terms(Xapian::Query("XSOURCEx")).words.empty());
}

TEST_CASE("query_terms of a parsed query, and its snippet", "[snippet]") {
  Xapian::Database empty;
  QueryBuilder builder(chain(), empty);

  const Xapian::Query parsed = builder.parse(
      "title:الوزير بيروت \"الأمم المتحدة\" source:Reuters year:2020 Running", false);
  const QueryTerms terms = query_terms(parsed);
  CHECK(terms.words == Stems{chain().stem("وزير"), chain().stem("بيروت"), "run"});
  CHECK(terms.phrases ==
        std::vector<std::vector<std::string>>{{chain().stem("الأمم"), chain().stem("المتحدة")}});

  // Clitic and diacritic forms in the query give the plain stems.
  CHECK(query_terms(builder.parse("لِبَيْرُوتَ وبالوزير", false)).words ==
        Stems{chain().stem("بيروت"), chain().stem("وزير")});
  CHECK(query_terms(builder.parse("لِبَيْرُوتَ وبالوزير", true)).words ==
        Stems{chain().stem("بيروت"), chain().stem("وزير")});
  // Excluded words are no match.
  CHECK(query_terms(builder.parse("بيروت -الوزير", false)).words ==
        Stems{chain().stem("بيروت")});
  CHECK(query_terms(builder.parse("بيروت NOT الوزير", false)).words ==
        Stems{chain().stem("بيروت")});

  const std::string text = "قالَ الوزيرُ في بَيْرُوتَ إنّ الأُمَمَ المُتَّحِدَةَ ستجتمع.";
  Xapian::Stem stemmer = chain().stemmer();
  const auto parts = make_snippet(text, terms, stemmer);
  CHECK(marked(parts) == Words{"الوزيرُ", "بَيْرُوتَ", "الأُمَمَ", "المُتَّحِدَةَ"});
  CHECK(joined(parts) == text);
}

TEST_CASE("a phrase's words are marked only where the phrase stands", "[snippet]") {
  Xapian::Database empty;
  QueryBuilder builder(chain(), empty);
  const QueryTerms terms = query_terms(builder.parse("\"الأمم المتحدة\"", false));
  Xapian::Stem stemmer = chain().stemmer();
  const auto parts = make_snippet(
      "قالت الولايات المتحدة إن بالأمم المتحدة لجنة، والأمم تجتمع", terms, stemmer);
  CHECK(marked(parts) == Words{"بالأمم", "المتحدة"});
  CHECK(joined(parts) == "قالت الولايات المتحدة إن بالأمم المتحدة لجنة، والأمم تجتمع");
}

}  // namespace
}  // namespace fahras
