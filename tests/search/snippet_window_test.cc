// make_snippet against the way it first worked, kept here as the reference:
// every word of the text tokenize()d (normalized, split and mapped back) and
// stemmed, then the window chosen. make_snippet now maps back the window
// only (WordScan); its snippets must be the same, byte for byte.
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include <xapian.h>

#include "common/analysis/analyzer.h"
#include "common/analysis/chain.h"
#include "common/search/query_builder.h"
#include "common/search/snippet.h"
#include "tests/support.h"

namespace fahras {
namespace {

const AnalysisChain& chain() { return *test::loaded_chain(); }

std::vector<SnippetPart> reference_snippet(std::string_view text, const QueryTerms& terms,
                                           Xapian::Stem& stemmer, size_t max_words) {
  std::vector<SnippetPart> parts;
  if (text.empty() || max_words == 0) return parts;
  TokenizeOptions options;
  options.max_tokens = 20000;
  const TokenStream words = tokenize(text, options);
  if (words.empty()) return {{std::string(text.substr(0, 200)), false}};
  std::vector<bool> match(words.size());
  std::vector<std::string> stems;
  for (const Token& w : words) stems.push_back(stemmer(std::string(w.normalized)));
  for (size_t i = 0; i < words.size(); ++i) match[i] = terms.words.count(stems[i]) > 0;
  for (const auto& phrase : terms.phrases) {
    if (phrase.empty() || phrase.size() > stems.size()) continue;
    for (size_t i = 0; i + phrase.size() <= stems.size(); ++i) {
      if (!std::equal(phrase.begin(), phrase.end(), stems.begin() + i)) continue;
      std::fill(match.begin() + i, match.begin() + i + phrase.size(), true);
    }
  }
  const size_t window = std::min(max_words, words.size());
  size_t count = std::count(match.begin(), match.begin() + window, true);
  size_t best = count, first = 0;
  for (size_t start = 1; start + window <= words.size(); ++start) {
    count += match[start + window - 1];
    count -= match[start - 1];
    if (count > best) best = count, first = start;
  }
  if (best > 0) {
    size_t first_match = first, last_match = first + window - 1;
    while (!match[first_match]) ++first_match;
    while (!match[last_match]) --last_match;
    const size_t margin = (window - (last_match - first_match + 1)) / 2;
    first = std::min(first_match - std::min(first_match, margin), words.size() - window);
  }
  const size_t last = first + window - 1;
  auto add = [&parts](std::string_view piece, bool is_match) {
    if (piece.empty()) return;
    if (!parts.empty() && parts.back().match == is_match) {
      parts.back().text += piece;
    } else {
      parts.push_back({std::string(piece), is_match});
    }
  };
  size_t pos = 0;
  if (first > 0) {
    add("… ", false);
    pos = words[first].begin;
  }
  for (size_t i = first; i <= last; ++i) {
    add(text.substr(pos, words[i].begin - pos), false);
    add(text.substr(words[i].begin, words[i].end - words[i].begin), match[i]);
    pos = words[i].end;
  }
  const bool cut = last + 1 < words.size();
  std::string_view tail = text.substr(pos, (cut ? words[last + 1].begin : text.size()) - pos);
  if (cut) {
    while (!tail.empty() && (tail.back() == ' ' || tail.back() == '\n' || tail.back() == '\t')) {
      tail.remove_suffix(1);
    }
  }
  add(tail, false);
  if (cut) add(" …", false);
  return parts;
}

bool same(const std::vector<SnippetPart>& a, const std::vector<SnippetPart>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].text != b[i].text || a[i].match != b[i].match) return false;
  }
  return true;
}

// Queries of words of `text`'s start and of words found nowhere.
std::vector<std::string> queries_from(const std::string& title) {
  std::vector<std::string> out = {title, "\"" + title + "\"", "زززز", "الأمم المتحدة"};
  const TokenStream words = tokenize(title);
  if (words.size() >= 2) {
    out.push_back(std::string(words[1].written));
    out.push_back("\"" + std::string(words[0].written) + " " + std::string(words[1].written) +
                  "\"");
  }
  return out;
}

void check_all(const std::string& text, const std::vector<std::string>& queries) {
  Xapian::Database empty;
  QueryBuilder builder(chain(), empty);
  Xapian::Stem stemmer = chain().stemmer();
  for (const std::string& q : queries) {
    const QueryTerms terms = query_terms(builder.parse(q, true));
    for (size_t max_words : {size_t{40}, size_t{5}, size_t{1}, text.size()}) {
      INFO("query " << q << ", " << max_words << " words, text: " << text.substr(0, 120));
      CHECK(same(make_snippet(text, terms, stemmer, max_words),
                 reference_snippet(text, terms, stemmer, max_words)));
    }
  }
}

TEST_CASE("make_snippet gives the reference's snippets on corpus/", "[snippet]") {
  const std::vector<Record> records = test::corpus_records();
  REQUIRE(records.size() > 10);
  for (size_t i = 0; i < records.size(); ++i) {
    std::vector<std::string> queries = queries_from(records[i].title);
    const std::vector<std::string> other = queries_from(records[(i + 1) % records.size()].title);
    queries.insert(queries.end(), other.begin(), other.end());
    check_all(records[i].body, queries);
    check_all(records[i].title, queries);
  }
}

TEST_CASE("make_snippet gives the reference's snippets on odd text", "[snippet]") {
  const std::vector<std::string> texts = {
      "«قالَ الوزيرُ» في بَيْرُوتَ إنّ الأُمَمَ المُتَّحِدَةَ ستجتمع.",
      "صلى الله عليه وسلم ﷺ بيروت ﷻ الأمم المتحدة",
      "نصف‌النهار في ري‌ال مدريد وعبد‌الرحمن",
      "ﻻ ﻟﺒﻨﺎﻥ بيــــروت الوزيــر ،،، ...",
      std::string("bad \xff\xfe bytes بيروت \xc3 the minister's U.S.A. c++ 1.5 ٣٫٥"),
      "   \n\t  ",
      "!!!",
      "بيروت",
      "الأمم\nالمتحدة\tبيروت  الوزير ،   الأمم",
  };
  const std::vector<std::string> queries = {"بيروت", "\"الأمم المتحدة\"", "الوزير minister", "ريال",
                                            "لبنان", "usa 1.5",           "النهار"};
  for (const std::string& text : texts) check_all(text, queries);
  std::string long_text;
  for (int i = 0; i < 11000; ++i) long_text += i % 1997 == 5 ? "بيروت، " : "كلمة وأخرى ";
  check_all(long_text, queries);
}

}  // namespace
}  // namespace fahras
