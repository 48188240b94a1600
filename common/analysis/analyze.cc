#include "common/analysis/analyze.h"

#include <map>
#include <memory>

#include "common/analysis/arabic_stemmer.h"
#include "common/analysis/stopwords.h"
#include "common/analysis/tokenizer.h"
#include "common/schema.h"

namespace fahras {
namespace {

// The terms of `doc` by position, prefix `prefix` removed (terms without it
// left out).
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

}  // namespace

std::vector<AnalyzedToken> analyze(const AnalysisChain& chain, std::string_view text) {
  Xapian::TermGenerator stemmed;
  chain.configure(stemmed);
  Xapian::TermGenerator plain;  // the same words, unstemmed
  chain.configure(plain);
  plain.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
  const std::unique_ptr<Xapian::Stopper> stopper(make_arabic_stopper());
  const std::string stem_prefix(schema::term_prefix(schema::TermKind::kStem));

  std::vector<AnalyzedToken> tokens;
  for (const WordSpan& span : word_spans(text)) {
    const std::string_view written = text.substr(span.begin, span.end - span.begin);
    const std::string normalized = chain.normalize(written);
    Xapian::Document stems_doc, words_doc;
    stemmed.set_document(stems_doc);
    stemmed.index_text(normalized);
    plain.set_document(words_doc);
    plain.index_text(normalized);
    const auto stems = terms_by_position(stems_doc, stem_prefix);
    const auto words = terms_by_position(words_doc, "");
    for (const auto& [position, stem] : stems) {
      AnalyzedToken token;
      token.position = static_cast<unsigned>(tokens.size() + 1);
      token.written = std::string(written);
      token.start = span.begin;
      token.end = span.end;
      const auto word = words.find(position);
      token.normalized = word == words.end() ? std::string() : word->second;
      token.stem = stem;
      token.broad = broad_stem(stem);
      token.query_stopword = (*stopper)(token.normalized);
      token.rule = chain.stem_rule(token.normalized);
      tokens.push_back(std::move(token));
    }
  }
  return tokens;
}

}  // namespace fahras
