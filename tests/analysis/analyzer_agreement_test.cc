// The analyzer's words against Xapian's TermGenerator, which makes the index:
// over every article of corpus/ and the first 2,000 of news-small
// (FAHRAS_NEWS_SMALL, by default ../shared/corpora/news-small.jsonl.gz beside
// the project), the same words at the same positions, and over corpus/ the
// same stems.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "common/analysis/analyzer.h"
#include "common/analysis/normalizer.h"
#include "common/corpus/reader.h"
#include "tests/support.h"

namespace fahras {
namespace {

// Position → term of `doc`, terms with `prefix` only (the prefix removed).
std::map<Xapian::termpos, std::string> terms_by_position(const Xapian::Document& doc,
                                                         const std::string& prefix) {
  std::map<Xapian::termpos, std::string> terms;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    const std::string term = *t;
    if (term.compare(0, prefix.size(), prefix) != 0) continue;
    for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
      terms[*p] = term.substr(prefix.size());
    }
  }
  return terms;
}

// Compares texts one at a time; counts them and keeps the first disagreements.
class Agreement {
 public:
  explicit Agreement(const AnalysisChain& chain, bool stems) : analyzer_(chain), stems_(stems) {
    words_.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
    chain.configure(stemmed_);
  }

  void check(const std::string& id, const std::string& text) {
    ++texts_;
    const std::string normalized = normalize(text);
    if (normalize_mapped(text).text != normalized) note(id, "normalize_mapped differs");

    Xapian::Document doc;
    words_.set_document(doc);
    words_.index_text(normalized);
    const TokenStream tokens = stems_ ? analyzer_.analyze(text) : tokenize(text);
    std::map<Xapian::termpos, std::string> ours;
    for (const Token& t : tokens) {
      if (t.position > 0) ours[t.position] = std::string(t.normalized);
      if (text.substr(t.begin, t.end - t.begin) != t.written) note(id, "bad offsets");
    }
    words_compared_ += ours.size();
    compare(id, "word", terms_by_position(doc, ""), ours);
    if (!stems_) return;
    Xapian::Document stemmed_doc;
    stemmed_.set_document(stemmed_doc);
    stemmed_.index_text(normalized);
    std::map<Xapian::termpos, std::string> our_stems;
    for (const Token& t : tokens) {
      if (t.position > 0) our_stems[t.position] = t.stem;
    }
    compare(id, "stem", terms_by_position(stemmed_doc, "Z"), our_stems);
  }

  size_t texts() const { return texts_; }
  size_t words() const { return words_compared_; }
  size_t differences() const { return differences_; }
  std::string report() const { return report_.str(); }

 private:
  void compare(const std::string& id, const char* what,
               const std::map<Xapian::termpos, std::string>& xapian,
               const std::map<Xapian::termpos, std::string>& ours) {
    if (xapian == ours) return;
    auto a = xapian.begin();
    auto b = ours.begin();
    while (a != xapian.end() && b != ours.end() && *a == *b) ++a, ++b;
    std::ostringstream what_differs;
    what_differs << what << " at position "
                 << (a != xapian.end() ? a->first
                     : b != ours.end() ? b->first
                                       : 0)
                 << ": TermGenerator '" << (a != xapian.end() ? a->second : "") << "', analyzer '"
                 << (b != ours.end() ? b->second : "") << "'";
    note(id, what_differs.str());
  }

  void note(const std::string& id, const std::string& what) {
    if (++differences_ <= 10) report_ << id << ": " << what << "\n";
  }

  Analyzer analyzer_;
  const bool stems_;
  Xapian::TermGenerator words_, stemmed_;
  size_t texts_ = 0, words_compared_ = 0, differences_ = 0;
  std::ostringstream report_;
};

// Reads the records of `path` into `agreement`, at most `limit` of them.
void check_records(const std::string& path, size_t limit, Agreement& agreement) {
  size_t records = 0;
  read_input(
      path,
      [&](Record&& r) {
        agreement.check(r.id + " (title)", r.title);
        agreement.check(r.id, r.body);
        return ++records < limit;
      },
      [](const InputError&) { return true; });
}

TEST_CASE("analyzer agreement: corpus/, words and stems as TermGenerator's",
          "[analysis][analyzer][agreement]") {
  Agreement agreement(*test::loaded_chain(), true);
  check_records(test::corpus_dir(), SIZE_MAX, agreement);
  INFO(agreement.report());
  CHECK(agreement.texts() >= 2 * 49);
  CHECK(agreement.words() > 4000);
  CHECK(agreement.differences() == 0);
}

TEST_CASE("analyzer agreement: the first 2,000 articles of news-small, words as TermGenerator's",
          "[analysis][analyzer][agreement]") {
  const char* given = std::getenv("FAHRAS_NEWS_SMALL");
  const std::string path =
      given && *given ? given
                      : std::string(FAHRAS_SOURCE_DIR) + "/../shared/corpora/news-small.jsonl.gz";
  if (!std::filesystem::exists(path)) {
    if (test::skip_or_fail("news-small is not at " + path + " (set FAHRAS_NEWS_SMALL)")) return;
  }
  Agreement agreement(*test::loaded_chain(), false);
  check_records(path, 2000, agreement);
  INFO(agreement.report());
  CHECK(agreement.texts() == 2 * 2000);
  CHECK(agreement.words() > 500000);
  CHECK(agreement.differences() == 0);
}

// The split stage reads text that is not UTF-8 as TermGenerator does (the
// bytes of a bad sequence are Latin-1 characters): random runs of letters,
// joining characters, characters of one to four bytes and bad bytes, split as
// given (normalized_input), against TermGenerator on the same text.
TEST_CASE("analyzer agreement: random bytes and characters, words as TermGenerator's",
          "[analysis][analyzer][agreement]") {
  // clang-format off
  const std::vector<std::string> pieces = {
      "a", "B", "Z", "q", ".", "+", "#", "'", "&", " ", "1", "7", ",", ";", "-", "_",
      "\xD8\xA8", "\xD9\x8A", "\xD9\xA3", "\xD9\xAB", "\xC3\x89", "\xC3\xA9", "\xC2\xB7",
      "\xE2\x80\x99", "\xE2\x80\x8D", "\xE2\x80\x8B", "\xE2\x80\xA7", "\xE2\x81\xA0",
      "\xEF\xBB\xBF", "\xF0\x9D\x90\x80", "\xFF", "\xC3", "\x80", "\xE0\x80", "\xED\xA0\x80",
      "\xF4\x90\x80\x80", "\xC0\xAF", "\xDF", "\xE2\x82", std::string(1, '\0')};
  // clang-format on
  std::mt19937 random(11);
  Xapian::TermGenerator termgen;
  termgen.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
  TokenizeOptions as_is;
  as_is.normalized_input = true;
  for (int n = 0; n < 4000; ++n) {
    std::string text;
    for (size_t length = 1 + random() % 24; length > 0; --length) {
      text += pieces[random() % pieces.size()];
    }
    Xapian::Document doc;
    termgen.set_document(doc);
    termgen.index_text(text);
    std::map<Xapian::termpos, std::string> ours;
    for (const Token& t : tokenize(text, as_is)) {
      if (t.position > 0) ours[t.position] = std::string(t.normalized);
    }
    INFO("text: " << text);
    CHECK(ours == terms_by_position(doc, ""));
  }
}

}  // namespace
}  // namespace fahras
